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
  private static final Path REPO = LauncherRun.REPO;
  private static final String ADMIN_MAIN = "io.ductstream.controlplane.cli.AdminMain";
  private static final Map<String, String> CLASS_LOADING = Map.of("JAVA_OPTS", "-Xlog:class+load");

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
            List.of("bin/ductstream-connect"),
            List.of("bin/ductstream-cds"))) {
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
            List.of("bin/ductstream-connect", "--bogus"),
            List.of("bin/ductstream-cds", "--bogus"))) {
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
    assertThat(jvmFlags("bin/ductstream-worker", "")).contains("-XX:+PrintCommandLineFlags");
  }

  @Test
  void theWorkerRunsTheParallelCollectorUnlessJavaOptsPicksAnother() throws Exception {
    assertThat(jvmFlags("bin/ductstream-worker", "")).contains("-XX:+UseParallelGC");
    // two collectors would stop the JVM at start: the user's choice replaces the launcher's
    assertThat(jvmFlags("bin/ductstream-worker", "-XX:+UseG1GC"))
        .contains("-XX:+UseG1GC")
        .doesNotContain("UseParallelGC");
    assertThat(jvmFlags("bin/ductstream-admin", "-XX:+UseParallelGC"))
        .contains("-XX:+UseParallelGC")
        .doesNotContain("UseSerialGC");
  }

  @Test
  void theWorkerTunesYoungGenerationAndJitUnlessJavaOptsSaysOtherwise() throws Exception {
    assertThat(jvmFlags("bin/ductstream-worker", ""))
        .contains(
            "-XX:NewRatio=1",
            "-XX:FreqInlineSize=150",
            "-XX:InlineSmallCode=1200",
            "-XX:Tier4InvocationThreshold=15000",
            "-XX:Tier4CompileThreshold=30000",
            "-XX:Tier4BackEdgeThreshold=120000");
    // JAVA_OPTS comes after the launcher's flags: the JVM keeps the last value of each
    assertThat(jvmFlags("bin/ductstream-worker", "-XX:NewRatio=2 -XX:FreqInlineSize=325"))
        .contains("-XX:NewRatio=2", "-XX:FreqInlineSize=325")
        .doesNotContain("-XX:NewRatio=1", "-XX:FreqInlineSize=150");
  }

  /** The JVM flags a launcher's --help ran with, given these JAVA_OPTS. */
  private static String jvmFlags(String launcher, String javaOpts) throws Exception {
    LauncherRun r =
        LauncherRun.of(
            List.of(launcher, "--help"),
            Map.of("JAVA_OPTS", "-XX:+PrintCommandLineFlags " + javaOpts));
    assertThat(r.exit()).as(launcher + " with JAVA_OPTS " + javaOpts).isZero();
    return r.stdout().lines().findFirst().orElse("");
  }

  @Test
  void theLaunchersStartFromTheClassArchiveTheBuildWrote() throws Exception {
    assertThat(REPO.resolve("dist/target/ductstream/cds/ductstream.jsa")).isRegularFile();
    for (String launcher : List.of("bin/ductstream-admin", "bin/ductstream-worker")) {
      LauncherRun r = LauncherRun.of(List.of(launcher, "--help"), CLASS_LOADING);
      assertThat(r.exit()).as(launcher).isZero();
      assertThat(r.stdout()).as(launcher).contains(" source: shared objects file");
    }
    // mapped where it was written, so it is read page by page, not rewritten whole at each start
    LauncherRun mapping =
        LauncherRun.of(
            List.of("bin/ductstream-worker", "--help"), Map.of("JAVA_OPTS", "-Xlog:cds=info"));
    assertThat(mapping.exit()).isZero();
    assertThat(mapping.stdout())
        .contains("Mapped static  region #0")
        .doesNotContain("alternative address");
    // a JAVA_OPTS that says how to share classes replaces the launcher's archive, and one that
    // starts JFR
    // or an agent (a class-file load hook from the start, with which JDK 17 crashed on archived
    // classes)
    // leaves it out
    for (String opts :
        List.of(
            "-Xshare:off",
            "-XX:StartFlightRecording=filename=" + REPO.resolve("dist/target/cds-test.jfr"))) {
      LauncherRun off =
          LauncherRun.of(
              List.of("bin/ductstream-admin", "--help"),
              Map.of("JAVA_OPTS", opts + " -Xlog:class+load"));
      assertThat(off.exit()).as(opts).isZero();
      assertThat(off.stdout()).as(opts).contains(ADMIN_MAIN + " source: file:");
    }
  }

  @Test
  void anUnpackedInstallationWritesItsOwnClassArchiveAndIgnoresOneNotMadeForIt() throws Exception {
    // an unpacked tarball elsewhere: bin/ and lib/, no archive yet
    Path home =
        LauncherRun.unbuiltHome(
            List.of(
                "ductstream-admin",
                "ductstream-cds",
                "lib/launch.sh",
                "lib/locate.sh",
                "lib/ductstream.classlist"));
    Path lib = Files.createDirectories(home.resolve("lib"));
    try (var jars = Files.list(REPO.resolve("dist/target/ductstream/lib"))) {
      for (Path jar : jars.toList()) {
        Files.createSymbolicLink(lib.resolve(jar.getFileName()), jar);
      }
    }
    String admin = home.resolve("bin/ductstream-admin").toString();

    LauncherRun before = LauncherRun.of(List.of(admin, "--help"), CLASS_LOADING);
    assertThat(before.exit()).isZero();
    assertThat(before.stdout()).contains(ADMIN_MAIN + " source: file:");

    LauncherRun cds =
        LauncherRun.of(List.of(home.resolve("bin/ductstream-cds").toString()), Map.of(), 300);
    System.out.println("ductstream-cds said: " + cds.stdout().strip() + cds.stderr().strip());
    assertThat(cds.exit()).as(cds.stderr()).isZero();
    assertThat(cds.stdout())
        .startsWith("ductstream-cds: wrote " + home.resolve("cds/ductstream.jsa"));
    assertThat(home.resolve("cds/ductstream.flags"))
        .content()
        .contains("-XX:ArchiveRelocationMode=0");
    LauncherRun after = LauncherRun.of(List.of(admin, "--help"), CLASS_LOADING);
    assertThat(after.exit()).isZero();
    assertThat(after.stdout()).contains(ADMIN_MAIN + " source: shared objects file");

    // an archive written for another java or place: the launcher starts without it, saying nothing
    Files.writeString(
        home.resolve("cds/ductstream.key"), "java=/opt/other-jdk/bin/java lib=" + lib + "\n");
    LauncherRun stale = LauncherRun.of(List.of(admin, "--help"), CLASS_LOADING);
    assertThat(stale.exit()).isZero();
    assertThat(stale.stderr()).isEmpty();
    assertThat(stale.stdout()).contains(ADMIN_MAIN + " source: file:");
    Files.delete(home.resolve("cds/ductstream.jsa")); // 100 MB
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
