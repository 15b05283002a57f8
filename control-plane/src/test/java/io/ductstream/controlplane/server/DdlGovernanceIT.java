package io.ductstream.controlplane.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.ductstream.api.v1.CreateFlowRequest;
import io.ductstream.api.v1.DDLEvent;
import io.ductstream.api.v1.DDLEventRequest;
import io.ductstream.api.v1.DeleteFlowRequest;
import io.ductstream.api.v1.Flow;
import io.ductstream.api.v1.FlowState;
import io.ductstream.api.v1.GetFlowRequest;
import io.ductstream.api.v1.ListPendingDDLRequest;
import io.ductstream.api.v1.StartFlowRequest;
import io.ductstream.format.parquet.BytesInputFile;
import io.ductstream.format.parquet.ParquetFileReader;
import io.ductstream.testkit.NodeReaders;
import io.ductstream.testkit.PostgresServer;
import io.ductstream.testkit.S3Server;
import io.ductstream.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * DDL governance end to end, as a user runs it: the API server (DUCTSTREAM_DDL_GATE=true) runs a
 * Postgres to S3 (Parquet) flow itself; a column is added while rows stream. The flow holds and
 * shows awaiting_ddl_approval, no row of the new shape reaches S3, the pending event is listed with
 * its diff; approve and apply over gRPC let it go on, and the bucket ends with every row exactly
 * once, each under its schema version (read back by DuckDB).
 */
class DdlGovernanceIT {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static TestDatabase store;
  private static RunningApiServer server;

  @BeforeAll
  static void startServer() throws Exception {
    store = PostgresServer.shared().createDatabase("ddl_gov_store");
    server = RunningApiServer.start(store, Map.of("DUCTSTREAM_DDL_GATE", "true"));
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void anAddedColumnHoldsTheFlowUntilApprovedAndAppliedAndS3GetsEveryRowOnceInItsVersion(
      @TempDir Path downloads) throws Exception {
    TestDatabase source = PostgresServer.shared().createDatabase("ddl_gov_src");
    source.execute(
        "CREATE TABLE orders (id int PRIMARY KEY, note text)",
        "INSERT INTO orders SELECT g, 'n' || g FROM generate_series(1, 100) g");
    String bucket = S3Server.shared().createBucket("ddl-gov");
    Flow flow =
        server
            .flows()
            .createFlow(
                CreateFlowRequest.newBuilder()
                    .setFlow(parquetFlow("ddl_gov", source, bucket))
                    .build());
    server.flows().startFlow(StartFlowRequest.newBuilder().setFlowId(flow.getId()).build());
    await().atMost(WAIT).untilAsserted(() -> assertThat(count(bucket)).isEqualTo(100));

    source.execute(
        "INSERT INTO orders SELECT g, 'n' || g FROM generate_series(101, 120) g",
        "ALTER TABLE orders ADD COLUMN price numeric(10,2)",
        "INSERT INTO orders SELECT g, 'n' || g, g / 10.0 FROM generate_series(121, 150) g");

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(
                        server
                            .flows()
                            .getFlow(GetFlowRequest.newBuilder().setFlowId(flow.getId()).build())
                            .getState())
                    .isEqualTo(FlowState.FLOW_STATE_AWAITING_DDL_APPROVAL));
    List<DDLEvent> pending =
        server
            .ddl()
            .listPendingDDL(ListPendingDDLRequest.newBuilder().setFlowId(flow.getId()).build())
            .getEventsList();
    assertThat(pending).hasSize(1);
    DDLEvent event = pending.get(0);
    assertThat(event.getDdl()).isEqualTo("add column price numeric(10,2)");
    assertThat(event.getLsn()).isNotEmpty();
    assertThat(event.getPlanJson()).contains("_schemas/v2.json");

    // everything before the change arrives; nothing of the new shape does
    await().atMost(WAIT).untilAsserted(() -> assertThat(count(bucket)).isEqualTo(120));
    Thread.sleep(3000);
    assertThat(count(bucket)).isEqualTo(120);

    DDLEventRequest id = DDLEventRequest.newBuilder().setId(event.getId()).build();
    assertThat(server.ddl().approveDDL(id).getEvent().getStatus()).isEqualTo("approved");
    assertThat(server.ddl().markDDLApplied(id).getEvent().getStatus()).isEqualTo("applied");

    await().atMost(WAIT).untilAsserted(() -> assertThat(count(bucket)).isEqualTo(150));
    Map<Integer, JsonNode> byId = new TreeMap<>();
    for (JsonNode row : rows(bucket, downloads)) {
      assertThat(byId.put(row.path("id").asInt(), row)).as("row %s once", row.path("id")).isNull();
    }
    assertThat(byId.keySet()).hasSize(150);
    for (Map.Entry<Integer, JsonNode> row : byId.entrySet()) {
      int expected = row.getKey() <= 120 ? 1 : 2;
      assertThat(row.getValue().path("__schema_version").asText())
          .as("version of row %s", row.getKey())
          .isEqualTo(Integer.toString(expected));
    }
    assertThat(byId.get(130).path("price").asText()).isEqualTo("13.00");
    List<String> keys = keys(bucket);
    assertThat(keys).anyMatch(k -> k.endsWith("/_schemas/v1.json"));
    assertThat(keys).anyMatch(k -> k.endsWith("/_schemas/v2.json"));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(
                        server
                            .flows()
                            .getFlow(GetFlowRequest.newBuilder().setFlowId(flow.getId()).build())
                            .getState())
                    .isEqualTo(FlowState.FLOW_STATE_RUNNING));
    server.flows().deleteFlow(DeleteFlowRequest.newBuilder().setFlowId(flow.getId()).build());
  }

  private static Flow parquetFlow(String name, TestDatabase source, String bucket) {
    return TestFlows.s3Flow(name, source, bucket, "parquet", "1s", Map.of());
  }

  private static List<String> keys(String bucket) {
    List<String> keys = new ArrayList<>();
    for (S3Object object :
        S3Server.shared().client().listObjectsV2Paginator(b -> b.bucket(bucket)).contents()) {
      keys.add(object.key());
    }
    return keys;
  }

  /** The rows of the bucket's Parquet objects, by our reader (quick, to wait on). */
  private static int count(String bucket) throws Exception {
    var client = S3Server.shared().client();
    int rows = 0;
    for (String key : keys(bucket)) {
      if (key.endsWith(".parquet")) {
        byte[] data = client.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
        rows += ParquetFileReader.readAll(new BytesInputFile(data)).size();
      }
    }
    return rows;
  }

  /** The rows of the bucket's Parquet objects, each file read by DuckDB on its own. */
  private static List<JsonNode> rows(String bucket, Path downloads) throws Exception {
    var client = S3Server.shared().client();
    List<JsonNode> rows = new ArrayList<>();
    int n = 0;
    for (String key : keys(bucket)) {
      if (!key.endsWith(".parquet")) {
        continue;
      }
      Path file = downloads.resolve("o" + (n++) + "-" + System.nanoTime() + ".parquet");
      Files.write(file, client.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
      List<JsonNode> lines = NodeReaders.run("duckdb_read.mjs", file);
      rows.addAll(lines.subList(1, lines.size()));
      Files.delete(file);
    }
    return rows;
  }
}
