package io.ductstream.controlplane.store;

/**
 * The store database could not be reached or updated; the message names it (masked) and the cause.
 */
public final class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
