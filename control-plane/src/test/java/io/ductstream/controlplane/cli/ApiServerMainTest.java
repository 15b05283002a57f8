package io.ductstream.controlplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiServerMainTest {

  @Test
  void helpPrintsUsageAndExitsZero() {
    CliRun run = CliRun.of(ApiServerMain.commandLine(Map.of(), Path.of("")), "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("Usage: ductstream", "--dev", "--dev-port=PORT", "DUCTSTREAM_POSTGRES_DSN");
  }

  @Test
  void versionExitsZero() {
    CliRun run = CliRun.of(ApiServerMain.commandLine(Map.of(), Path.of("")), "-V");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("ductstream ");
  }

  @Test
  void missingStoreDsnIsOneLineNamingTheVariable() {
    CliRun run = CliRun.of(ApiServerMain.commandLine(Map.of(), Path.of("")));

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .startsWith("ductstream: DUCTSTREAM_POSTGRES_DSN is not set;");
  }

  @Test
  void invalidDdlSettingStopsTheServerAndTheWorkerWithOneLineNamingTheVariable() {
    Map<String, String> env =
        Map.of(
            "DUCTSTREAM_POSTGRES_DSN",
            "postgres://u@h/db",
            "DUCTSTREAM_DDL_GATE",
            "true",
            "DUCTSTREAM_DDL_CATALOG_SCHEMAS",
            "public,Sales");
    CliRun server = CliRun.of(ApiServerMain.commandLine(env, Path.of("")));
    CliRun worker = CliRun.of(WorkerMain.commandLine(env), "-flow-id", "orders");

    String problem =
        "DUCTSTREAM_DDL_CATALOG_SCHEMAS=\"public,Sales\" holds \"Sales\", which is not a schema"
            + " name; list lower-case names (letters, digits and '_', at most 63) separated by"
            + " commas, e.g. DUCTSTREAM_DDL_CATALOG_SCHEMAS=public,sales";
    assertThat(server.exitCode()).isEqualTo(2);
    assertThat(server.errLines()).containsExactly("ductstream: " + problem);
    assertThat(worker.exitCode()).isEqualTo(2);
    assertThat(worker.errLines()).containsExactly("ductstream-worker: " + problem);
  }

  @Test
  void invalidSettingIsOneLineNamingTheVariable() {
    CliRun run =
        CliRun.of(
            ApiServerMain.commandLine(
                Map.of(
                    "DUCTSTREAM_POSTGRES_DSN", "postgres://u@h/db", "DUCTSTREAM_GRPC_LISTEN", ":x"),
                Path.of("")));

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines())
        .containsExactly(
            "ductstream: DUCTSTREAM_GRPC_LISTEN=\":x\" is not a listen address (the port is not a"
                + " number); use \":8080\" (loopback only), \"host:port\" or \"0.0.0.0:8080\" (every"
                + " interface)");
  }

  @Test
  void dbosWithAKafkaConnectClusterIsOneLineNamingBoth() {
    CliRun run =
        CliRun.of(
            ApiServerMain.commandLine(
                Map.of(
                    "DUCTSTREAM_POSTGRES_DSN", "postgres://u@127.0.0.1:1/db",
                    "DUCTSTREAM_DBOS_ENABLED", "true",
                    "DUCTSTREAM_CONNECT_URL", "http://connect:8083"),
                Path.of("")));

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .startsWith("ductstream: DUCTSTREAM_DBOS_ENABLED=true runs flows in the API server, but")
        .contains("DUCTSTREAM_CONNECT_URL is set", "unset one of the two");
  }

  @Test
  void invalidMetricsListenIsOneLineNamingTheVariable() {
    CliRun run =
        CliRun.of(
            ApiServerMain.commandLine(
                Map.of(
                    "DUCTSTREAM_POSTGRES_DSN",
                    "postgres://u@h/db",
                    "DUCTSTREAM_METRICS_LISTEN",
                    "localhost:metrics"),
                Path.of("")));

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .startsWith(
            "ductstream: DUCTSTREAM_METRICS_LISTEN=\"localhost:metrics\" is not a listen address"
                + " (the port is not a number)");
  }

  @Test
  void unknownFlagIsAUsageError() {
    CliRun run = CliRun.of(ApiServerMain.commandLine(Map.of(), Path.of("")), "--devv");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Unknown option: '--devv'");
  }
}
