package io.ductstream.controlplane.store;

import io.ductstream.source.pg.config.PostgresDsn;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/** The flows kept in the store's {@code ductstream.flows} table. */
public final class FlowStore {
  private final PostgresDsn dsn;
  private final DataSource dataSource;

  public FlowStore(PostgresDsn dsn) {
    this.dsn = dsn;
    this.dataSource = StoreDataSource.of(dsn);
  }

  /** True if a flow with this id exists. */
  public boolean exists(String flowId) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement("SELECT 1 FROM ductstream.flows WHERE id = ?")) {
      select.setString(1, flowId);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next();
      }
    } catch (SQLException e) {
      throw new StoreException(
          "cannot read flow \""
              + flowId
              + "\" from the store at "
              + dsn.masked()
              + ": "
              + StoreDataSource.reason(e),
          e);
    }
  }
}
