package io.ductstream.controlplane.server;

import static io.ductstream.controlplane.server.GrpcErrors.answer;

import io.ductstream.api.v1.CheckpointServiceGrpc;
import io.ductstream.api.v1.FlowCheckpoint;
import io.ductstream.api.v1.GetCheckpointRequest;
import io.ductstream.api.v1.ListCheckpointsRequest;
import io.ductstream.api.v1.ListCheckpointsResponse;
import io.ductstream.api.v1.PutCheckpointRequest;
import io.ductstream.api.v1.ResetCheckpointRequest;
import io.ductstream.api.v1.ResetCheckpointResponse;
import io.ductstream.controlplane.checkpoint.Checkpoints;
import io.ductstream.controlplane.flow.Checkpoint;
import io.grpc.stub.StreamObserver;
import java.time.Instant;
import java.util.Optional;

/** {@code ductstream.v1.CheckpointService}: translates requests for {@link Checkpoints}. */
public final class CheckpointGrpcService extends CheckpointServiceGrpc.CheckpointServiceImplBase {
  /** Also the page size of a request without one: callers of the original API do not page. */
  static final int MAX_PAGE_SIZE = 1000;

  private final Checkpoints checkpoints;

  public CheckpointGrpcService(Checkpoints checkpoints) {
    this.checkpoints = checkpoints;
  }

  @Override
  public void getCheckpoint(GetCheckpointRequest request, StreamObserver<FlowCheckpoint> observer) {
    answer(observer, () -> toProto(checkpoints.get(GrpcErrors.requireFlowId(request.getFlowId()))));
  }

  @Override
  public void putCheckpoint(PutCheckpointRequest request, StreamObserver<FlowCheckpoint> observer) {
    answer(
        observer,
        () -> {
          String flowId = GrpcErrors.requireFlowId(request.getFlowId());
          if (!request.hasCheckpoint()) {
            throw GrpcErrors.invalid("checkpoint is required");
          }
          io.ductstream.api.v1.Checkpoint checkpoint = request.getCheckpoint();
          Optional<Instant> at =
              checkpoint.getTimestampUnixMillis() > 0
                  ? Optional.of(Instant.ofEpochMilli(checkpoint.getTimestampUnixMillis()))
                  : Optional.empty();
          return toProto(
              checkpoints.put(flowId, checkpoint.getLsn(), checkpoint.getMetadataMap(), at));
        });
  }

  @Override
  public void listCheckpoints(
      ListCheckpointsRequest request, StreamObserver<ListCheckpointsResponse> observer) {
    answer(
        observer,
        () -> {
          int pageSize =
              request.getPageSize() <= 0
                  ? MAX_PAGE_SIZE
                  : Math.min(request.getPageSize(), MAX_PAGE_SIZE);
          String after =
              request.getPageToken().isEmpty()
                  ? ""
                  : PageTokens.decode(
                      request.getPageToken(),
                      "page_token is not one that ListCheckpoints returned; leave it empty");
          Checkpoints.Page page = checkpoints.list(pageSize, after);
          ListCheckpointsResponse.Builder response = ListCheckpointsResponse.newBuilder();
          page.checkpoints().forEach(c -> response.addCheckpoints(toProto(c)));
          if (!page.nextFlowId().isEmpty()) {
            response.setNextPageToken(PageTokens.encode(page.nextFlowId()));
          }
          return response.build();
        });
  }

  @Override
  public void resetCheckpoint(
      ResetCheckpointRequest request, StreamObserver<ResetCheckpointResponse> observer) {
    answer(
        observer,
        () ->
            ResetCheckpointResponse.newBuilder()
                .setReset(checkpoints.reset(GrpcErrors.requireFlowId(request.getFlowId())))
                .build());
  }

  private static FlowCheckpoint toProto(Checkpoint checkpoint) {
    return FlowCheckpoint.newBuilder()
        .setFlowId(checkpoint.flowId())
        .setCheckpoint(
            io.ductstream.api.v1.Checkpoint.newBuilder()
                .setLsn(checkpoint.lsn())
                .setTimestampUnixMillis(checkpoint.updatedAt().toEpochMilli())
                .putAllMetadata(checkpoint.metadata()))
        .build();
  }
}
