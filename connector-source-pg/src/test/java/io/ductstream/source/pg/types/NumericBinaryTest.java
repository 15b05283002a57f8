package io.ductstream.source.pg.types;

import static org.assertj.core.api.Assertions.assertThat;

import io.ductstream.contract.envelope.SemanticTypes;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import org.apache.kafka.connect.data.Decimal;
import org.junit.jupiter.api.Test;

/**
 * Binary numeric values laid out as numeric_send writes them; NumberTypesIT checks the same decoder
 * on bytes from a real server.
 */
class NumericBinaryTest {

  @Test
  void fractionKeepsItsDisplayScale() {
    // 12.3400: ndigits 2, weight 0, positive, dscale 4, digits 12 | 3400
    assertThat(decode(2, 0, 0x0000, 4, 12, 3400)).isEqualTo(new BigDecimal("12.3400"));
  }

  @Test
  void smallNegativeFraction() {
    // -0.000001: one digit 100 worth 10000^-2
    assertThat(decode(1, -2, 0x4000, 6, 100)).isEqualTo(new BigDecimal("-0.000001"));
  }

  @Test
  void largePowerOfTenWithTrailingZeroGroupsStripped() {
    // 1e30: one digit 100 worth 10000^7
    assertThat(decode(1, 7, 0x0000, 0, 100).toPlainString())
        .isEqualTo("1000000000000000000000000000000");
  }

  @Test
  void zeroHasNoDigitsButKeepsItsScale() {
    assertThat(decode(0, 0, 0x0000, 3)).isEqualTo(new BigDecimal("0.000"));
  }

  @Test
  void manyDigitsGoThroughBigInteger() {
    // 123456789012345678901234.56789: six integer groups (weight 5), then 5678|9000 (dscale 5)
    BigDecimal value = decode(8, 5, 0x0000, 5, 1234, 5678, 9012, 3456, 7890, 1234, 5678, 9000);
    assertThat(value).isEqualTo(new BigDecimal("123456789012345678901234.56789"));
    BigDecimal negative = decode(5, 4, 0x4000, 0, 1, 0, 0, 0, 1);
    assertThat(negative)
        .isEqualTo(new BigDecimal(BigInteger.TEN.pow(16).add(BigInteger.ONE)).negate());
  }

  @Test
  void specialValuesAreNamedAsPostgresPrintsThem() {
    assertThat(NumericDecoder.INSTANCE.decodeBinary(numeric(0, 0, 0xC000, 0), 0, 8))
        .isEqualTo("NaN");
    assertThat(NumericDecoder.INSTANCE.decodeBinary(numeric(0, 0, 0xD000, 0), 0, 8))
        .isEqualTo("Infinity");
    assertThat(NumericDecoder.INSTANCE.decodeBinary(numeric(0, 0, 0xF000, 0), 0, 8))
        .isEqualTo("-Infinity");
  }

  @Test
  void constrainedColumnCarriesNanAndInfinityAsOverflow() {
    ValueDecoder decimal = DecimalDecoder.forTypmod(typmod(5, 2));
    assertThat(decimal.decodeBinary(numeric(0, 0, 0xC000, 0), 0, 8))
        .isEqualTo(new OverflowValue(null, "NaN"));
    assertThat(decimal.decodeBinary(numeric(0, 0, 0xD000, 0), 0, 8))
        .isEqualTo(new OverflowValue(null, "Infinity"));
    assertThat(decimal.decodeBinary(numeric(0, 0, 0xF000, 0), 0, 8))
        .isEqualTo(new OverflowValue(null, "-Infinity"));
  }

  @Test
  void typmodGivesPrecisionAndSignedScale() {
    assertThat(DecimalDecoder.forTypmod(-1)).isSameAs(NumericDecoder.INSTANCE);
    assertThat(DecimalDecoder.forTypmod(typmod(5, 2)).schema())
        .isEqualTo(SemanticTypes.decimal(5, 2).optional().build());
    assertThat(DecimalDecoder.forTypmod(typmod(2, -3)).schema().parameters())
        .containsEntry(Decimal.SCALE_FIELD, "-3")
        .containsEntry(SemanticTypes.DECIMAL_PRECISION, "2");
    assertThat(DecimalDecoder.forTypmod(typmod(1000, 1000)).schema().parameters())
        .containsEntry(Decimal.SCALE_FIELD, "1000");
  }

  @Test
  void constrainedColumnUsesTheColumnScale() {
    ValueDecoder decimal = DecimalDecoder.forTypmod(typmod(5, 2));
    // 0.5 with dscale 1 (a value written before an ALTER TYPE) still comes out at scale 2.
    assertThat(decimal.decodeBinary(numeric(1, -1, 0x0000, 1, 5000), 0, 10))
        .isEqualTo(new BigDecimal("0.50"));
  }

  private static int typmod(int precision, int scale) {
    return ((precision << 16) | (scale & 0x7ff)) + 4;
  }

  private static BigDecimal decode(int ndigits, int weight, int sign, int dscale, int... digits) {
    return NumericBinary.toBigDecimal(numeric(ndigits, weight, sign, dscale, digits), 0);
  }

  private static ByteBuffer numeric(int ndigits, int weight, int sign, int dscale, int... digits) {
    ByteBuffer buf = ByteBuffer.allocate(8 + 2 * digits.length);
    buf.putShort((short) ndigits).putShort((short) weight).putShort((short) sign);
    buf.putShort((short) dscale);
    for (int digit : digits) {
      buf.putShort((short) digit);
    }
    return buf.clear();
  }
}
