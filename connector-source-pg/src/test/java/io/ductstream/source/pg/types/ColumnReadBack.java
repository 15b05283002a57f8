package io.ductstream.source.pg.types;

import static org.assertj.core.api.Assertions.assertThat;

import io.ductstream.source.pg.copy.BinaryCopyReader;
import io.ductstream.testkit.PostgresServer;
import io.ductstream.testkit.TestDatabase;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.postgresql.PGConnection;

/**
 * Stores values in a one-column table of a real Postgres and reads them back through both wire
 * forms: binary ({@code COPY ... (FORMAT binary)}, the bytes pgoutput binary mode sends) and text
 * ({@code col::text} under {@link TypeRegistry#SESSION_SETTINGS}, the output function pgoutput text
 * mode uses). Each value is decoded from inside a larger buffer, at a non-zero offset, and the
 * buffer's position must not move.
 */
final class ColumnReadBack implements AutoCloseable {
  private static final int PADDING = 7;

  private final TestDatabase database;
  private final Connection connection;
  private final TypeRegistry registry;
  private final AtomicInteger tables = new AtomicInteger();

  private ColumnReadBack(TestDatabase database, Connection connection) {
    this.database = database;
    this.connection = connection;
    this.registry = new TypeRegistry(connection);
  }

  static ColumnReadBack open(String databasePrefix) throws SQLException {
    TestDatabase database = PostgresServer.shared().createDatabase(databasePrefix);
    Connection connection = database.connect();
    try (Statement s = connection.createStatement()) {
      for (Map.Entry<String, String> setting : TypeRegistry.SESSION_SETTINGS.entrySet()) {
        s.execute("SET " + setting.getKey() + " = '" + setting.getValue() + "'");
      }
    }
    return new ColumnReadBack(database, connection);
  }

  TypeRegistry registry() {
    return registry;
  }

  void execute(String... sql) {
    database.execute(sql);
  }

  /**
   * A new table {@code (id serial, col <columnType>)} holding one row per SQL literal, in order.
   */
  Column store(String columnType, List<String> literals) throws SQLException {
    String table = "t" + tables.incrementAndGet();
    try (Statement s = connection.createStatement()) {
      s.execute("CREATE TABLE " + table + " (id serial PRIMARY KEY, col " + columnType + ")");
      for (String literal : literals) {
        s.execute("INSERT INTO " + table + " (col) VALUES (" + literal + ")");
      }
    }
    return column(table);
  }

  /** Stores the literals and asserts that both wire forms decode to exactly the expected values. */
  ValueDecoder assertReadsBack(String columnType, List<String> literals, List<?> expected)
      throws Exception {
    Column column = store(columnType, literals);
    assertThat(comparable(binary(column)))
        .as("binary values of %s", columnType)
        .isEqualTo(comparable(expected));
    assertThat(comparable(text(column)))
        .as("text values of %s", columnType)
        .isEqualTo(comparable(expected));
    return column.decoder();
  }

  /** byte[] compares by identity; ByteBuffer by content. */
  private static Object comparable(Object value) {
    if (value instanceof byte[] bytes) {
      return ByteBuffer.wrap(bytes);
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      for (Object element : list) {
        copy.add(comparable(element));
      }
      return copy;
    }
    return value;
  }

  List<Object> binary(Column column) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    connection
        .unwrap(PGConnection.class)
        .getCopyAPI()
        .copyOut(
            "COPY (SELECT col FROM " + column.table() + " ORDER BY id) TO STDOUT (FORMAT binary)",
            out);
    BinaryCopyReader reader = new BinaryCopyReader(new ByteArrayInputStream(out.toByteArray()));
    List<Object> values = new ArrayList<>();
    while (reader.readRow(
            (field, buf, offset, length) ->
                values.add(
                    length < 0 ? null : decodePadded(buf, offset, length, column.decoder(), true)))
        >= 0) {
      // each row adds its one value
    }
    return values;
  }

  /**
   * Text form through {@code COPY ... TO STDOUT} (text format), which prints each value with its
   * type's output function, as pgoutput text mode does. ({@code col::text} is not that: bool::text
   * gives {@code true}, bpchar::text drops the padding, inet::text always shows the mask.)
   */
  List<Object> text(Column column) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    connection
        .unwrap(PGConnection.class)
        .getCopyAPI()
        .copyOut("COPY (SELECT col FROM " + column.table() + " ORDER BY id) TO STDOUT", out);
    List<Object> values = new ArrayList<>();
    for (byte[] field : CopyTextLines.fields(out.toByteArray())) {
      values.add(
          field == null
              ? null
              : decodePadded(ByteBuffer.wrap(field), 0, field.length, column.decoder(), false));
    }
    return values;
  }

  private static Object decodePadded(
      ByteBuffer source, int offset, int length, ValueDecoder decoder, boolean binary) {
    ByteBuffer padded = ByteBuffer.allocate(length + 2 * PADDING);
    for (int i = 0; i < padded.capacity(); i++) {
      padded.put(i, (byte) 0x5a);
    }
    padded.put(PADDING, source, offset, length);
    padded.position(3);
    Object value =
        binary
            ? decoder.decodeBinary(padded, PADDING, length)
            : decoder.decodeText(padded, PADDING, length);
    assertThat(padded.position()).as("buffer position after decoding").isEqualTo(3);
    return value;
  }

  /** The column's type as the pgoutput Relation message and pg_attribute give it. */
  Column column(String table) throws SQLException {
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT atttypid, atttypmod, attndims FROM pg_attribute"
                + " WHERE attrelid = CAST(? AS regclass) AND attname = 'col'")) {
      s.setString(1, table);
      try (ResultSet row = s.executeQuery()) {
        row.next();
        int oid = (int) row.getLong(1);
        int typmod = row.getInt(2);
        int dims = row.getInt(3);
        return new Column(table, oid, typmod, dims, registry.decoder(oid, typmod, dims));
      }
    }
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }

  record Column(String table, int oid, int typmod, int dims, ValueDecoder decoder) {}
}
