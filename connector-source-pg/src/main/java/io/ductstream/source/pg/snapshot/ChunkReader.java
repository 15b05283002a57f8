package io.ductstream.source.pg.snapshot;

import io.ductstream.source.pg.copy.BinaryCopyReader;
import io.ductstream.source.pg.decoding.TupleData;
import io.ductstream.source.pg.records.TableMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyInputStream;

/**
 * Reads the rows of one table whose key lies in a {@link KeyRange}, inside the connection's current
 * transaction (and so its snapshot), with binary {@code COPY}, and decodes them with the table's
 * mapper into the same row structs streaming produces. Reusable for any range of the table: the
 * initial snapshot's chunks, or a backfill's. One reader per thread; it reuses its row buffer.
 */
public final class ChunkReader {
  /** Receives each row read. */
  @FunctionalInterface
  public interface RowSink {
    /**
     * @param key the key struct (null for a table without a key)
     * @param after the row
     * @param estimatedBytes the row's rough heap cost, for the queue's byte limit
     */
    void accept(Struct key, Struct after, long estimatedBytes) throws InterruptedException;
  }

  private final SnapshotTable table;
  private final TableMapper mapper;
  private final boolean[] binary;
  private final TupleData tuple = new TupleData();
  private final BinaryCopyReader.FieldHandler handler = this::field;
  private byte[] row = new byte[8 * 1024];
  private ByteBuffer rowBuffer = ByteBuffer.wrap(row);
  private int used;

  public ChunkReader(SnapshotTable table) {
    this.table = table;
    this.mapper = table.mapper();
    List<SnapshotTable.Column> columns = table.columns();
    this.binary = new boolean[columns.size()];
    for (int i = 0; i < binary.length; i++) {
      binary[i] = columns.get(i).binary();
    }
  }

  public SnapshotTable table() {
    return table;
  }

  /**
   * Reads the rows in {@code range} and hands each to {@code sink}.
   *
   * @param lsn the snapshot's position, named in decoding errors
   * @return the number of rows read
   */
  public long read(Connection connection, KeyRange range, long lsn, RowSink sink)
      throws SQLException, IOException, InterruptedException {
    String sql = ChunkSql.copy(table, range);
    long rows = 0;
    try (PGCopyInputStream in = new PGCopyInputStream(connection.unwrap(PGConnection.class), sql)) {
      BinaryCopyReader reader = new BinaryCopyReader(in);
      while (true) {
        used = 0;
        int fields = reader.readRow(handler);
        if (fields < 0) {
          break;
        }
        if (fields != binary.length) {
          throw new DataException(
              "COPY of "
                  + table.qualifiedName()
                  + " gave "
                  + fields
                  + " columns where "
                  + binary.length
                  + " were expected; did the table change during the snapshot?");
        }
        tuple.reset(rowBuffer, fields);
        fill();
        Struct after = mapper.row(tuple, null, null, lsn);
        sink.accept(mapper.key(after), after, TableMapper.estimateBytes(tuple));
        rows++;
      }
    }
    return rows;
  }

  /** Copies one field of the row into the row buffer; offsets are fixed up in {@link #fill}. */
  private void field(int field, ByteBuffer buf, int offset, int length) {
    int needed = used + 4 + Math.max(length, 0);
    if (needed > row.length) {
      byte[] bigger = new byte[Math.max(needed, row.length * 2)];
      System.arraycopy(row, 0, bigger, 0, used);
      row = bigger;
      rowBuffer = ByteBuffer.wrap(row);
    }
    rowBuffer.putInt(used, length);
    used += 4;
    if (length > 0) {
      buf.get(offset, row, used, length);
      used += length;
    }
  }

  private void fill() {
    int position = 0;
    for (int i = 0; i < binary.length; i++) {
      int length = rowBuffer.getInt(position);
      position += 4;
      if (length < 0) {
        tuple.set(i, TupleData.NULL, -1, -1);
      } else {
        tuple.set(i, binary[i] ? TupleData.BINARY : TupleData.TEXT, position, length);
        position += length;
      }
    }
  }
}
