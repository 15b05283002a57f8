package io.ductstream.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.ductstream.testkit.FreePorts;
import io.ductstream.testkit.PostgresServer;
import io.ductstream.testkit.TestDatabase;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Runs the bin/ launchers as a user does, against the distribution `mvn package` built. */
class LaunchersIT {

  @Test
  void eachLauncherPrintsItsUsage() throws Exception {
    assertThat(LauncherRun.of(List.of("bin/ductstream", "--help"), Map.of()))
        .satisfies(r -> assertThat(r.exit()).isZero())
        .satisfies(r -> assertThat(r.stdout()).contains("Usage: ductstream", "--dev"));
    assertThat(LauncherRun.of(List.of("bin/ductstream-worker", "--help"), Map.of()))
        .satisfies(r -> assertThat(r.exit()).isZero())
        .satisfies(
            r ->
                assertThat(r.stdout())
                    .contains("Usage: ductstream-worker", "-flow-id", "-max-empty-reads"));
    assertThat(LauncherRun.of(List.of("bin/ductstream-admin", "--help"), Map.of()))
        .satisfies(r -> assertThat(r.exit()).isZero())
        .satisfies(r -> assertThat(r.stdout()).contains("Usage: ductstream-admin", "flow", "ddl"));
  }

  @Test
  void everyLauncherHasHelpWithExamplesAndAVersion() throws Exception {
    for (List<String> launcher :
        List.of(
            List.of("bin/ductstream"),
            List.of("bin/ductstream", "quickstart"),
            List.of("bin/ductstream-worker"),
            List.of("bin/ductstream-admin"),
            List.of("bin/ductstream-connect"))) {
      String name = launcher.get(launcher.size() - 1).replace("bin/", "");
      LauncherRun help = LauncherRun.of(with(launcher, "--help"), Map.of());
      assertThat(help.exit()).as(launcher + " --help: " + help.stderr()).isZero();
      assertThat(help.stdout()).as(launcher + " --help").contains("Examples:");
      LauncherRun version = LauncherRun.of(with(launcher, "--version"), Map.of());
      System.out.println(launcher + " --version: " + version.stdout().strip());
      assertThat(version.exit()).as(launcher + " --version").isZero();
      assertThat(version.stdout().strip())
          .contains(name.equals("quickstart") ? "quickstart" : name);
      assertThat(version.stdout()).containsPattern("\\d+\\.\\d+\\.\\d+");
    }
  }

  @Test
  void badFlagIsOneLineAndExit2() throws Exception {
    for (List<String> launcher :
        List.of(
            List.of("bin/ductstream", "--devv"),
            List.of("bin/ductstream", "quickstart", "--rows", "many"),
            List.of("bin/ductstream-admin", "flow", "get"),
            List.of("bin/ductstream-connect", "--bogus"))) {
      LauncherRun r = LauncherRun.of(launcher, Map.of());
      System.out.println(launcher + " said: " + r.stderr().strip());
      assertThat(r.exit()).as(launcher.toString()).isEqualTo(2);
      assertThat(r.stderr().strip().lines()).as(launcher.toString()).hasSize(1);
      assertThat(r.stderr()).contains("--help");
    }
  }

  @Test
  void unknownDuctstreamVariableIsReportedWithTheClosestKnownName() throws Exception {
    LauncherRun r =
        LauncherRun.of(
            List.of("bin/ductstream-admin", "--version"),
            Map.of("DUCTSTREAM_API_TOKNE", "x", "DUCTSTREAM_POSTGRES_DSN", "postgres://u@h/db"));

    System.out.println("ductstream-admin said: " + r.stderr().strip());
    assertThat(r.exit()).isZero();
    assertThat(r.stderr().strip())
        .isEqualTo(
            "ductstream-admin: warning: DUCTSTREAM_API_TOKNE is not a DuctStream variable and is"
                + " ignored; did you mean DUCTSTREAM_API_TOKEN?");
  }

  private static List<String> with(List<String> command, String arg) {
    List<String> all = new java.util.ArrayList<>(command);
    all.add(arg);
    return all;
  }

  @Test
  void javaOptsReachTheJvm() throws Exception {
    LauncherRun r =
        LauncherRun.of(
            List.of("bin/ductstream-worker", "--help"),
            Map.of("JAVA_OPTS", "-XX:+PrintCommandLineFlags"));
    assertThat(r.exit()).isZero();
    assertThat(r.stdout()).contains("-XX:+PrintCommandLineFlags");
  }

