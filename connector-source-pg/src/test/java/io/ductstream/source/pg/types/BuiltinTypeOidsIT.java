package io.ductstream.source.pg.types;

import static org.assertj.core.api.Assertions.assertThat;

import io.ductstream.testkit.PostgresServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;

class BuiltinTypeOidsIT {

  @Test
  void builtinOidsAndArrayOidsMatchPgType() throws Exception {
    try (Connection c = PostgresServer.shared().createDatabase("types_oids").connect();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT oid, typarray FROM pg_type"
                    + " WHERE typname = ? AND typnamespace = 'pg_catalog'::regnamespace")) {
      for (BuiltinType type : BuiltinType.values()) {
        s.setString(1, type.typname);
        try (ResultSet row = s.executeQuery()) {
          assertThat(row.next()).as("pg_type row of %s", type.typname).isTrue();
          assertThat(row.getLong(1)).as("oid of %s", type.typname).isEqualTo(type.oid);
          assertThat(row.getLong(2)).as("array oid of %s", type.typname).isEqualTo(type.arrayOid);
        }
      }
    }
  }
}
