package io.ductstream.source.pg.types;

import java.nio.ByteBuffer;
import org.apache.kafka.connect.data.Schema;

/**
 * Types whose text output is already the value emitted (a STRING schema): text form is the UTF-8
 * text as it is, and the unchanged-TOAST placeholder applies. Subclasses read the binary form.
 */
abstract class TextFormDecoder implements ValueDecoder {
  private final Schema schema;

  TextFormDecoder(Schema schema) {
    this.schema = schema;
  }

  @Override
  public final Schema schema() {
    return schema;
  }

  @Override
  public final Object decodeText(ByteBuffer buf, int offset, int length) {
    return TextBytes.utf8(buf, offset, length);
  }

  @Override
  public final boolean takesPlaceholder() {
    return true;
  }
}
