package io.ductstream.source.pg.backfill;

import io.ductstream.source.pg.decoding.RelationMessage;
import io.ductstream.source.pg.decoding.TupleData;
import java.nio.ByteBuffer;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
    CatalogTable table,
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

  /** The SELECT of a chunk: the columns in Relation order, after {@code ?} key values. */
  static String query(CatalogTable table, boolean after) {
    StringBuilder sql = new StringBuilder("SELECT ");
    List<RelationMessage.Column> columns = table.relation().columns();
    for (int i = 0; i < columns.size(); i++) {
      sql.append(i == 0 ? "" : ", ").append(quote(columns.get(i).name()));
    }
    for (int k = 0; k < table.keyColumns().size(); k++) {
      sql.append(", ")
          .append(quote(table.keyColumns().get(k)))
          .append("::text AS __key_")
          .append(k);
    }
    sql.append(" FROM ")
        .append(quote(table.relation().schema()))
        .append('.')
        .append(quote(table.relation().table()));
    String keyList = String.join(", ", table.keyColumns().stream().map(ChunkRows::quote).toList());
    if (after) {
      sql.append(" WHERE (").append(keyList).append(") > (");
      for (int i = 0; i < table.keyTypes().size(); i++) {
        sql.append(i == 0 ? "" : ", ")
            .append("CAST(? AS ")
            .append(table.keyTypes().get(i))
            .append(')');
      }
      sql.append(')');
    }
    return sql.append(" ORDER BY ").append(keyList).append(" LIMIT ?").toString();
  }

  /** Runs a chunk's query (prepared from {@link #query}) and keeps its rows. */
  static ChunkRows read(
      PreparedStatement statement, long seq, CatalogTable table, List<String> after, int limit)
      throws SQLException {
    int parameter = 1;
    if (after != null) {
      for (String value : after) {
        statement.setString(parameter++, value);
      }
    }
    statement.setInt(parameter, limit);
    int columns = table.relation().columns().size();
    int keys = table.keyColumns().size();
    List<RawRow> rows = new ArrayList<>();
    List<String> lastKey = after;
    try (ResultSet result = statement.executeQuery()) {
      boolean[] unescaped = new boolean[columns];
      for (int i = 0; i < columns; i++) {
        // pgjdbc hands bytea over unescaped: its raw bytes are the binary form
        unescaped[i] = result.getMetaData().getColumnType(i + 1) == java.sql.Types.BINARY;
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
        seq, table.qualifiedName(), table, rows, lastKey, rows.size() < limit, null);
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

  static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }
}
