package io.ductstream.source.pg.records;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * What a Relation message does not say about a table, read from the catalog: the primary-key
 * columns and each column's declared array dimensions.
 */
public final class RelationCatalog {
  private static final String QUERY =
      "SELECT a.attname, a.attndims, "
          + "EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = a.attrelid AND i.indisprimary "
          + "AND a.attnum = ANY (i.indkey)) AS in_pk "
          + "FROM pg_attribute a WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped";

  /** Catalog facts of one table. */
  public record TableFacts(Set<String> primaryKey, Map<String, Integer> arrayDims) {
    public int dims(String column) {
      return arrayDims.getOrDefault(column, 0);
    }
  }

  private final Connection connection;

  public RelationCatalog(Connection connection) {
    this.connection = connection;
  }

  public TableFacts describe(int relationId, String qualifiedName) {
    try (PreparedStatement statement = connection.prepareStatement(QUERY)) {
      statement.setLong(1, relationId & 0xffff_ffffL);
      Set<String> primaryKey = new HashSet<>();
      Map<String, Integer> dims = new HashMap<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          String name = rows.getString(1);
          dims.put(name, rows.getInt(2));
          if (rows.getBoolean(3)) {
            primaryKey.add(name);
          }
        }
      }
      return new TableFacts(primaryKey, dims);
    } catch (SQLException e) {
      throw new ConnectException(
          "cannot read the catalog entry of " + qualifiedName + ": " + e.getMessage(), e);
    }
  }
}
