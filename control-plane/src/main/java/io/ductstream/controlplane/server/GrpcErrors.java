package io.ductstream.controlplane.server;

import io.ductstream.controlplane.RequestException;
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

  /** The request's {@code flow_id}, trimmed; INVALID_ARGUMENT when it is blank. */
  static String requireFlowId(String flowId) {
    if (flowId.isBlank()) {
      throw invalid("flow_id is required");
    }
    return flowId.trim();
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
      log.warn("{}", e.getMessage());
      return Status.UNAVAILABLE.withDescription(e.getMessage()).asRuntimeException();
    }
    log.error("internal error", e);
    return Status.INTERNAL
        .withDescription(
            "internal error (" + e.getClass().getSimpleName() + "); see the server log")
        .asRuntimeException();
  }
}
