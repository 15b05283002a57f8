package io.ductstream.testkit;

import io.ductstream.testkit.PostgresCluster.Shutdown;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** io.zonky's embedded PostgreSQL on a data directory and port that outlive each start. */
final class EmbeddedPostmaster implements PostgresCluster.Postmaster {
  private final Path dataDirectory;
  private final int port;
  private final Map<String, String> settings;
  private EmbeddedPostgres pg;

  EmbeddedPostmaster(Path dataDirectory, int port, Map<String, String> settings) {
    this.dataDirectory = dataDirectory;
    this.port = port;
    this.settings = Map.copyOf(settings);
  }

  @Override
  public String host() {
    return "localhost";
  }

  @Override
  public void start() throws IOException {
    EmbeddedPostgres.Builder builder =
        EmbeddedPostgres.builder()
            .setDataDirectory(dataDirectory) // initdb makes it on the first start
            .setCleanDataDirectory(false) // the cluster removes it on close
            .setPort(port);
    settings.forEach(builder::setServerConfig);
    pg = builder.start();
  }

  @Override
  public void stop(Shutdown mode) throws IOException, InterruptedException {
    if (mode == Shutdown.IMMEDIATE) {
      Process postmaster = pg.getProcess();
      new ProcessBuilder(List.of("kill", "-QUIT", Long.toString(postmaster.pid())))
          .inheritIO()
          .start()
          .waitFor();
      if (!postmaster.waitFor(Duration.ofSeconds(30).toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("the postmaster did not quit on SIGQUIT");
      }
    }
    try {
      pg.close(); // a fast shutdown, or (after SIGQUIT) only the release of the data directory
    } catch (RuntimeException | IOException stopFailed) {
      if (mode == Shutdown.FAST) {
        throw stopFailed;
      }
      // pg_ctl finds no server after SIGQUIT: that is the point
    }
  }
}
