package io.ductstream.testkit;

import io.ductstream.testkit.PostgresCluster.Shutdown;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The PostgreSQL of a local installation ({@code initdb}, {@code pg_ctl}), listening on 127.0.0.1
 * and a socket in its directory; as root, it runs as user {@code postgres}.
 */
final class InstalledPostmaster implements PostgresCluster.Postmaster {
  private final Path bin;
  private final Path directory;
  private final int port;
  private final Map<String, String> settings;
  private final boolean asPostgresUser = "root".equals(System.getProperty("user.name"));
  private boolean initialized;

  InstalledPostmaster(Path bin, Path directory, int port, Map<String, String> settings) {
    this.bin = bin;
    this.directory = directory;
    this.port = port;
    this.settings = Map.copyOf(settings);
  }

  @Override
  public String host() {
    return "127.0.0.1";
  }

  @Override
  public void start() throws IOException, InterruptedException {
    if (!initialized) {
      if (asPostgresUser) {
        run(List.of("chown", "postgres", directory.toString()), "chown the cluster's directory");
      }
      runAsServerUser(
          "initdb",
          List.of(
              "--no-sync", "-D", dataDirectory(), "-U", "postgres", "-A", "trust", "-E", "UTF8"),
          "initdb");
      initialized = true;
    }
    List<String> options = new ArrayList<>();
    options.add("-p " + port);
    options.add("-c listen_addresses=127.0.0.1");
    options.add("-c unix_socket_directories=" + directory);
    settings.forEach((name, value) -> options.add("-c " + name + "=" + value));
    runAsServerUser(
        "pg_ctl",
        List.of(
            "-w",
            "-D",
            dataDirectory(),
            "-l",
            directory.resolve("server.log").toString(),
            "-o",
            String.join(" ", options),
            "start"),
        "pg_ctl start");
  }

  @Override
  public void stop(Shutdown mode) throws IOException, InterruptedException {
    String pgMode = mode == Shutdown.FAST ? "fast" : "immediate";
    runAsServerUser(
        "pg_ctl", List.of("-w", "-D", dataDirectory(), "-m", pgMode, "stop"), "pg_ctl stop");
  }

  private String dataDirectory() {
    return directory.resolve("data").toString();
  }

  private void runAsServerUser(String tool, List<String> args, String what)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    if (asPostgresUser) {
      command.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    command.add(bin.resolve(tool).toString());
    command.addAll(args);
    run(command, what);
  }

  private static void run(List<String> command, String what)
      throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int exit = process.waitFor();
    if (exit != 0) {
      throw new IOException(what + " failed (exit " + exit + "): " + output.strip());
    }
  }
}
