package io.ductstream.source.pg.types;

import io.ductstream.contract.envelope.SemanticTypes;
import java.nio.ByteBuffer;

/**
 * Unconstrained {@code numeric}: its scale varies per value, so it is the exact text Postgres
 * prints ({@code 12.3400}, {@code NaN}, {@code Infinity}) under {@code io.ductstream.Numeric}.
 */
final class NumericDecoder extends TextFormDecoder {
  static final NumericDecoder INSTANCE = new NumericDecoder();

  private NumericDecoder() {
    super(SemanticTypes.numeric().optional().build());
  }

  @Override
  public Object decodeBinary(ByteBuffer buf, int offset, int length) {
    int sign = NumericBinary.sign(buf, offset);
    if (NumericBinary.isSpecial(sign)) {
      return NumericBinary.specialText(sign);
    }
    return NumericBinary.toBigDecimal(buf, offset).toPlainString();
  }
}
