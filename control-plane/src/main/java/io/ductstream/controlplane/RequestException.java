package io.ductstream.controlplane;

/**
 * A request the control plane refuses, with the reason a client can act on. The API layer turns
 * {@link Kind} into its status code; the domain code never sees gRPC.
 */
public final class RequestException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why the request was refused. */
  public enum Kind {
    /** The request itself is wrong: a missing or malformed field. */
    INVALID,
    /** The flow, checkpoint or DDL event named does not exist. */
    NOT_FOUND,
    /** Something with that name exists already. */
    ALREADY_EXISTS,
    /**
     * The request is fine but not in the current state (an illegal transition, Connect refused).
     */
    FAILED_PRECONDITION,
    /** A server the control plane depends on (Kafka Connect) cannot be reached. */
    UNAVAILABLE
  }

  private final Kind kind;

  public RequestException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public RequestException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public static RequestException invalid(String message) {
    return new RequestException(Kind.INVALID, message);
  }

  public static RequestException notFound(String message) {
    return new RequestException(Kind.NOT_FOUND, message);
  }

  public static RequestException failedPrecondition(String message) {
    return new RequestException(Kind.FAILED_PRECONDITION, message);
  }

  public Kind kind() {
    return kind;
  }
}
