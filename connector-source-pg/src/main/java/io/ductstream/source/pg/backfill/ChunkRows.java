package io.ductstream.source.pg.backfill;

import io.ductstream.source.pg.catalog.KeyRangeSql;
import io.ductstream.source.pg.catalog.TableShape;
import io.ductstream.source.pg.decoding.TupleData;
import java.nio.ByteBuffer;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows one chunk read, as the values pgoutput would carry (text form; bytea in its binary
 * form), so the stream's own mapper of the table turns them into records. {@code lastKey} is the
 * text of the last row's key, where the next chunk starts; {@code last} says the table ends here;
 * {@code error}, when set, says why the table cannot be read.
 */
record ChunkRows(
    long seq,
    String tableName,
    TableShape table,
    List<RawRow> rows,
    List<String> lastKey,
    boolean last,
    String error) {

  /** A chunk that could not be read: the table is skipped with {@code error}. */
  static ChunkRows failed(long seq, String tableName, String error) {
    return new ChunkRows(seq, tableName, null, List.of(), null, true, error);
  }

  /** One row: all values in one array, each column's kind, offset and length in it. */
  record RawRow(byte[] data, byte[] kinds, int[] offsets, int[] lengths) {
    void into(TupleData tuple) {
      ByteBuffer buffer = ByteBuffer.wrap(data);
      tuple.reset(buffer, kinds.length);
      for (int i = 0; i < kinds.length; i++) {
        tuple.set(i, kinds[i], offsets[i], lengths[i]);
      }
    }

    long estimatedBytes() {
      return 256L + 2L * data.length + 24L * kinds.length;
    }
  }

  /**
   * The SELECT of a chunk: the columns in Relation order, then the key's text; after {@code ?} key
   * values when {@code after} is set (its values are bound by {@link #read}).
   */
  static String query(TableShape table, List<String> after) {
    KeyRangeSql key = KeyRangeSql.of(table);
    StringBuilder sql = new StringBuilder("SELECT ");
    for (TableShape.Column column : table.columns()) {
      sql.append(column.quotedName()).append(", ");
    }
    key.appendKeyText(sql, "__key_");
    key.appendFromAfter(sql, after, KeyRangeSql.Values.PARAMETERS).append(" ORDER BY ");
    return key.appendKey(sql).append(" LIMIT ?").toString();
  }

  /** Runs a chunk's query (prepared from {@link #query}) and keeps its rows. */
  static ChunkRows read(
      PreparedStatement statement, long seq, TableShape table, List<String> after, int limit)
      throws SQLException {
    int parameter = 1;
    if (after != null) {
      for (String value : after) {
        statement.setString(parameter++, value);
      }
    }
    statement.setInt(parameter, limit);
    int columns = table.columns().size();
    int keys = table.splitKey().size();
    List<RawRow> rows = new ArrayList<>();
    List<String> lastKey = after;
    try (ResultSet result = statement.executeQuery()) {
      boolean[] unescaped = new boolean[columns];
      for (int i = 0; i < columns; i++) {
        // pgjdbc hands bytea over unescaped: its raw bytes are the binary form
        unescaped[i] = result.getMetaData().getColumnType(i + 1) == Types.BINARY;
      }
      while (result.next()) {
        rows.add(raw(result, unescaped));
        List<String> key = new ArrayList<>(keys);
        for (int k = 0; k < keys; k++) {
          key.add(result.getString(columns + 1 + k));
        }
        lastKey = key;
      }
    }
    return new ChunkRows(
        seq, table.id().toString(), table, rows, lastKey, rows.size() < limit, null);
  }

  private static RawRow raw(ResultSet result, boolean[] unescaped) throws SQLException {
    int count = unescaped.length;
    byte[][] values = new byte[count][];
    int total = 0;
    for (int i = 0; i < count; i++) {
      // text transfer: getBytes is the type's text output, except for bytea (see above)
      values[i] = result.getBytes(i + 1);
      total += values[i] == null ? 0 : values[i].length;
    }
    byte[] data = new byte[total];
    byte[] kinds = new byte[count];
    int[] offsets = new int[count];
    int[] lengths = new int[count];
    int at = 0;
    for (int i = 0; i < count; i++) {
      byte[] value = values[i];
      if (value == null) {
        kinds[i] = TupleData.NULL;
        offsets[i] = -1;
        lengths[i] = -1;
        continue;
      }
      kinds[i] = unescaped[i] ? TupleData.BINARY : TupleData.TEXT;
      System.arraycopy(value, 0, data, at, value.length);
      offsets[i] = at;
      lengths[i] = value.length;
      at += value.length;
    }
    return new RawRow(data, kinds, offsets, lengths);
  }
}
