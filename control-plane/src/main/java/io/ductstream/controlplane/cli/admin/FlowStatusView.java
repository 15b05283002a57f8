package io.ductstream.controlplane.cli.admin;

import io.ductstream.api.v1.FlowStatus;
import io.ductstream.api.v1.RunProgress;
import io.ductstream.api.v1.SlotStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A flow's status for people: the lines {@code flow status --watch} redraws on a terminal, and the
 * one line per update it prints when its output is not a terminal.
 */
final class FlowStatusView {
  static final int BAR_WIDTH = 30;

  private FlowStatusView() {}

  /** The screen: state, snapshot bar, rows/s, lag, checkpoint and last error. */
  static List<String> lines(String name, FlowStatus status, Instant now) {
    List<String> lines = new ArrayList<>();
    lines.add("flow        " + name + " (" + status.getFlowId() + ")");
    lines.add("state       " + state(status));
    if (status.getHeldByDdlEventsCount() > 0) {
      lines.add("ddl gate    " + ddlHold(status));
    }
    if (status.hasProgress()) {
      RunProgress progress = status.getProgress();
      lines.add("snapshot    " + snapshot(progress));
      lines.add(
          "rows        "
              + number(progress.getRowsPerSecond())
              + " rows/s, "
              + number(progress.getRows())
              + " since the run started");
      lines.add("lag         " + progress.getLagSeconds() + " s, " + walLag(status.getSlot()));
    } else {
      lines.add("snapshot    - (the API server does not run this flow itself)");
      lines.add("rows        -");
      lines.add("lag         " + walLag(status.getSlot()));
    }
    lines.add("checkpoint  " + checkpoint(status, now));
    lines.add("last error  " + (status.getLastError().isBlank() ? "-" : status.getLastError()));
    return lines;
  }

  /** One line with the same numbers, for logs and pipes. */
  static String line(String name, FlowStatus status, Instant now) {
    StringBuilder line = new StringBuilder();
    line.append(now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
        .append(" flow=")
        .append(name)
        .append(" state=")
        .append(state(status));
    if (status.getHeldByDdlEventsCount() > 0) {
      line.append(" held_by_ddl_events=")
          .append(
              String.join(
                  ",", status.getHeldByDdlEventsList().stream().map(String::valueOf).toList()));
    }
    if (status.hasProgress()) {
      RunProgress progress = status.getProgress();
      line.append(" phase=")
          .append(progress.getPhase())
          .append(" snapshot=")
          .append(progress.getSnapshotPercent() < 0 ? "-" : progress.getSnapshotPercent() + "%")
          .append(" rows=")
          .append(progress.getRows())
          .append(" rows_per_s=")
          .append(String.format(Locale.ROOT, "%.0f", progress.getRowsPerSecond()))
          .append(" lag_s=")
          .append(progress.getLagSeconds());
    }
    SlotStatus slot = status.getSlot();
    line.append(" lag_bytes=").append(slot.getExists() ? Long.toString(slot.getLagBytes()) : "-");
    line.append(" checkpoint=")
        .append(status.getCheckpointLsn().isBlank() ? "-" : status.getCheckpointLsn());
    if (!status.getLastError().isBlank()) {
      line.append(" error=\"").append(status.getLastError().replace('"', '\'')).append('"');
    }
    return line.toString();
  }

  /** {@code [#########.....] 52% 5,200 of ~10,000 rows}. */
  static String snapshot(RunProgress progress) {
    int percent = progress.getSnapshotPercent();
    if (percent < 0) {
      return "snapshot".equals(progress.getPhase())
          ? "reading, " + number(progress.getSnapshotRowsRead()) + " rows so far"
          : "- (none in this run)";
    }
    int filled = percent * BAR_WIDTH / 100;
    String bar = "[" + "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled) + "]";
    String text = bar + " " + percent + "%";
    if ("snapshot".equals(progress.getPhase())) {
      return text
          + "  "
          + number(progress.getSnapshotRowsRead())
          + " of ~"
          + number(progress.getSnapshotRowsEstimated())
          + " rows";
    }
    return text + "  done, " + number(progress.getSnapshotRowsRead()) + " rows; streaming";
  }

  /** {@code held by DDL event 7 (approve and apply it: ductstream-admin ddl show -id 7)}. */
  static String ddlHold(FlowStatus status) {
    List<Long> ids = status.getHeldByDdlEventsList();
    long first = ids.get(0);
    String text =
        "held by DDL event"
            + (ids.size() > 1 ? "s " : " ")
            + String.join(", ", ids.stream().map(String::valueOf).toList())
            + " (see ductstream-admin ddl show -id "
            + first
            + "; then ddl approve -id "
            + first
            + " and ddl apply -id "
            + first
            + ")";
    return status.getDdlRejectionReason().isBlank()
        ? text
        : text + "; rejected: " + status.getDdlRejectionReason();
  }

  private static String state(FlowStatus status) {
    return status.getState().name().replace("FLOW_STATE_", "");
  }

  private static String walLag(SlotStatus slot) {
    if (!slot.getReachable()) {
      return "source not reachable: " + slot.getError();
    }
    if (!slot.getExists()) {
      return "slot " + slot.getSlotName() + " does not exist yet";
    }
    return ByteSize.text(slot.getLagBytes())
        + " of WAL behind (slot "
        + slot.getSlotName()
        + (slot.getActive() ? ", active" : ", inactive")
        + ", retains "
        + ByteSize.text(slot.getRetainedWalBytes())
        + ")";
  }

  private static String checkpoint(FlowStatus status, Instant now) {
    if (status.getCheckpointLsn().isBlank()) {
      return "none yet";
    }
    long age =
        status.hasCheckpointUpdatedAt()
            ? Duration.between(
                    Instant.ofEpochSecond(status.getCheckpointUpdatedAt().getSeconds()), now)
                .toSeconds()
            : 0;
    return status.getCheckpointLsn() + ", " + Math.max(0, age) + " s ago";
  }

  static String number(double value) {
    return String.format(Locale.ROOT, "%,.0f", value);
  }
}
