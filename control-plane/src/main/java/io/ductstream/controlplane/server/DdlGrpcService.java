package io.ductstream.controlplane.server;

import static io.ductstream.controlplane.server.GrpcErrors.answer;

import io.ductstream.api.v1.DDLEventRequest;
import io.ductstream.api.v1.DDLEventResponse;
import io.ductstream.api.v1.DDLServiceGrpc;
import io.ductstream.api.v1.ListDDLRequest;
import io.ductstream.api.v1.ListDDLResponse;
import io.ductstream.api.v1.ListPendingDDLRequest;
import io.ductstream.controlplane.ddl.DdlApprovals;
import io.ductstream.controlplane.ddl.DdlDecision;
import io.ductstream.controlplane.ddl.DdlEvent;
import io.ductstream.controlplane.ddl.DdlStatus;
import io.grpc.stub.StreamObserver;

/** {@code ductstream.v1.DDLService}: translates requests for {@link DdlApprovals}. */
public final class DdlGrpcService extends DDLServiceGrpc.DDLServiceImplBase {
  /** Also the page size of a request without one: callers of the original API do not page. */
  static final int MAX_PAGE_SIZE = 1000;

  private final DdlApprovals approvals;

  public DdlGrpcService(DdlApprovals approvals) {
    this.approvals = approvals;
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

  private void decide(
      DDLEventRequest request, DdlDecision decision, StreamObserver<DDLEventResponse> observer) {
    answer(
        observer,
        () -> {
          if (request.getId() <= 0) {
            throw GrpcErrors.invalid("id is required (a DDL event id from ListDDL)");
          }
          return DDLEventResponse.newBuilder()
              .setEvent(toProto(approvals.decide(request.getId(), decision)))
              .build();
        });
  }

  private static ListDDLResponse toProto(DdlApprovals.Page page) {
    ListDDLResponse.Builder response = ListDDLResponse.newBuilder();
    page.events().forEach(e -> response.addEvents(toProto(e)));
    page.lastId().ifPresent(id -> response.setNextPageToken(PageTokens.encode(Long.toString(id))));
    return response.build();
  }

  private static io.ductstream.api.v1.DDLEvent toProto(DdlEvent event) {
    return io.ductstream.api.v1.DDLEvent.newBuilder()
        .setId(event.id())
        .setFlowId(event.flowId())
        .setDdl(event.ddl())
        .setLsn(event.lsn().orElse(""))
        .setStatus(event.status().apiName())
        .setPlanJson(event.planJson().orElse(""))
        .setCreatedAt(FlowMessages.timestamp(event.createdAt()))
        .build();
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
