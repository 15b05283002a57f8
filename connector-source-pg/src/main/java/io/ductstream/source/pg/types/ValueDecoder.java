package io.ductstream.source.pg.types;

import java.nio.ByteBuffer;
import org.apache.kafka.connect.data.Schema;

/** One column's decoder: schema + value decoding, cached per relation column. */
public interface ValueDecoder {
  /** The optional Connect schema of the column. */
  Schema schema();

  /** Decodes the type's binary send form; absolute reads, the buffer's position does not move. */
  Object decodeBinary(ByteBuffer buf, int offset, int length);

  /** Decodes the type's text output form (UTF-8). */
  Object decodeText(ByteBuffer buf, int offset, int length);

  /** True for STRING and BYTES schemas: the unchanged-TOAST placeholder applies. */
  boolean takesPlaceholder();
}
