package io.ductstream.source.pg.types;

import io.ductstream.contract.envelope.SemanticTypes;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import org.apache.kafka.connect.data.Schema;

/**
 * {@code money} to Decimal scale 2: binary is int64 cents; text is {@code cash_out} under
 * lc_monetary=C ({@code -$1,234.56}), whose symbol and separators are skipped.
 */
final class MoneyDecoder implements ValueDecoder {
  static final MoneyDecoder INSTANCE = new MoneyDecoder();
  private static final Schema SCHEMA = SemanticTypes.decimal(19, 2).optional().build();

  @Override
  public Schema schema() {
    return SCHEMA;
  }

  @Override
  public Object decodeBinary(ByteBuffer buf, int offset, int length) {
    return BigDecimal.valueOf(buf.getLong(offset), 2);
  }

  @Override
  public Object decodeText(ByteBuffer buf, int offset, int length) {
    boolean negative = false;
    int fractionDigits = -1;
    // Accumulate negatively so that the minimum, -92233720368547758.08, does not overflow.
    long acc = 0;
    for (int i = offset, end = offset + length; i < end; i++) {
      byte b = buf.get(i);
      if (TextBytes.isDigit(b)) {
        acc = acc * 10 - (b - '0');
        if (fractionDigits >= 0) {
          fractionDigits++;
        }
      } else if (b == '-' || b == '(') {
        negative = true;
      } else if (b == '.') {
        fractionDigits = 0;
      }
    }
    if (fractionDigits != 2) {
      throw TextBytes.malformed("money (expected lc_monetary=C)", buf, offset, length);
    }
    return BigDecimal.valueOf(negative ? acc : -acc, 2);
  }

  @Override
  public boolean takesPlaceholder() {
    return false;
  }
}
