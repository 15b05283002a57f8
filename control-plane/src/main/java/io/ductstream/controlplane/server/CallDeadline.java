package io.ductstream.controlplane.server;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Deadline;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.health.v1.HealthGrpc;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Answers a call DEADLINE_EXCEEDED when it runs longer than {@code max}, whatever deadline the
 * client gave (or none): a call stuck on a slow store, source or Connect cluster no longer holds
 * its client, its slot among the concurrent calls, or its HTTP/2 stream. The work itself ends at
 * its own timeouts (store socket, Connect HTTP, slot probe); what it answers after the deadline is
 * dropped. Health watches are not limited.
 */
final class CallDeadline implements ServerInterceptor {
  private final Duration max;
  private final ScheduledExecutorService timer;

  CallDeadline(Duration max, ScheduledExecutorService timer) {
    this.max = max;
    this.timer = timer;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    if (HealthGrpc.SERVICE_NAME.equals(call.getMethodDescriptor().getServiceName())) {
      return next.startCall(call, headers);
    }
    Deadline limit = Deadline.after(max.toNanos(), TimeUnit.NANOSECONDS);
    Context.CancellableContext context = Context.current().withDeadline(limit, timer);
    OnceClosed<Q, R> guarded = new OnceClosed<>(call);
    context.addListener(
        cancelled -> {
          if (cancelled.getDeadline() != null && cancelled.getDeadline().isExpired()) {
            guarded.close(
                Status.DEADLINE_EXCEEDED.withDescription(
                    "the call took longer than the server's limit of " + max.toSeconds() + "s"),
                new Metadata());
          }
        },
        Runnable::run);
    return Contexts.interceptCall(context, guarded, headers, next);
  }

  /** A call that can be closed from two threads: the first close wins, later output is dropped. */
  private static final class OnceClosed<Q, R> extends SimpleForwardingServerCall<Q, R> {
    private boolean closed;

    OnceClosed(ServerCall<Q, R> call) {
      super(call);
    }

    @Override
    public synchronized void sendHeaders(Metadata headers) {
      if (!closed) {
        super.sendHeaders(headers);
      }
    }

    @Override
    public synchronized void sendMessage(R message) {
      if (!closed) {
        super.sendMessage(message);
      }
    }

    @Override
    public synchronized void close(Status status, Metadata trailers) {
      if (!closed) {
        closed = true;
        super.close(status, trailers);
      }
    }
  }
}
