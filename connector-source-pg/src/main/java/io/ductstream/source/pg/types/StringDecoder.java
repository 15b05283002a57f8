package io.ductstream.source.pg.types;

import java.nio.ByteBuffer;
import org.apache.kafka.connect.data.Schema;

/**
 * Types whose binary send format is their text (text, varchar, bpchar, name, json, xml, enums): the
 * value is the UTF-8 string, under a schema that names what it holds.
 */
final class StringDecoder extends TextFormDecoder {

  StringDecoder(Schema schema) {
    super(schema);
  }

  @Override
  public Object decodeBinary(ByteBuffer buf, int offset, int length) {
    return TextBytes.utf8(buf, offset, length);
  }
}
