package io.ductstream.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of the machine's own binaries, for one benchmark run: a fresh cluster in a
 * temp dir on a free port with {@code wal_level=logical}, default durability settings, removed on
 * close. The binaries come from {@code DUCTSTREAM_BENCH_PG_BIN} or {@code
 * /usr/lib/postgresql/15/bin}; as root, the server runs as user {@code postgres}.
 */
final class BenchPostgres implements AutoCloseable {
  static final String PG_BIN_ENV = "DUCTSTREAM_BENCH_PG_BIN";
  private static final String DEFAULT_PG_BIN = "/usr/lib/postgresql/15/bin";

  private final Path bin;
  private final Path dir;
  private final int port;
  private final boolean asPostgresUser;

  private BenchPostgres(Path bin, Path dir, int port, boolean asPostgresUser) {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
    this.asPostgresUser = asPostgresUser;
  }

  static BenchPostgres start() throws IOException, InterruptedException {
    String configured = System.getenv(PG_BIN_ENV);
    Path bin = Path.of(configured == null || configured.isBlank() ? DEFAULT_PG_BIN : configured);
    if (!Files.isExecutable(bin.resolve("initdb"))
        || !Files.isExecutable(bin.resolve("pg_recvlogical"))) {
      throw new BenchException(
          "no PostgreSQL binaries (initdb, pg_ctl, pg_recvlogical) in "
              + bin
              + "; install PostgreSQL 15+ or set "
              + PG_BIN_ENV
              + " to its bin directory");
    }
    boolean root = "root".equals(System.getProperty("user.name"));
    Path dir = Files.createTempDirectory("ductstream-bench-pg");
    BenchPostgres pg = new BenchPostgres(bin, dir, freePort(), root);
    if (root) {
      Processes.run(
          List.of("chown", "postgres", dir.toString()), "chown the benchmark's data directory");
    }
    pg.runAsServerUser(
        "initdb",
        List.of("--no-sync", "-D", pg.dataDir(), "-U", "postgres", "-A", "trust", "-E", "UTF8"),
        "initdb");
    pg.runAsServerUser(
        "pg_ctl",
        List.of(
            "-w",
            "-D",
            pg.dataDir(),
            "-l",
            dir.resolve("server.log").toString(),
            "-o",
            String.join(
                " ",
                "-p " + pg.port,
                "-c listen_addresses=127.0.0.1",
                "-c unix_socket_directories=" + dir,
                "-c wal_level=logical",
                "-c max_wal_senders=10",
                "-c max_replication_slots=10",
                "-c shared_buffers=256MB",
                "-c max_wal_size=4GB"),
            "start"),
        "pg_ctl start");
    return pg;
  }

  int port() {
    return port;
  }

  /** Path of a client tool of the same PostgreSQL, e.g. {@code pg_recvlogical}. */
  String tool(String name) {
    return bin.resolve(name).toString();
  }

  String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(database), "postgres", "");
  }

  @Override
  public void close() throws IOException, InterruptedException {
    try {
      runAsServerUser(
          "pg_ctl", List.of("-w", "-D", dataDir(), "-m", "fast", "stop"), "pg_ctl stop");
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private String dataDir() {
    return dir.resolve("data").toString();
  }

  private void runAsServerUser(String tool, List<String> args, String what)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    if (asPostgresUser) {
      command.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    command.add(tool(tool));
    command.addAll(args);
    Processes.run(command, what);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
