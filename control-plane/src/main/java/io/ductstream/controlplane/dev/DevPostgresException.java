package io.ductstream.controlplane.dev;

/** Dev mode's embedded PostgreSQL did not start or stop; the message says what to do. */
public final class DevPostgresException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DevPostgresException(String message, Throwable cause) {
    super(message, cause);
  }
}
