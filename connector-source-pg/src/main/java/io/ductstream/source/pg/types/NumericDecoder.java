package io.ductstream.source.pg.types;

import io.ductstream.schema.SemanticTypes;
import java.nio.ByteBuffer;
import org.apache.kafka.connect.data.Schema;

/**
 * Unconstrained {@code numeric}: its scale varies per value, so it is the exact text Postgres
 * prints ({@code 12.3400}, {@code NaN}, {@code Infinity}) under {@code io.ductstream.Numeric}.
 */
final class NumericDecoder implements ValueDecoder {
  static final NumericDecoder INSTANCE = new NumericDecoder();
  private static final Schema SCHEMA = SemanticTypes.numeric().optional().build();

  @Override
  public Schema schema() {
    return SCHEMA;
  }

  @Override
  public Object decodeBinary(ByteBuffer buf, int offset, int length) {
    int sign = NumericBinary.sign(buf, offset);
    if (NumericBinary.isSpecial(sign)) {
      return NumericBinary.specialText(sign);
    }
    return NumericBinary.toBigDecimal(buf, offset).toPlainString();
  }

  @Override
  public Object decodeText(ByteBuffer buf, int offset, int length) {
    return TextBytes.utf8(buf, offset, length);
  }

  @Override
  public boolean takesPlaceholder() {
    return true;
  }
}
