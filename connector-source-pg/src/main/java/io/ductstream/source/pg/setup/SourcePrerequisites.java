package io.ductstream.source.pg.setup;

import io.ductstream.source.pg.catalog.TableId;
import io.ductstream.source.pg.config.PostgresSourceConfig;
import io.ductstream.source.pg.jdbc.PgConnections;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.apache.kafka.common.config.ConfigException;

/**
 * The read-only checks that the source database can be captured: server version, wal_level,
 * encoding, the REPLICATION attribute and each captured table's replica identity. Every problem a
 * user can fix is a {@link ConfigException} that says how.
 */
final class SourcePrerequisites {
  /** The lowest server with pgoutput. */
  static final int MIN_SERVER_VERSION = 100000;

  private final PostgresSourceConfig config;
  private final Connection connection;

  SourcePrerequisites(PostgresSourceConfig config, Connection connection) {
    this.config = config;
    this.connection = connection;
  }

  int serverVersion() throws SQLException {
    int version = Integer.parseInt(PgConnections.show(connection, "server_version_num"));
    if (version < MIN_SERVER_VERSION) {
      throw new ConfigException(
          "PostgreSQL "
              + PgConnections.show(connection, "server_version")
              + " is not supported: logical replication with pgoutput needs PostgreSQL 10 or"
              + " later (14+ for streaming and binary transfer)");
    }
    return version;
  }

  void checkWalLevel() throws SQLException {
    String level = PgConnections.show(connection, "wal_level");
    if (!"logical".equals(level)) {
      throw new ConfigException(
          "wal_level is '"
              + level
              + "' on the source database; change data capture needs wal_level=logical: run"
              + " ALTER SYSTEM SET wal_level = logical; and restart PostgreSQL");
    }
  }

  /**
   * pgoutput sends text in the database's encoding; the source decodes UTF-8. Another encoding
   * would turn text into replacement characters (and distinct values into one), so it is refused.
   */
  void checkEncoding() throws SQLException {
    String encoding = PgConnections.show(connection, "server_encoding");
    if (!encoding.equalsIgnoreCase("UTF8")) {
      throw new ConfigException(
          "database "
              + config.dsn().database()
              + " is encoded in "
              + encoding
              + "; change data capture reads text as UTF-8 and would alter it: capture a database"
              + " created WITH ENCODING 'UTF8' (pgoutput sends text in the database's encoding)");
    }
  }

  void checkReplicationRole() throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet rows =
            s.executeQuery(
                "SELECT current_user, rolreplication OR rolsuper FROM pg_roles"
                    + " WHERE rolname = current_user")) {
      if (rows.next() && !rows.getBoolean(2)) {
        String role = rows.getString(1);
        throw new ConfigException(
            "role \""
                + role
                + "\" lacks the REPLICATION attribute needed to stream changes; run ALTER ROLE "
                + TableId.quote(role)
                + " REPLICATION; as a superuser, or connect as a role that has it");
      }
    }
  }

  void checkReplicaIdentity(String table) throws SQLException {
    TableId id = TableId.parse(table);
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT c.relreplident, EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid"
                + " AND i.indisprimary) FROM pg_class c JOIN pg_namespace n ON n.oid ="
                + " c.relnamespace WHERE n.nspname = ? AND c.relname = ?")) {
      s.setString(1, id.schema());
      s.setString(2, id.table());
      try (ResultSet rows = s.executeQuery()) {
        if (!rows.next()) {
          return;
        }
        String identity = rows.getString(1);
        boolean primaryKey = rows.getBoolean(2);
        if ("n".equals(identity) || ("d".equals(identity) && !primaryKey)) {
          String why =
              "n".equals(identity)
                  ? "has REPLICA IDENTITY NOTHING"
                  : "has no primary key and REPLICA IDENTITY DEFAULT";
          throw new ConfigException(
              "table "
                  + table
                  + " "
                  + why
                  + ": its updates and deletes would lose their key; add a primary key or run"
                  + " ALTER TABLE "
                  + id.quoted()
                  + " REPLICA IDENTITY FULL; (or leave it out with table.exclude.list)");
        }
      }
    }
  }
}
