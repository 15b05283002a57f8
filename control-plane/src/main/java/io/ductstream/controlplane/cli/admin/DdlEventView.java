package io.ductstream.controlplane.cli.admin;

import com.google.protobuf.Timestamp;
import io.ductstream.api.v1.DDLEvent;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;

/** A DDL event for people: the line of {@code ddl list} and the page of {@code ddl show}. */
final class DdlEventView {
  private DdlEventView() {}

  /** {@code schema.table}, or {@code -} for an event without one (older rows). */
  static String table(DDLEvent event) {
    if (event.getTable().isEmpty()) {
      return "-";
    }
    return event.getNamespace().isEmpty()
        ? event.getTable()
        : event.getNamespace() + "." + event.getTable();
  }

  /** The first line of the diff (the statement when there is no diff, on one line). */
  static String change(DDLEvent event) {
    if (event.getDiff().isBlank()) {
      return event.getDdl().strip().replaceAll("\\s+", " ");
    }
    List<String> lines = event.getDiff().strip().lines().toList();
    return lines.get(0).strip() + (lines.size() > 1 ? " (+" + (lines.size() - 1) + " more)" : "");
  }

  static void print(PrintWriter out, DDLEvent event) {
    out.println("event        " + event.getId());
    out.println("flow         " + event.getFlowId());
    out.println("table        " + table(event));
    out.println(
        "version      "
            + (event.getTableVersion() > 0 ? Integer.toString(event.getTableVersion()) : "-"));
    out.println("status       " + event.getStatus());
    out.println(
        "lsn          " + (event.getLsn().isEmpty() ? "- (not reached yet)" : event.getLsn()));
    out.println("detected by  " + (event.getDetectedBy().isEmpty() ? "-" : event.getDetectedBy()));
    out.println("created      " + when(event.hasCreatedAt(), event.getCreatedAt()));
    out.println(
        "approved     " + who(event.hasApprovedAt(), event.getApprovedAt(), event.getApprovedBy()));
    out.println(
        "rejected     " + who(event.hasRejectedAt(), event.getRejectedAt(), event.getRejectedBy()));
    if (!event.getReason().isEmpty()) {
      out.println("reason       " + event.getReason());
    }
    out.println(
        "applied      " + who(event.hasAppliedAt(), event.getAppliedAt(), event.getAppliedBy()));
    section(out, "diff", event.getDiff());
    section(out, "ddl", event.getDdl());
    section(out, "old shape", event.getOldShapeJson());
    section(out, "new shape", event.getNewShapeJson());
    section(out, "plan", event.getPlanJson());
    out.flush();
  }

  private static void section(PrintWriter out, String title, String text) {
    out.println();
    out.println(title + ":");
    if (text.isBlank()) {
      out.println("  -");
      return;
    }
    text.strip().lines().forEach(line -> out.println("  " + line));
  }

  private static String who(boolean happened, Timestamp at, String by) {
    return happened ? when(true, at) + (by.isEmpty() ? "" : " by " + by) : "-";
  }

  private static String when(boolean set, Timestamp at) {
    return set ? Instant.ofEpochSecond(at.getSeconds(), at.getNanos()).toString() : "-";
  }
}
