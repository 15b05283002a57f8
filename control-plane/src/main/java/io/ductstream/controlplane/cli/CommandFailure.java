package io.ductstream.controlplane.cli;

/** A command failed for a reason the user can act on; printed as one line, exit code 2. */
public final class CommandFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CommandFailure(String message) {
    super(message);
  }

  public CommandFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
