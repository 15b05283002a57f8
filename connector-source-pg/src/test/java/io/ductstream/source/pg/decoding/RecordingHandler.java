package io.ductstream.source.pg.decoding;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Writes every callback down as a line of text, for assertions. */
class RecordingHandler implements PgOutputHandler {
  final List<String> events = new ArrayList<>();
  final List<ByteBuffer> streamed = new ArrayList<>();

  static String tuple(TupleData t) {
    if (t == null) {
      return "-";
    }
    StringBuilder s = new StringBuilder("[");
    for (int i = 0; i < t.columnCount(); i++) {
      if (i > 0) {
        s.append(',');
      }
      byte kind = t.kind(i);
      if (kind == TupleData.NULL) {
        s.append("null");
      } else if (kind == TupleData.UNCHANGED_TOAST) {
        s.append("unchanged");
      } else {
        byte[] bytes = new byte[t.length(i)];
        t.buffer().get(t.offset(i), bytes);
        s.append(new String(bytes, StandardCharsets.UTF_8));
      }
    }
    return s.append(']').toString();
  }

  @Override
  public void begin(long finalLsn, long commitTimeMicros, long xid) {
    events.add("begin " + finalLsn + " " + commitTimeMicros + " " + xid);
  }

  @Override
  public void commit(long commitLsn, long endLsn, long commitTimeMicros) {
    events.add("commit " + commitLsn + " " + endLsn + " " + commitTimeMicros);
  }

  @Override
  public void relation(RelationMessage relation) {
    events.add("relation " + relation);
  }

  @Override
  public void insert(int relationId, TupleData newRow) {
    events.add("insert " + relationId + " " + tuple(newRow));
  }

  @Override
  public void update(int relationId, TupleData oldRow, boolean oldIsKey, TupleData newRow) {
    events.add("update " + relationId + " " + tuple(oldRow) + " " + oldIsKey + " " + tuple(newRow));
  }

  @Override
  public void delete(int relationId, TupleData oldRow, boolean oldIsKey) {
    events.add("delete " + relationId + " " + tuple(oldRow) + " " + oldIsKey);
  }

  @Override
  public void truncate(int[] relationIds, int options) {
    events.add("truncate " + java.util.Arrays.toString(relationIds) + " " + options);
  }

  @Override
  public void message(boolean transactional, long lsn, String prefix, ByteBuffer content) {
    byte[] bytes = new byte[content.remaining()];
    content.duplicate().get(bytes);
    events.add(
        "message "
            + transactional
            + " "
            + prefix
            + " "
            + new String(bytes, StandardCharsets.UTF_8));
  }

  @Override
  public void streamStart(long xid, boolean firstSegment) {
    events.add("streamStart " + xid + " " + firstSegment);
  }

  @Override
  public void streamStop() {
    events.add("streamStop");
  }

  @Override
  public void streamedMessage(long xid, byte type, ByteBuffer message) {
    events.add("streamed " + xid + " " + (char) type);
    ByteBuffer copy = ByteBuffer.allocate(message.remaining());
    copy.put(message.duplicate()).flip();
    streamed.add(copy);
  }

  @Override
  public void streamCommit(long xid, long commitLsn, long endLsn, long commitTimeMicros) {
    events.add("streamCommit " + xid + " " + commitLsn + " " + endLsn);
  }

  @Override
  public void streamAbort(long xid, long subXid) {
    events.add("streamAbort " + xid + " " + subXid);
  }
}
