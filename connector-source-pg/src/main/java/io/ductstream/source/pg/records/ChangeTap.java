package io.ductstream.source.pg.records;

import io.ductstream.source.pg.decoding.RelationMessage;
import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;

/**
 * What the {@link ChangeEmitter} tells a listener on the stream (the backfill), on the replication
 * thread: signal rows, logical decoding messages, emitted changes and truncations; and what that
 * listener adds to every record's offset.
 */
public interface ChangeTap {
  /** True for the relation whose rows are signals to the listener, not records. */
  boolean isSignal(RelationMessage relation);

  /** A row inserted into the signal table. */
  void signal(Struct row);

  /** A transactional logical decoding message; rows to emit here go to {@code sink}. */
  void message(String prefix, ByteBuffer content, ReadRowSink sink);

  /** A change of a captured table was emitted, with its key (null without one). */
  void changed(int relationId, Struct key);

  /** A captured table was truncated. */
  void truncated(int relationId);

  /** The entries every record's offset carries now, or null. */
  Map<String, Object> offsetEntry();
}
