package io.ductstream.controlplane.server;

import com.google.protobuf.Timestamp;
import io.ductstream.api.v1.ConnectorStatus;
import io.ductstream.api.v1.Flow;
import io.ductstream.api.v1.FlowStatus;
import io.ductstream.api.v1.SlotStatus;
import io.ductstream.api.v1.TaskStatus;
import io.ductstream.controlplane.connect.ConnectorState;
import io.ductstream.controlplane.flow.Endpoint;
import io.ductstream.controlplane.flow.EndpointType;
import io.ductstream.controlplane.flow.FlowDefinition;
import io.ductstream.controlplane.flow.FlowRun;
import io.ductstream.controlplane.flow.FlowState;
import io.ductstream.controlplane.flow.Secrets;
import io.ductstream.controlplane.runtime.RunProgress;
import io.ductstream.controlplane.status.FlowStatusReport;
import io.ductstream.controlplane.status.SlotState;
import io.ductstream.controlplane.translate.ConnectorConfig;
import io.ductstream.format.WireFormat;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Translates between the ductstream.v1 messages and the domain's flows. */
public final class FlowMessages {
  private static final String ENDPOINT_TYPE_PREFIX = "ENDPOINT_TYPE_";
  private static final String FLOW_STATE_PREFIX = "FLOW_STATE_";
  private static final String WIRE_FORMAT_PREFIX = "WIRE_FORMAT_";

  private FlowMessages() {}

  /** A flow from a request; the server-set fields (state, timestamps) are left at their zero. */
  public static FlowDefinition fromProto(Flow flow) {
    return new FlowDefinition(
        flow.getId().trim(),
        flow.getName().trim(),
        flow.hasSource() ? endpoint(flow.getSource()) : Endpoint.absent(),
        flow.getDestinationsList().stream().map(FlowMessages::endpoint).toList(),
        FlowState.CREATED,
        wireFormat(flow.getWireFormat()),
        flow.getParallelism(),
        Instant.EPOCH,
        Instant.EPOCH);
  }

  /** A flow for a response: as stored, with its secrets masked. */
  public static Flow toProto(FlowDefinition flow) {
    Flow.Builder proto =
        Flow.newBuilder()
            .setId(flow.id())
            .setName(flow.name())
            .setSource(endpoint(Secrets.masked(flow.source())))
            .setState(state(flow.state()))
            .setParallelism(flow.parallelism())
            .setCreatedAt(timestamp(flow.createdAt()))
            .setUpdatedAt(timestamp(flow.updatedAt()));
    flow.destinations().forEach(d -> proto.addDestinations(endpoint(Secrets.masked(d))));
    flow.wireFormat()
        .ifPresent(
            format ->
                proto.setWireFormat(
                    io.ductstream.api.v1.WireFormat.valueOf(WIRE_FORMAT_PREFIX + format.name())));
    return proto.build();
  }

  static io.ductstream.api.v1.FlowState state(FlowState state) {
    return io.ductstream.api.v1.FlowState.valueOf(FLOW_STATE_PREFIX + state.name());
  }

  static io.ductstream.api.v1.ConnectorConfig toProto(ConnectorConfig connector) {
    return io.ductstream.api.v1.ConnectorConfig.newBuilder()
        .setName(connector.name())
        .putAllConfig(connector.config())
        .build();
  }

  static FlowStatus toProto(FlowStatusReport report) {
    FlowStatus.Builder status =
        FlowStatus.newBuilder()
            .setFlowId(report.flow().id())
            .setState(state(report.flow().state()))
            .setConnectError(report.connectError().orElse(""))
            .setSlot(slot(report.slot()));
    report.connectors().forEach(c -> status.addConnectors(connector(c)));
    report.progress().ifPresent(progress -> status.setProgress(progress(progress)));
    report.lastError().ifPresent(status::setLastError);
    report
        .checkpoint()
        .ifPresent(
            checkpoint ->
                status
                    .setCheckpointLsn(checkpoint.lsn())
                    .setCheckpointUpdatedAt(timestamp(checkpoint.updatedAt())));
    report.lastRun().ifPresent(run -> status.setLastRun(toProto(run)));
    report
        .ddlHold()
        .ifPresent(
            hold -> {
              status.addAllHeldByDdlEvents(hold.eventIds());
              hold.rejectionReason().ifPresent(status::setDdlRejectionReason);
            });
    return status.build();
  }

