package io.ductstream.controlplane.server;

import io.ductstream.controlplane.RequestException;
import io.ductstream.controlplane.flow.OptionRules;
import io.ductstream.controlplane.store.StoreException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one RPC and turns the domain's failures into gRPC statuses. */
final class GrpcErrors {
  private static final Logger log = LoggerFactory.getLogger(GrpcErrors.class);

  /** Longer than any id the server hands out (64), shorter than anything abusive. */
  static final int MAX_FLOW_ID_LENGTH = 128;

  static final String STORE_UNAVAILABLE =
      "the API server cannot use its store right now; retry later (the server's log has the"
          + " cause)";

  private GrpcErrors() {}

  /** Answers {@code observer} with what {@code rpc} returns, or with the status of its failure. */
  static <T> void answer(StreamObserver<T> observer, Supplier<T> rpc) {
    T response;
    try {
      response = rpc.get();
    } catch (RuntimeException e) {
      observer.onError(status(e));
      return;
    }
    observer.onNext(response);
    observer.onCompleted();
  }

  /** An INVALID_ARGUMENT for a missing or malformed request field. */
  static RequestException invalid(String message) {
    return RequestException.invalid(message);
  }

  /**
   * The request's {@code flow_id}, trimmed; INVALID_ARGUMENT when it is blank, too long or holds
   * control characters (which are never echoed: they could forge log lines).
   */
  static String requireFlowId(String flowId) {
    // Spaces around an id are forgiven; control characters (which trim() would drop) are not.
    String id = flowId.strip();
    if (id.isEmpty() && flowId.chars().allMatch(Character::isWhitespace)) {
      throw invalid("flow_id is required");
    }
    if (id.isEmpty() || id.length() > MAX_FLOW_ID_LENGTH || OptionRules.hasControlCharacter(id)) {
      throw invalid(
          "flow_id is not a flow id: ids are letters, digits, '_' and '-' (at most 64), as"
              + " CreateFlow returns them");
    }
    return id;
  }

  static StatusRuntimeException status(RuntimeException e) {
    if (e instanceof StatusRuntimeException status) {
      return status;
    }
    if (e instanceof RequestException request) {
      Status status =
          switch (request.kind()) {
            case INVALID -> Status.INVALID_ARGUMENT;
            case NOT_FOUND -> Status.NOT_FOUND;
            case ALREADY_EXISTS -> Status.ALREADY_EXISTS;
            case FAILED_PRECONDITION -> Status.FAILED_PRECONDITION;
            case UNAVAILABLE -> Status.UNAVAILABLE;
          };
      return status.withDescription(request.getMessage()).asRuntimeException();
    }
    if (e instanceof StoreException) {
      // The detail names the store (host, database, user): for the server's log only.
      log.warn("{}", e.getMessage());
      return Status.UNAVAILABLE.withDescription(STORE_UNAVAILABLE).asRuntimeException();
    }
    log.error("internal error", e);
    return Status.INTERNAL
        .withDescription(
            "internal error (" + e.getClass().getSimpleName() + "); see the server log")
        .asRuntimeException();
  }
}
