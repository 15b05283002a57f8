package io.ductstream.controlplane.server;

import static io.ductstream.controlplane.server.GrpcErrors.answer;

import io.ductstream.api.v1.CreateFlowRequest;
import io.ductstream.api.v1.DeleteFlowRequest;
import io.ductstream.api.v1.DeleteFlowResponse;
import io.ductstream.api.v1.Flow;
import io.ductstream.api.v1.FlowServiceGrpc;
import io.ductstream.api.v1.FlowStatus;
import io.ductstream.api.v1.GetFlowRequest;
import io.ductstream.api.v1.GetFlowStatusRequest;
import io.ductstream.api.v1.ListFlowRunsRequest;
import io.ductstream.api.v1.ListFlowRunsResponse;
import io.ductstream.api.v1.ListFlowsRequest;
import io.ductstream.api.v1.ListFlowsResponse;
import io.ductstream.api.v1.PauseFlowRequest;
import io.ductstream.api.v1.RenderConnectorConfigsRequest;
import io.ductstream.api.v1.RenderConnectorConfigsResponse;
import io.ductstream.api.v1.ResumeFlowRequest;
import io.ductstream.api.v1.RunFlowOnceRequest;
import io.ductstream.api.v1.RunFlowOnceResponse;
import io.ductstream.api.v1.StartFlowRequest;
import io.ductstream.api.v1.StopFlowRequest;
import io.ductstream.api.v1.UpdateFlowRequest;
import io.ductstream.controlplane.RequestException;
import io.ductstream.controlplane.ddl.DdlHolds;
import io.ductstream.controlplane.flow.FlowAction;
import io.ductstream.controlplane.flow.FlowDefinition;
import io.ductstream.controlplane.lifecycle.FlowLifecycle;
import io.ductstream.controlplane.status.FlowStatusReader;
import io.grpc.stub.StreamObserver;

/** {@code ductstream.v1.FlowService}: translates requests for {@link FlowLifecycle}. */
public final class FlowGrpcService extends FlowServiceGrpc.FlowServiceImplBase {
  static final int DEFAULT_PAGE_SIZE = 100;
  static final int MAX_PAGE_SIZE = 1000;
  static final int DEFAULT_RUNS = 20;

  private final FlowLifecycle flows;
  private final FlowStatusReader status;
  private final DdlHolds holds;

  public FlowGrpcService(FlowLifecycle flows, FlowStatusReader status, DdlHolds holds) {
    this.flows = flows;
    this.status = status;
    this.holds = holds;
  }

  @Override
  public void createFlow(CreateFlowRequest request, StreamObserver<Flow> observer) {
    answer(
        observer,
        () -> {
          if (!request.hasFlow()) {
            throw GrpcErrors.invalid("flow is required");
          }
          FlowDefinition created =
              flows.create(
                  FlowMessages.fromProto(request.getFlow()), request.getStartImmediately());
          return FlowMessages.toProto(created);
        });
  }

  @Override
  public void updateFlow(UpdateFlowRequest request, StreamObserver<Flow> observer) {
    answer(
        observer,
        () -> {
          if (!request.hasFlow()) {
            throw GrpcErrors.invalid("flow is required");
          }
          if (request.getFlow().getId().isBlank()) {
            throw GrpcErrors.invalid("flow.id is required");
          }
          return FlowMessages.toProto(flows.update(FlowMessages.fromProto(request.getFlow())));
        });
  }

  @Override
  public void getFlow(GetFlowRequest request, StreamObserver<Flow> observer) {
    answer(
        observer,
        () ->
            FlowMessages.toProto(
                holds.reported(flows.get(GrpcErrors.requireFlowId(request.getFlowId())))));
  }

  @Override
  public void listFlows(ListFlowsRequest request, StreamObserver<ListFlowsResponse> observer) {
    answer(
        observer,
        () -> {
          int pageSize =
              request.getPageSize() <= 0
                  ? DEFAULT_PAGE_SIZE
                  : Math.min(request.getPageSize(), MAX_PAGE_SIZE);
          FlowLifecycle.Page page = flows.list(pageSize, afterName(request.getPageToken()));
          ListFlowsResponse.Builder response = ListFlowsResponse.newBuilder();
          holds.reported(page.flows()).forEach(f -> response.addFlows(FlowMessages.toProto(f)));
          if (!page.nextName().isEmpty()) {
            response.setNextPageToken(PageTokens.encode(page.nextName()));
          }
          return response.build();
        });
  }

