package io.ductstream.source.pg.types;

import java.nio.ByteBuffer;
import org.apache.kafka.connect.data.Schema;

/**
 * One column's decoder: its Connect schema and the decoding of one value from either wire form
 * (docs/types.md). Built once per relation column by {@link TypeRegistry} and reused for every row.
 *
 * <p>Offsets are absolute and reads never move the buffer's position; the buffer is big-endian, as
 * Postgres sends it. A NULL never reaches a decoder: the caller maps it to {@code null}.
 */
public interface ValueDecoder {

  /** The column's Connect schema; always optional. */
  Schema schema();

  /** Decodes the type's binary send format (pgoutput binary mode, binary COPY). */
  Object decodeBinary(ByteBuffer buf, int offset, int length);

  /**
   * Decodes the type's text output (UTF-8), as produced under {@link
   * TypeRegistry#SESSION_SETTINGS}.
   */
  Object decodeText(ByteBuffer buf, int offset, int length);

  /**
   * Whether an unchanged-TOAST column gets the configured placeholder: true for STRING schemas
   * (semantic strings included) and plain BYTES, false for everything else (Decimal included, whose
   * BYTES carry a number, not a placeholder).
   */
  boolean takesPlaceholder();
}