  @Test
  void theWorkerRunsTheParallelCollectorUnlessJavaOptsPicksAnother() throws Exception {
    LauncherRun byDefault =
        LauncherRun.of(
            List.of("bin/ductstream-worker", "--help"),
            Map.of("JAVA_OPTS", "-XX:+PrintCommandLineFlags"));
    assertThat(byDefault.exit()).isZero();
    assertThat(byDefault.stdout()).contains("-XX:+UseParallelGC");

    // two collectors would stop the JVM at start: the user's choice replaces the launcher's
    LauncherRun chosen =
        LauncherRun.of(
            List.of("bin/ductstream-worker", "--help"),
            Map.of("JAVA_OPTS", "-XX:+PrintCommandLineFlags -XX:+UseG1GC"));
    assertThat(chosen.exit()).isZero();
    assertThat(chosen.stdout()).contains("-XX:+UseG1GC").doesNotContain("UseParallelGC");

    LauncherRun admin =
        LauncherRun.of(
            List.of("bin/ductstream-admin", "--help"),
            Map.of("JAVA_OPTS", "-XX:+PrintCommandLineFlags -XX:+UseParallelGC"));
    assertThat(admin.exit()).isZero();
    assertThat(admin.stdout()).contains("-XX:+UseParallelGC").doesNotContain("UseSerialGC");
  }

  @Test
  void launcherWithoutABuildSaysHowToBuild() throws Exception {
    Path home = LauncherRun.unbuiltHome(List.of("ductstream", "lib/launch.sh", "lib/locate.sh"));
    LauncherRun r =
        LauncherRun.of(List.of(home.resolve("bin/ductstream").toString(), "--help"), Map.of());
    System.out.println("unbuilt launcher said: " + r.stderr().strip());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.stderr())
        .startsWith("ductstream: build first: ")
        .contains("mvn -q -B package -DskipTests");
  }

  @Test
  void invalidSettingIsOneLineOnStderrAndExit2() throws Exception {
    LauncherRun r =
        LauncherRun.of(
            List.of("bin/ductstream"),
            Map.of(
                "DUCTSTREAM_POSTGRES_DSN",
                "postgres://u@localhost:1/db",
                "DUCTSTREAM_GRPC_LISTEN",
                ":x"));
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.stderr().strip().lines()).hasSize(1);
    assertThat(r.stderr()).contains("DUCTSTREAM_GRPC_LISTEN");
  }

  @Test
  void apiServerServesHealthAndStopsGracefullyOnSigterm() throws Exception {
    TestDatabase db = PostgresServer.shared().createDatabase("launcher");
    String secret = "launcher-secret-pw";
    db.execute("CREATE ROLE ductstream_app LOGIN SUPERUSER PASSWORD '" + secret + "'");
    String dsn =
        "postgres://ductstream_app:"
            + secret
            + "@"
            + db.host()
            + ":"
            + db.port()
            + "/"
            + db.name()
            + "?sslmode=disable";
    int port = FreePorts.next();
    Path out = Files.createTempFile("ductstream", ".out");
    ProcessBuilder pb =
        new ProcessBuilder("bin/ductstream")
            .directory(LauncherRun.REPO.toFile())
            .redirectErrorStream(true)
            .redirectOutput(out.toFile());
    pb.environment()
        .putAll(
            Map.of("DUCTSTREAM_POSTGRES_DSN", dsn, "DUCTSTREAM_GRPC_LISTEN", "127.0.0.1:" + port));
    Process server = pb.start();
    ManagedChannel channel =
        ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    try {
      ServingStatus status = awaitServing(channel, server, out);
      assertThat(status).isEqualTo(ServingStatus.SERVING);

      server.destroy(); // SIGTERM
      assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("server exits after SIGTERM").isTrue();
      String log = Files.readString(out);
      System.out.println("server log:\n" + log);
      assertThat(log).doesNotContain(secret).contains("ductstream_app");
      assertThat(server.exitValue()).isIn(0, 143);
    } finally {
      channel.shutdownNow();
      server.destroyForcibly();
    }
  }

  private static ServingStatus awaitServing(ManagedChannel channel, Process server, Path out)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!server.isAlive()) {
        throw new AssertionError("bin/ductstream exited early:\n" + Files.readString(out));
      }
      try {
        return HealthGrpc.newBlockingStub(channel)
            .withDeadlineAfter(2, TimeUnit.SECONDS)
            .check(HealthCheckRequest.getDefaultInstance())
            .getStatus();
      } catch (io.grpc.StatusRuntimeException notYet) {
        TimeUnit.MILLISECONDS.sleep(200);
      }
    }
    throw new AssertionError(
        "bin/ductstream did not answer health checks in 60 s:\n" + Files.readString(out));
  }
}
