package io.ductstream.source.pg.types;

import io.ductstream.contract.envelope.SemanticTypes;
import java.nio.ByteBuffer;
import org.apache.kafka.connect.errors.DataException;

/** {@code jsonb}: binary is a version byte (1) followed by the text Postgres prints. */
final class JsonbDecoder extends TextFormDecoder {
  static final JsonbDecoder INSTANCE = new JsonbDecoder();

  private JsonbDecoder() {
    super(SemanticTypes.json().optional().build());
  }

  @Override
  public Object decodeBinary(ByteBuffer buf, int offset, int length) {
    byte version = buf.get(offset);
    if (version != 1) {
      throw new DataException(
          "unsupported jsonb binary format version " + version + "; use pgoutput text mode");
    }
    return TextBytes.utf8(buf, offset + 1, length - 1);
  }
}
