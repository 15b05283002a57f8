package io.ductstream.source.pg.types;

import io.ductstream.contract.envelope.SemanticTypes;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import org.apache.kafka.connect.data.Schema;

/**
 * {@code numeric(p,s)} to Connect's Decimal with scale s. NaN and infinities have no Decimal form:
 * they are an {@link OverflowValue} (the column is null, the envelope's {@code overflow} holds
 * {@code NaN}, {@code Infinity} or {@code -Infinity}).
 */
final class DecimalDecoder implements ValueDecoder {
  private final int scale;
  private final Schema schema;

  DecimalDecoder(int precision, int scale) {
    this.scale = scale;
    this.schema = SemanticTypes.decimal(precision, scale).optional().build();
  }

  /**
   * Decoder for a numeric typmod: -1 is unconstrained. Postgres 15+ keeps the scale as an 11-bit
   * signed field (numeric(2,-3) rounds to thousands).
   */
  static ValueDecoder forTypmod(int typmod) {
    if (typmod < 4) {
      return NumericDecoder.INSTANCE;
    }
    int precision = ((typmod - 4) >> 16) & 0xffff;
    int scale = (((typmod - 4) & 0x7ff) ^ 1024) - 1024;
    return new DecimalDecoder(precision, scale);
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public Object decodeBinary(ByteBuffer buf, int offset, int length) {
    int sign = NumericBinary.sign(buf, offset);
    if (NumericBinary.isSpecial(sign)) {
      return new OverflowValue(null, NumericBinary.specialText(sign));
    }
    return NumericBinary.toBigDecimal(buf, offset).setScale(scale, RoundingMode.UNNECESSARY);
  }

  @Override
  public Object decodeText(ByteBuffer buf, int offset, int length) {
    byte first = buf.get(offset);
    if (first == 'N'
        || first == 'I'
        || (first == '-' && length > 1 && buf.get(offset + 1) == 'I')) {
      return new OverflowValue(null, TextBytes.utf8(buf, offset, length));
    }
    BigDecimal value = DecimalText.parse(buf, offset, length);
    return value.setScale(scale, RoundingMode.UNNECESSARY);
  }

  @Override
  public boolean takesPlaceholder() {
    return false;
  }
}
