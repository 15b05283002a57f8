package io.ductstream.controlplane.server;

import static io.ductstream.controlplane.server.GrpcErrors.answer;

import io.ductstream.api.v1.DDLEventRequest;
import io.ductstream.api.v1.DDLEventResponse;
import io.ductstream.api.v1.DDLServiceGrpc;
import io.ductstream.api.v1.InstallDDLCaptureRequest;
import io.ductstream.api.v1.InstallDDLCaptureResponse;
import io.ductstream.api.v1.ListDDLRequest;
import io.ductstream.api.v1.ListDDLResponse;
import io.ductstream.api.v1.ListPendingDDLRequest;
import io.ductstream.controlplane.ddl.DdlApprovals;
import io.ductstream.controlplane.ddl.DdlCapture;
import io.ductstream.controlplane.flow.DdlDecision;
import io.ductstream.controlplane.flow.DdlEvent;
import io.ductstream.controlplane.flow.DdlStatus;
import io.grpc.stub.StreamObserver;

/** {@code ductstream.v1.DDLService}: translates requests for {@link DdlApprovals}. */
public final class DdlGrpcService extends DDLServiceGrpc.DDLServiceImplBase {
  /** Also the page size of a request without one: callers of the original API do not page. */
  static final int MAX_PAGE_SIZE = 1000;

  private final DdlApprovals approvals;
  private final DdlCapture capture;

  public DdlGrpcService(DdlApprovals approvals, DdlCapture capture) {
    this.approvals = approvals;
    this.capture = capture;
  }

  @Override
  public void listPendingDDL(
      ListPendingDDLRequest request, StreamObserver<ListDDLResponse> observer) {
    answer(
        observer,
        () ->
            toProto(
                approvals.list(
                    DdlStatus.PENDING.apiName(),
                    optionalFlowId(request.getFlowId()),
                    pageSize(request.getPageSize()),
                    afterId(request.getPageToken()))));
  }

  @Override
  public void listDDL(ListDDLRequest request, StreamObserver<ListDDLResponse> observer) {
    answer(
        observer,
        () ->
            toProto(
                approvals.list(
                    request.getStatus(),
                    optionalFlowId(request.getFlowId()),
                    pageSize(request.getPageSize()),
                    afterId(request.getPageToken()))));
  }

  @Override
  public void approveDDL(DDLEventRequest request, StreamObserver<DDLEventResponse> observer) {
    decide(request, DdlDecision.APPROVE, observer);
  }

  @Override
  public void rejectDDL(DDLEventRequest request, StreamObserver<DDLEventResponse> observer) {
    decide(request, DdlDecision.REJECT, observer);
  }

  @Override
  public void markDDLApplied(DDLEventRequest request, StreamObserver<DDLEventResponse> observer) {
    decide(request, DdlDecision.APPLY, observer);
  }

  @Override
  public void getDDL(DDLEventRequest request, StreamObserver<DDLEventResponse> observer) {
    answer(
        observer,
        () ->
            DDLEventResponse.newBuilder()
                .setEvent(toProto(approvals.get(requireId(request))))
                .build());
  }

  @Override
  public void installDDLCapture(
      InstallDDLCaptureRequest request, StreamObserver<InstallDDLCaptureResponse> observer) {
    answer(
        observer,
        () ->
            InstallDDLCaptureResponse.newBuilder()
                .setMessage(capture.install(GrpcErrors.requireFlowId(request.getFlowId())))
                .build());
  }

  private void decide(
      DDLEventRequest request, DdlDecision decision, StreamObserver<DDLEventResponse> observer) {
    answer(
        observer,
        () ->
            DDLEventResponse.newBuilder()
                .setEvent(
                    toProto(
                        approvals.decide(
                            requireId(request),
                            decision,
                            CallerIdentity.current(),
                            request.getReason())))
                .build());
  }

  private static long requireId(DDLEventRequest request) {
    if (request.getId() <= 0) {
      throw GrpcErrors.invalid("id is required (a DDL event id from ListDDL)");
    }
    return request.getId();
  }

  private static ListDDLResponse toProto(DdlApprovals.Page page) {
    ListDDLResponse.Builder response = ListDDLResponse.newBuilder();
    page.events().forEach(e -> response.addEvents(toProto(e)));
    page.lastId().ifPresent(id -> response.setNextPageToken(PageTokens.encode(Long.toString(id))));
    return response.build();
  }

  private static io.ductstream.api.v1.DDLEvent toProto(DdlEvent event) {
    io.ductstream.api.v1.DDLEvent.Builder proto =
        io.ductstream.api.v1.DDLEvent.newBuilder()
            .setId(event.id())
            .setFlowId(event.flowId())
            .setNamespace(event.namespace())
            .setTable(event.table())
            .setTableVersion(event.tableVersion().orElse(0))
            .setDdl(event.ddl())
            .setDiff(event.diff())
            .setOldShapeJson(event.oldShape().orElse(""))
            .setNewShapeJson(event.newShape().orElse(""))
            .setDetectedBy(event.detectedBy())
            .setLsn(event.lsn().orElse(""))
            .setStatus(event.status().apiName())
            .setPlanJson(event.planJson().orElse(""))
            .setReason(event.reason())
            .setCreatedAt(FlowMessages.timestamp(event.createdAt()));
    event
        .approved()
        .ifPresent(t -> proto.setApprovedAt(FlowMessages.timestamp(t.at())).setApprovedBy(t.by()));
    event
        .rejected()
        .ifPresent(t -> proto.setRejectedAt(FlowMessages.timestamp(t.at())).setRejectedBy(t.by()));
    event
        .applied()
        .ifPresent(t -> proto.setAppliedAt(FlowMessages.timestamp(t.at())).setAppliedBy(t.by()));
    return proto.build();
  }

  /** An empty filter stays empty; anything else must look like a flow id. */
  private static String optionalFlowId(String flowId) {
    return flowId.isBlank() ? "" : GrpcErrors.requireFlowId(flowId);
  }

  private static int pageSize(int requested) {
    return requested <= 0 ? MAX_PAGE_SIZE : Math.min(requested, MAX_PAGE_SIZE);
  }

  private static long afterId(String pageToken) {
    if (pageToken.isEmpty()) {
      return 0;
    }
    String refusal = "page_token is not one that ListDDL returned; leave it empty";
    try {
      return Long.parseLong(PageTokens.decode(pageToken, refusal));
    } catch (NumberFormatException e) {
      throw GrpcErrors.invalid(refusal);
    }
  }
}
