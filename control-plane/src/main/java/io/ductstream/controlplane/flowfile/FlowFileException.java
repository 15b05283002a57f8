package io.ductstream.controlplane.flowfile;

/** A flow file that is not valid JSON or not a flow; the message says which field is wrong. */
public final class FlowFileException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public FlowFileException(String message, Throwable cause) {
    super(message, cause);
  }

  public FlowFileException(String message) {
    super(message);
  }
}
