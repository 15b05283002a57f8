package io.ductstream.source.pg.ddl;

import io.ductstream.contract.pg.PostgresDsn;
import io.ductstream.source.pg.catalog.CatalogReader;
import io.ductstream.source.pg.catalog.TableId;
import io.ductstream.source.pg.catalog.TableShape;
import io.ductstream.source.pg.jdbc.PgConnections;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares the captured tables with the catalog: once when the task starts (changes made while it
 * was stopped) and, when asked, every interval on a thread of its own (changes to tables without
 * traffic, which no Relation message would show until their next row).
 */
public final class CatalogWatch implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CatalogWatch.class);

  private final SchemaGovernor governor;
  private final PostgresDsn source;
  private ScheduledExecutorService timer;

  public CatalogWatch(SchemaGovernor governor, PostgresDsn source) {
    this.governor = governor;
    this.source = source;
  }

  /** Compares {@code tables} (those that exist) with their versions now. */
  public void check(CatalogReader catalog, List<TableId> tables) throws SQLException {
    List<TableShape> shapes = new ArrayList<>(tables.size());
    for (TableId table : tables) {
      catalog.describe(table).ifPresent(shapes::add);
    }
    governor.checkCatalog(shapes);
  }

  /**
   * Checks {@code tables} every {@code interval} from now on, on a connection of its own; a failed
   * check is logged and tried again at the next tick.
   */
  public void every(Duration interval, List<TableId> tables, int serverVersion) {
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "ductstream-ddl-catalog");
              t.setDaemon(true);
              return t;
            });
    timer.scheduleWithFixedDelay(
        () -> {
          try (Connection connection = PgConnections.open(source)) {
            check(new CatalogReader(connection, serverVersion), tables);
          } catch (SQLException | RuntimeException e) {
            log.warn(
                "the DDL catalog check failed ({}); trying again in {}", e.getMessage(), interval);
          }
        },
        interval.toMillis(),
        interval.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }
}