  @Override
  public void deleteFlow(DeleteFlowRequest request, StreamObserver<DeleteFlowResponse> observer) {
    answer(
        observer,
        () -> {
          String id = GrpcErrors.requireFlowId(request.getFlowId());
          if (!flows.delete(id)) {
            throw RequestException.notFound("flow \"" + id + "\" not found");
          }
          return DeleteFlowResponse.newBuilder().setDeleted(true).build();
        });
  }

  @Override
  public void startFlow(StartFlowRequest request, StreamObserver<Flow> observer) {
    transition(request.getFlowId(), FlowAction.START, observer);
  }

  /** The original API's stop: pauses the flow; ResumeFlow continues it from where it stopped. */
  @Override
  public void stopFlow(StopFlowRequest request, StreamObserver<Flow> observer) {
    transition(request.getFlowId(), FlowAction.PAUSE, observer);
  }

  @Override
  public void pauseFlow(PauseFlowRequest request, StreamObserver<Flow> observer) {
    transition(request.getFlowId(), FlowAction.PAUSE, observer);
  }

  @Override
  public void resumeFlow(ResumeFlowRequest request, StreamObserver<Flow> observer) {
    transition(request.getFlowId(), FlowAction.RESUME, observer);
  }

  @Override
  public void getFlowStatus(GetFlowStatusRequest request, StreamObserver<FlowStatus> observer) {
    answer(
        observer,
        () -> FlowMessages.toProto(status.read(GrpcErrors.requireFlowId(request.getFlowId()))));
  }

  @Override
  public void renderConnectorConfigs(
      RenderConnectorConfigsRequest request,
      StreamObserver<RenderConnectorConfigsResponse> observer) {
    answer(
        observer,
        () -> {
          FlowDefinition flow;
          if (!request.getFlowId().isBlank()) {
            flow = flows.get(GrpcErrors.requireFlowId(request.getFlowId()));
          } else if (request.hasFlow()) {
            flow = FlowMessages.fromProto(request.getFlow());
          } else {
            throw GrpcErrors.invalid("flow_id or flow is required");
          }
          return RenderConnectorConfigsResponse.newBuilder()
              .addAllConnectors(FlowMessages.connectors(flows.render(flow)))
              .build();
        });
  }

  @Override
  public void runFlowOnce(
      RunFlowOnceRequest request, StreamObserver<RunFlowOnceResponse> observer) {
    answer(
        observer,
        () -> {
          String id = GrpcErrors.requireFlowId(request.getFlowId());
          return RunFlowOnceResponse.newBuilder().setDispatched(flows.runOnce(id)).build();
        });
  }

  @Override
  public void listFlowRuns(
      ListFlowRunsRequest request, StreamObserver<ListFlowRunsResponse> observer) {
    answer(
        observer,
        () -> {
          String id = GrpcErrors.requireFlowId(request.getFlowId());
          int limit =
              request.getLimit() <= 0 ? DEFAULT_RUNS : Math.min(request.getLimit(), MAX_PAGE_SIZE);
          ListFlowRunsResponse.Builder response = ListFlowRunsResponse.newBuilder();
          status.runs(id, limit).forEach(run -> response.addRuns(FlowMessages.toProto(run)));
          return response.build();
        });
  }

  private void transition(String flowId, FlowAction action, StreamObserver<Flow> observer) {
    answer(
        observer,
        () -> FlowMessages.toProto(flows.transition(GrpcErrors.requireFlowId(flowId), action)));
  }

  private static String afterName(String pageToken) {
    if (pageToken.isEmpty()) {
      return "";
    }
    return PageTokens.decode(
        pageToken, "page_token is not one that ListFlows returned; leave it empty");
  }
}
