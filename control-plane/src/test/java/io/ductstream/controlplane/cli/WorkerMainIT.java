package io.ductstream.controlplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ductstream.contract.pg.PostgresDsn;
import io.ductstream.controlplane.store.StoreMigrations;
import io.ductstream.testkit.PostgresServer;
import io.ductstream.testkit.TestDatabase;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WorkerMainIT {
  private static TestDatabase store;
  private static Map<String, String> env;

  @BeforeAll
  static void createStore() {
    store = PostgresServer.shared().createDatabase("worker_main_it");
    env = Map.of("DUCTSTREAM_POSTGRES_DSN", store.postgresUrl());
  }

  @Test
  void unknownFlowIdExitsTwoNamingTheFlowAndTheStore() {
    CliRun run = CliRun.of(WorkerMain.commandLine(env), "-flow-id", "no-such-flow");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .startsWith(
            "ductstream-worker: flow \"no-such-flow\" not found in "
                + PostgresDsn.parse(store.postgresUrl()).masked());
  }

  @Test
  void backfillModeChecksTheFlowBeforeAnythingRunsWithOneLine() {
    StoreMigrations.migrate(PostgresDsn.parse(store.postgresUrl()));
    store.execute(
        "INSERT INTO ductstream.flows (id, name, source) VALUES ('orders', 'orders', '{\"type\": \"postgres\"}')");

    CliRun run =
        CliRun.of(
            WorkerMain.commandLine(env),
            "--flow-id",
            "orders",
            "--max-empty-reads",
            "1",
            "-mode",
            "backfill");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .startsWith("ductstream-worker: flow \"orders\" cannot run: ")
        .contains("database.dsn");
    // nothing ran: the flow's state is as it was
    assertThat(
            store.queryLong(
                "SELECT count(*) FROM ductstream.flow_state_events WHERE flow_id = 'orders'"))
        .isZero();
  }

  @Test
  void invalidStartLsnIsAUsageErrorNamingTheFlag() {
    CliRun run =
        CliRun.of(WorkerMain.commandLine(env), "-flow-id", "orders", "-start-lsn", "16B3748");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains(
            "Invalid value for option '--start-lsn': \"16B3748\" is not an LSN as Postgres prints it,"
                + " such as 0/16B3748");
  }

  @Test
  void validStartLsnTablesAndWorkersAreAccepted() {
    CliRun run =
        CliRun.of(
            WorkerMain.commandLine(env),
            "-flow-id=nope",
            "-start-lsn",
            "0/16B3748",
            "-tables",
            "public.orders,sales.items",
            "-snapshot-workers",
            "4");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("flow \"nope\" not found");
  }

  @Test
  void badTableNameAndWorkerCountAreUsageErrors() {
    assertThat(CliRun.of(WorkerMain.commandLine(env), "-flow-id", "f", "-tables", "orders").err())
        .contains(
            "Invalid value for option '--tables' (schema.t,...): \"orders\" is not schema.table");
    assertThat(
            CliRun.of(WorkerMain.commandLine(env), "-flow-id", "f", "-snapshot-workers", "0").err())
        .contains("Invalid value for option '--snapshot-workers': 0 is not positive");
    assertThat(CliRun.of(WorkerMain.commandLine(env), "-flow-id", "f", "-mode", "stream").err())
        .contains(
            "Invalid value for option '--mode': \"stream\" is not a mode; use cdc or backfill");
  }

  @Test
  void missingFlowIdIsAUsageError() {
    CliRun run = CliRun.of(WorkerMain.commandLine(env));

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Missing required option: '--flow-id=ID'");
  }

  @Test
  void missingStoreDsnIsOneLineNamingTheVariable() {
    CliRun run = CliRun.of(WorkerMain.commandLine(Map.of()), "-flow-id", "orders");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .startsWith("ductstream-worker: DUCTSTREAM_POSTGRES_DSN is not set");
  }

  @Test
  void unreachableStoreIsOneLineWithTheMaskedDsn() {
    CliRun run =
        CliRun.of(
            WorkerMain.commandLine(
                Map.of(
                    "DUCTSTREAM_POSTGRES_DSN",
                    "postgres://u:hunter2@127.0.0.1:1/db?connectTimeout=2")),
            "-flow-id",
            "orders");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .startsWith(
            "ductstream-worker: cannot migrate the store at postgres://u:***@127.0.0.1:1/db")
        .doesNotContain("hunter2");
  }

  @Test
  void helpPrintsEveryFlag() {
    CliRun run = CliRun.of(WorkerMain.commandLine(env), "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains(
            "Usage: ductstream-worker",
            "-flow-id",
            "-max-empty-reads",
            "-start-lsn",
            "-mode",
            "-tables",
            "-snapshot-workers");
  }
}
