package io.ductstream.source.pg.decoding;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads pgoutput messages (protocol versions 1 to 3, as in the PostgreSQL docs' "Logical
 * Replication Message Formats") straight from the replication buffer and hands them to a {@link
 * PgOutputHandler}. Pure: no I/O, no state beyond whether a stream chunk is open.
 */
public final class PgOutputDecoder {
  /** Microseconds between 1970-01-01 and Postgres' epoch 2000-01-01. */
  public static final long PG_EPOCH_OFFSET_MICROS = 946_684_800_000_000L;

  private final PgOutputHandler handler;
  private final TupleData oldRow = new TupleData();
  private final TupleData newRow = new TupleData();
  private boolean inStream;

  public PgOutputDecoder(PgOutputHandler handler) {
    this.handler = handler;
  }

  /** Decodes one message as it came from the replication stream. */
  public void decode(ByteBuffer buf) {
    int start = buf.position();
    byte type = buf.get();
    switch (type) {
      case 'S' -> {
        long xid = xid(buf);
        boolean first = buf.get() == 1;
        inStream = true;
        handler.streamStart(xid, first);
      }
      case 'E' -> {
        inStream = false;
        handler.streamStop();
      }
      case 'c' -> {
        long xid = xid(buf);
        buf.get(); // flags, unused
        long commitLsn = buf.getLong();
        long endLsn = buf.getLong();
        handler.streamCommit(xid, commitLsn, endLsn, micros(buf.getLong()));
      }
      case 'A' -> {
        long xid = xid(buf);
        long subXid = xid(buf);
        handler.streamAbort(xid, subXid);
      }
      default -> {
        if (inStream && type != 'B' && type != 'C') {
          long xid = xid(buf);
          buf.position(start);
          handler.streamedMessage(xid, type, buf);
        } else {
          dispatch(type, buf, false);
        }
      }
    }
  }

  /** Decodes a message saved from a stream chunk, whose body starts with a transaction id. */
  public void decodeStreamed(ByteBuffer buf) {
    byte type = buf.get();
    dispatch(type, buf, true);
  }

  private void dispatch(byte type, ByteBuffer buf, boolean hasXid) {
    switch (type) {
      case 'B' -> {
        long finalLsn = buf.getLong();
        long commitTime = micros(buf.getLong());
        handler.begin(finalLsn, commitTime, xid(buf));
      }
      case 'C' -> {
        buf.get(); // flags, unused
        long commitLsn = buf.getLong();
        long endLsn = buf.getLong();
        handler.commit(commitLsn, endLsn, micros(buf.getLong()));
      }
      case 'I' -> {
        skipXid(buf, hasXid);
        int relationId = buf.getInt();
        expect(buf, 'N', "Insert");
        newRow.read(buf);
        handler.insert(relationId, newRow);
      }
      case 'U' -> {
        skipXid(buf, hasXid);
        int relationId = buf.getInt();
        byte marker = buf.get();
        TupleData old = null;
        boolean oldIsKey = false;
        if (marker == 'K' || marker == 'O') {
          oldIsKey = marker == 'K';
          oldRow.read(buf);
          old = oldRow;
          marker = buf.get();
        }
        if (marker != 'N') {
          throw new PgOutputException(
              "Update: expected new tuple 'N', got '" + (char) marker + "'");
        }
        newRow.read(buf);
        handler.update(relationId, old, oldIsKey, newRow);
      }
      case 'D' -> {
        skipXid(buf, hasXid);
        int relationId = buf.getInt();
        byte marker = buf.get();
        if (marker != 'K' && marker != 'O') {
          throw new PgOutputException("Delete: expected 'K' or 'O', got '" + (char) marker + "'");
        }
        oldRow.read(buf);
        handler.delete(relationId, oldRow, marker == 'K');
      }
      case 'R' -> {
        skipXid(buf, hasXid);
        handler.relation(relation(buf));
      }
      case 'T' -> {
        skipXid(buf, hasXid);
        int count = buf.getInt();
        int options = buf.get();
        if (count < 0 || count > buf.remaining() / 4) {
          throw new PgOutputException(
              "Truncate declares "
                  + count
                  + " relations, the message holds "
                  + buf.remaining()
                  + " bytes");
        }
        int[] ids = new int[count];
        for (int i = 0; i < count; i++) {
          ids[i] = buf.getInt();
        }
        handler.truncate(ids, options);
      }
      case 'M' -> {
        skipXid(buf, hasXid);
        boolean transactional = (buf.get() & 1) != 0;
        long lsn = buf.getLong();
        String prefix = string(buf);
        int length = buf.getInt();
        ByteBuffer content = buf.slice(buf.position(), length);
        buf.position(buf.position() + length);
        handler.message(transactional, lsn, prefix, content);
      }
      case 'Y' -> {
        skipXid(buf, hasXid);
        int oid = buf.getInt();
        String schema = string(buf);
        handler.type(oid, schema, string(buf));
      }
      case 'O' -> {
        long lsn = buf.getLong();
        handler.origin(lsn, string(buf));
      }
      default ->
          throw new PgOutputException(
              "unknown pgoutput message type '"
                  + (char) type
                  + "' (two-phase messages need two_phase, which DuctStream does not enable)");
    }
  }

  private static RelationMessage relation(ByteBuffer buf) {
    int relationId = buf.getInt();
    String schema = string(buf);
    String table = string(buf);
    char identity = (char) buf.get();
    int count = buf.getShort() & 0xffff;
    List<RelationMessage.Column> columns = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      boolean key = (buf.get() & 1) != 0;
      String name = string(buf);
      int typeOid = buf.getInt();
      int typmod = buf.getInt();
      columns.add(new RelationMessage.Column(name, typeOid, typmod, key));
    }
    return new RelationMessage(
        relationId, schema.isEmpty() ? "pg_catalog" : schema, table, identity, columns);
  }

  private static void expect(ByteBuffer buf, char marker, String message) {
    byte got = buf.get();
    if (got != marker) {
      throw new PgOutputException(
          message + ": expected '" + marker + "', got '" + (char) got + "'");
    }
  }

  private static void skipXid(ByteBuffer buf, boolean hasXid) {
    if (hasXid) {
      buf.getInt();
    }
  }

  private static long xid(ByteBuffer buf) {
    return buf.getInt() & 0xffff_ffffL;
  }

  private static long micros(long pgMicros) {
    return pgMicros + PG_EPOCH_OFFSET_MICROS;
  }

  /**
   * A NUL-terminated string in the server encoding, which logical replication requires be UTF-8.
   */
  private static String string(ByteBuffer buf) {
    int start = buf.position();
    int end = start;
    while (buf.get(end) != 0) {
      end++;
    }
    String value;
    if (buf.hasArray()) {
      value =
          new String(buf.array(), buf.arrayOffset() + start, end - start, StandardCharsets.UTF_8);
    } else {
      byte[] bytes = new byte[end - start];
      buf.get(start, bytes);
      value = new String(bytes, StandardCharsets.UTF_8);
    }
    buf.position(end + 1);
    return value;
  }
}
