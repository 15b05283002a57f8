package io.ductstream.controlplane.cli.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import io.ductstream.api.v1.Endpoint;
import io.ductstream.api.v1.Flow;
import io.ductstream.api.v1.FlowState;
import io.ductstream.api.v1.FlowStatus;
import io.ductstream.api.v1.RunProgress;
import io.ductstream.api.v1.SlotStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AdminOutputTest {

  @Test
  void jsonKeepsEqualsSignsAndAngleBracketsAsTheyAre() {
    Flow flow =
        Flow.newBuilder()
            .setName("a<b>&c")
            .setSource(Endpoint.newBuilder().putOptions("dsn", "postgres://u@h/db?sslmode=disable"))
            .build();

    String json = JsonOutput.json(flow);

    assertThat(json)
        .contains("\"dsn\": \"postgres://u@h/db?sslmode=disable\"", "\"name\": \"a<b>&c\"")
        .doesNotContain("\\u003d", "\\u003c", "\\u0026");
  }

  @Test
  void tableColumnsAreAsWideAsTheirWidestCell() {
    StringWriter out = new StringWriter();
    new TextTable("ID", "NAME").row("1", "orders").row("12345", "x").print(new PrintWriter(out));

    assertThat(out.toString().lines()).containsExactly("ID     NAME", "1      orders", "12345  x");
  }

  @Test
  void watchShowsTheSnapshotBarRowsLagAndLastError() {
    FlowStatus status =
        FlowStatus.newBuilder()
            .setFlowId("f1")
            .setState(FlowState.FLOW_STATE_RUNNING)
            .setSlot(
                SlotStatus.newBuilder()
                    .setSlotName("s")
                    .setReachable(true)
                    .setExists(true)
                    .setActive(true)
                    .setLagBytes(2048))
            .setCheckpointLsn("0/16B3748")
            .setCheckpointUpdatedAt(Timestamp.newBuilder().setSeconds(1_000))
            .setProgress(
                RunProgress.newBuilder()
                    .setPhase("snapshot")
                    .setRows(5200)
                    .setRowsPerSecond(1234.4)
                    .setLagSeconds(3)
                    .setSnapshotRowsRead(5200)
                    .setSnapshotRowsEstimated(10_000)
                    .setSnapshotPercent(52))
            .setLastError("S3 request PUT failed")
            .build();
    Instant now = Instant.ofEpochSecond(1_002);

    assertThat(FlowStatusView.lines("orders", status, now))
        .containsExactly(
            "flow        orders (f1)",
            "state       RUNNING",
            "snapshot    [###############...............] 52%  5,200 of ~10,000 rows",
            "rows        1,234 rows/s, 5,200 since the run started",
            "lag         3 s, 2.0 KiB of WAL behind (slot s, active, retains 0 B)",
            "checkpoint  0/16B3748, 2 s ago",
            "last error  S3 request PUT failed");
    assertThat(FlowStatusView.line("orders", status, now))
        .isEqualTo(
            "1970-01-01T00:16:42Z flow=orders state=RUNNING phase=snapshot snapshot=52% rows=5200"
                + " rows_per_s=1234 lag_s=3 lag_bytes=2048 checkpoint=0/16B3748"
                + " error=\"S3 request PUT failed\"");
  }

  @Test
  void aFlowHeldByTheDdlGateShowsTheEventsTheCommandsAndARejectionsReason() {
    FlowStatus status =
        FlowStatus.newBuilder()
            .setFlowId("f1")
            .setState(FlowState.FLOW_STATE_AWAITING_DDL_APPROVAL)
            .setSlot(SlotStatus.newBuilder().setSlotName("s").setReachable(true))
            .addHeldByDdlEvents(7)
            .addHeldByDdlEvents(9)
            .setDdlRejectionReason("drops a column the lake needs")
            .build();
    Instant now = Instant.ofEpochSecond(1_002);

    assertThat(FlowStatusView.lines("orders", status, now))
        .startsWith(
            "flow        orders (f1)",
            "state       AWAITING_DDL_APPROVAL",
            "ddl gate    held by DDL events 7, 9 (see ductstream-admin ddl show -id 7; then ddl"
                + " approve -id 7 and ddl apply -id 7); rejected: drops a column the lake needs");
    assertThat(FlowStatusView.line("orders", status, now))
        .contains("state=AWAITING_DDL_APPROVAL held_by_ddl_events=7,9 ");
  }
}
