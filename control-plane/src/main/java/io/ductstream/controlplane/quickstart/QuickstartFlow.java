package io.ductstream.controlplane.quickstart;

import io.ductstream.api.v1.CreateFlowRequest;
import io.ductstream.api.v1.Endpoint;
import io.ductstream.api.v1.EndpointType;
import io.ductstream.api.v1.Flow;
import io.ductstream.api.v1.FlowServiceGrpc.FlowServiceBlockingStub;
import io.ductstream.api.v1.FlowState;
import io.ductstream.api.v1.FlowStatus;
import io.ductstream.api.v1.GetFlowStatusRequest;
import io.ductstream.api.v1.ListFlowsRequest;
import io.ductstream.api.v1.ListFlowsResponse;
import io.ductstream.api.v1.PauseFlowRequest;
import io.ductstream.api.v1.ResumeFlowRequest;
import io.ductstream.api.v1.StartFlowRequest;
import io.ductstream.api.v1.UpdateFlowRequest;
import io.ductstream.contract.pg.PostgresDsn;
import io.ductstream.controlplane.flow.FlowOptions;
import io.ductstream.controlplane.flowfile.FlowFile;
import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.postgresql.replication.LogSequenceNumber;

/**
 * The quick start's flow, driven through the gRPC API as any client would: the flow file with the
 * source and bucket the quick start uses put in, created and started, or, when a flow of its name
 * exists (a second run), updated and started again from its checkpoint.
 */
public final class QuickstartFlow {
  /** Where the flow writes: an S3 endpoint (none: AWS), its bucket, region and credentials. */
  public record S3Target(
      Optional<URI> endpoint,
      String bucket,
      String region,
      Optional<String> accessKey,
      Optional<String> secretKey) {}

  /** Calls that wait for a run to drain (update, pause) get longer. */
  private static final long CALL_SECONDS = 30;

  private static final long DRAINING_CALL_SECONDS = 150;

  private final FlowServiceBlockingStub api;

  public QuickstartFlow(FlowServiceBlockingStub flows) {
    this.api = flows;
  }

  private FlowServiceBlockingStub call() {
    return api.withDeadlineAfter(CALL_SECONDS, TimeUnit.SECONDS);
  }

  private FlowServiceBlockingStub drainingCall() {
    return api.withDeadlineAfter(DRAINING_CALL_SECONDS, TimeUnit.SECONDS);
  }

  /**
   * The flow of {@code flowFile} (a flow file, as {@code ductstream-admin flow create -f} takes)
   * reading {@code source} and writing to {@code s3}; the file's own connection options are
   * replaced.
   */
  public static Flow flow(String flowFile, PostgresDsn source, S3Target s3) {
    CreateFlowRequest request = FlowFile.parse(flowFile);
    Flow.Builder flow = request.getFlow().toBuilder();
    Endpoint.Builder pg = flow.getSourceBuilder();
    pg.removeOptions(FlowOptions.DSN);
    pg.putOptions(FlowOptions.HOST, source.host())
        .putOptions(FlowOptions.PORT, Integer.toString(source.port()))
        .putOptions(FlowOptions.DATABASE, source.database())
        .putOptions(FlowOptions.USER, source.user())
        .putOptions(FlowOptions.PASSWORD, source.password())
        .putOptions(FlowOptions.SSLMODE, source.parameters().getOrDefault("sslmode", "prefer"));
    for (Endpoint.Builder destination : flow.getDestinationsBuilderList()) {
      if (destination.getType() != EndpointType.ENDPOINT_TYPE_S3) {
        continue;
      }
      destination
          .putOptions(FlowOptions.BUCKET, s3.bucket())
          .putOptions(FlowOptions.REGION, s3.region());
      put(destination, FlowOptions.ENDPOINT, s3.endpoint().map(URI::toString));
      put(destination, FlowOptions.FORCE_PATH_STYLE, s3.endpoint().map(e -> "true"));
      put(destination, FlowOptions.ACCESS_KEY, s3.accessKey());
      put(destination, FlowOptions.SECRET_KEY, s3.secretKey());
    }
    return flow.build();
  }

  private static void put(Endpoint.Builder endpoint, String key, Optional<String> value) {
    if (value.isPresent()) {
      endpoint.putOptions(key, value.get());
    } else {
      endpoint.removeOptions(key);
    }
  }

  /**
   * Creates and starts the flow, or updates the stored flow of its name and starts it again.
   *
   * @return the flow as stored, and whether it existed before
   */
  public Started createOrReuse(Flow flow) {
    Optional<Flow> existing = find(flow.getName());
    if (existing.isEmpty()) {
      Flow created =
          drainingCall()
              .createFlow(
                  CreateFlowRequest.newBuilder().setFlow(flow).setStartImmediately(true).build());
      return new Started(created, false);
    }
    String id = existing.get().getId();
    Flow updated =
        drainingCall()
            .updateFlow(UpdateFlowRequest.newBuilder().setFlow(flow.toBuilder().setId(id)).build());
    if (updated.getState() == FlowState.FLOW_STATE_CREATED) {
      updated = drainingCall().startFlow(StartFlowRequest.newBuilder().setFlowId(id).build());
    } else if (updated.getState() == FlowState.FLOW_STATE_PAUSED) {
      updated = drainingCall().resumeFlow(ResumeFlowRequest.newBuilder().setFlowId(id).build());
    }
    // running or failed: the update started its run again
    return new Started(updated, true);
  }

  /** The stored flow and whether it was there before this run. */
  public record Started(Flow flow, boolean reused) {}

  public FlowStatus status(String flowId) {
    return call().getFlowStatus(GetFlowStatusRequest.newBuilder().setFlowId(flowId).build());
  }

  /**
   * Waits until every change committed on {@code source} so far is durable in S3: a logical message
   * marks the WAL's end, and the flow's slot confirms it only once everything before it is written
   * and checkpointed.
   *
   * @return whether it was reached within {@code timeout}
   */
  public boolean awaitCaughtUp(String flowId, Connection source, Duration timeout)
      throws SQLException, InterruptedException {
    long target;
    try (Statement statement = source.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "SELECT pg_logical_emit_message(false, 'ductstream_quickstart', '')"
                    + " - '0/0'::pg_lsn")) {
      rs.next();
      target = rs.getBigDecimal(1).longValue();
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      String confirmed = status(flowId).getSlot().getConfirmedFlushLsn();
      if (!confirmed.isBlank()
          && Long.compareUnsigned(LogSequenceNumber.valueOf(confirmed).asLong(), target) >= 0) {
        return true;
      }
      Thread.sleep(250);
    }
    return false;
  }

  /** Pauses the flow: its run uploads what it holds and stores its checkpoint first. */
  public Flow pause(String flowId) {
    return drainingCall().pauseFlow(PauseFlowRequest.newBuilder().setFlowId(flowId).build());
  }

  private Optional<Flow> find(String name) {
    String token = "";
    do {
      ListFlowsResponse page =
          call()
              .listFlows(
                  ListFlowsRequest.newBuilder().setPageSize(100).setPageToken(token).build());
      for (Flow flow : page.getFlowsList()) {
        if (flow.getName().equals(name)) {
          return Optional.of(flow);
        }
      }
      token = page.getNextPageToken();
    } while (!token.isEmpty());
    return Optional.empty();
  }
}
