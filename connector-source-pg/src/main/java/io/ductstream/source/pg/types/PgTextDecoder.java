package io.ductstream.source.pg.types;

import io.ductstream.contract.envelope.SemanticTypes;
import java.nio.ByteBuffer;
import org.apache.kafka.connect.data.Schema;

/**
 * A type with no mapping of its own: its text output under {@code io.ductstream.PgText}. Its binary
 * form cannot be interpreted, so {@link TypeRegistry#binarySafe(int)} keeps such columns in text.
 */
final class PgTextDecoder implements ValueDecoder {
  private final String pgType;
  private final Schema schema;

  PgTextDecoder(String pgType) {
    this.pgType = pgType;
    this.schema = SemanticTypes.pgText(pgType).optional().build();
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public Object decodeBinary(ByteBuffer buf, int offset, int length) {
    throw new IllegalStateException(
        "type "
            + pgType
            + " has no binary decoder; ask pgoutput for text mode when TypeRegistry.binarySafe is"
            + " false for a captured column");
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
