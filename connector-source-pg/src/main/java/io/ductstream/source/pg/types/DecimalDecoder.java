package io.ductstream.source.pg.types;

import io.ductstream.schema.SemanticTypes;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import org.apache.kafka.connect.data.Schema;

/**
 * {@code numeric(p,s)} to Connect's Decimal with scale s. NaN and infinities have no Decimal form
 * and raise {@link UnrepresentableValueException}.
 */
final class DecimalDecoder implements ValueDecoder {
  private final int precision;
  private final int scale;
  private final Schema schema;

  DecimalDecoder(int precision, int scale) {
    this.precision = precision;
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
      throw unrepresentable(NumericBinary.specialText(sign));
    }
    return NumericBinary.toBigDecimal(buf, offset).setScale(scale, RoundingMode.UNNECESSARY);
  }

  @Override
  public Object decodeText(ByteBuffer buf, int offset, int length) {
    byte first = buf.get(offset);
    if (first == 'N'
        || first == 'I'
        || (first == '-' && length > 1 && buf.get(offset + 1) == 'I')) {
      throw unrepresentable(TextBytes.utf8(buf, offset, length));
    }
    BigDecimal value = DecimalText.parse(buf, offset, length);
    return value.setScale(scale, RoundingMode.UNNECESSARY);
  }

  private UnrepresentableValueException unrepresentable(String value) {
    return new UnrepresentableValueException(
        "numeric value "
            + value
            + " has no exact representation in a numeric("
            + precision
            + ","
            + scale
            + ") column, which is a Connect Decimal; set numeric.mode=string to capture every numeric"
            + " as exact text (NaN and Infinity included), change the column to unconstrained"
            + " numeric, or replace the "
            + value
            + " values");
  }

  @Override
  public boolean takesPlaceholder() {
    return false;
  }
}
