package io.ductstream.controlplane.server;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.health.v1.HealthGrpc;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Refuses calls beyond {@code max} running at once with RESOURCE_EXHAUSTED, so that a flood of
 * calls cannot take every thread and store connection. Health checks (and their long-lived watches)
 * are not counted.
 */
final class CallLimit implements ServerInterceptor {
  private final int max;
  private final AtomicInteger running = new AtomicInteger();

  CallLimit(int max) {
    this.max = max;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    if (HealthGrpc.SERVICE_NAME.equals(call.getMethodDescriptor().getServiceName())) {
      return next.startCall(call, headers);
    }
    if (running.incrementAndGet() > max) {
      running.decrementAndGet();
      call.close(
          Status.RESOURCE_EXHAUSTED.withDescription(
              "the API server is running its maximum of " + max + " calls; retry shortly"),
          new Metadata());
      return new ServerCall.Listener<>() {};
    }
    AtomicBoolean done = new AtomicBoolean();
    Runnable release =
        () -> {
          if (done.compareAndSet(false, true)) {
            running.decrementAndGet();
          }
        };
    ServerCall<Q, R> counted =
        new SimpleForwardingServerCall<>(call) {
          @Override
          public void close(Status status, Metadata trailers) {
            release.run();
            super.close(status, trailers);
          }
        };
    ServerCall.Listener<Q> listener;
    try {
      listener = next.startCall(counted, headers);
    } catch (RuntimeException e) {
      release.run();
      throw e;
    }
    return new SimpleForwardingServerCallListener<>(listener) {
      @Override
      public void onCancel() {
        release.run();
        super.onCancel();
      }

      @Override
      public void onComplete() {
        release.run();
        super.onComplete();
      }
    };
  }

  /** Calls running now (for tests and logs). */
  int running() {
    return running.get();
  }
}
