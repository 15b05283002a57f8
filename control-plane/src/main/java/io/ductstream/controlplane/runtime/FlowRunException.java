package io.ductstream.controlplane.runtime;

/**
 * A flow run that cannot start or cannot go on, with a message for the operator (what failed and
 * what to check). Nothing durable is lost: the checkpoint stays at what the destinations confirmed.
 */
public final class FlowRunException extends RuntimeException {
  public FlowRunException(String message) {
    super(message);
  }

  public FlowRunException(String message, Throwable cause) {
    super(message, cause);
  }
}