  static io.ductstream.api.v1.FlowRun toProto(FlowRun run) {
    io.ductstream.api.v1.FlowRun.Builder message =
        io.ductstream.api.v1.FlowRun.newBuilder()
            .setRunId(run.id())
            .setFlowId(run.flowId())
            .setTrigger(run.trigger().storeName())
            .setStatus(run.status().storeName())
            .setRows(run.rows())
            .setCheckpointLsn(run.checkpointLsn().orElse(""))
            .setError(run.error())
            .setAttempts(run.attempts())
            .setStartedAt(timestamp(run.startedAt()))
            .setDurationMillis(run.duration().toMillis());
    run.finishedAt().ifPresent(at -> message.setFinishedAt(timestamp(at)));
    return message.build();
  }

  static Timestamp timestamp(Instant instant) {
    return Timestamp.newBuilder()
        .setSeconds(instant.getEpochSecond())
        .setNanos(instant.getNano())
        .build();
  }

  private static ConnectorStatus connector(ConnectorState state) {
    ConnectorStatus.Builder connector =
        ConnectorStatus.newBuilder()
            .setName(state.name())
            .setState(state.state())
            .setWorkerId(state.workerId())
            .setError(state.error());
    for (ConnectorState.Task task : state.tasks()) {
      connector.addTasks(
          TaskStatus.newBuilder()
              .setId(task.id())
              .setState(task.state())
              .setWorkerId(task.workerId())
              .setError(task.error()));
    }
    return connector.build();
  }

  private static io.ductstream.api.v1.RunProgress progress(RunProgress progress) {
    return io.ductstream.api.v1.RunProgress.newBuilder()
        .setPhase(progress.snapshot() ? "snapshot" : "streaming")
        .setRows(progress.rows())
        .setRowsPerSecond(progress.rowsPerSecond())
        .setLagSeconds(progress.lagSeconds())
        .setSnapshotRowsRead(progress.snapshotRowsRead())
        .setSnapshotRowsEstimated(progress.snapshotRowsEstimated())
        .setSnapshotPercent(progress.snapshotPercent())
        .build();
  }

  private static SlotStatus slot(SlotState slot) {
    return SlotStatus.newBuilder()
        .setSlotName(slot.slotName())
        .setReachable(slot.reachable())
        .setError(slot.error())
        .setExists(slot.exists())
        .setActive(slot.active())
        .setRestartLsn(slot.restartLsn())
        .setConfirmedFlushLsn(slot.confirmedFlushLsn())
        .setRetainedWalBytes(slot.retainedWalBytes())
        .setLagBytes(slot.lagBytes())
        .build();
  }

  private static Endpoint endpoint(io.ductstream.api.v1.Endpoint endpoint) {
    return new Endpoint(
        endpoint.getName().trim(), type(endpoint.getType()), endpoint.getOptionsMap());
  }

  private static io.ductstream.api.v1.Endpoint endpoint(Endpoint endpoint) {
    return io.ductstream.api.v1.Endpoint.newBuilder()
        .setName(endpoint.name())
        .setType(
            endpoint.type() == EndpointType.UNSPECIFIED
                ? io.ductstream.api.v1.EndpointType.ENDPOINT_TYPE_UNSPECIFIED
                : io.ductstream.api.v1.EndpointType.valueOf(
                    ENDPOINT_TYPE_PREFIX + endpoint.type().name()))
        .putAllOptions(endpoint.options())
        .build();
  }

  private static EndpointType type(io.ductstream.api.v1.EndpointType type) {
    if (type == io.ductstream.api.v1.EndpointType.UNRECOGNIZED
        || type == io.ductstream.api.v1.EndpointType.ENDPOINT_TYPE_UNSPECIFIED) {
      return EndpointType.UNSPECIFIED;
    }
    return EndpointType.valueOf(type.name().substring(ENDPOINT_TYPE_PREFIX.length()));
  }

  private static Optional<WireFormat> wireFormat(io.ductstream.api.v1.WireFormat format) {
    if (format == io.ductstream.api.v1.WireFormat.UNRECOGNIZED
        || format == io.ductstream.api.v1.WireFormat.WIRE_FORMAT_UNSPECIFIED) {
      return Optional.empty();
    }
    return Optional.of(WireFormat.valueOf(format.name().substring(WIRE_FORMAT_PREFIX.length())));
  }

  static List<io.ductstream.api.v1.ConnectorConfig> connectors(List<ConnectorConfig> connectors) {
    return connectors.stream().map(FlowMessages::toProto).toList();
  }
}
