package io.ductstream.source.pg.types;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.apache.kafka.connect.errors.ConnectException;

/** Reads one type's row from pg_type/pg_namespace over a normal JDBC connection. */
final class TypeCatalog {
  private static final String QUERY =
      "SELECT n.nspname, t.typname, t.typtype, t.typbasetype, t.typtypmod, t.typelem, t.typdelim,"
          + " (t.typcategory = 'A' AND t.typelem <> 0 AND t.typoutput = 'array_out'::regproc)"
          + " AS is_array"
          + " FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace"
          + " WHERE t.oid = CAST(? AS oid)";

  private final Connection connection;

  TypeCatalog(Connection connection) {
    this.connection = connection;
  }

  /** The type with this OID, or null when there is none (dropped since the Relation message). */
  CatalogType lookup(int oid) {
    try (PreparedStatement statement = connection.prepareStatement(QUERY)) {
      statement.setLong(1, Integer.toUnsignedLong(oid));
      try (ResultSet row = statement.executeQuery()) {
        if (!row.next()) {
          return null;
        }
        return new CatalogType(
            oid,
            row.getString(1),
            row.getString(2),
            kind(row.getString(3), row.getBoolean(8)),
            (int) row.getLong(4),
            row.getInt(5),
            (int) row.getLong(6),
            row.getString(7).charAt(0));
      }
    } catch (SQLException e) {
      throw new ConnectException(
          "cannot read type OID "
              + Integer.toUnsignedString(oid)
              + " from pg_type: "
              + e.getMessage()
              + "; the connector's user needs to read the pg_catalog schema",
          e);
    }
  }

  private static CatalogType.Kind kind(String typtype, boolean array) {
    if (array) {
      return CatalogType.Kind.ARRAY;
    }
    switch (typtype) {
      case "e":
        return CatalogType.Kind.ENUM;
      case "d":
        return CatalogType.Kind.DOMAIN;
      default:
        return CatalogType.Kind.OTHER;
    }
  }
}
