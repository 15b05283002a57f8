package io.ductstream.bench;

/** A benchmark could not run; the message says why and what to do. */
final class BenchException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  BenchException(String message) {
    super(message);
  }
}
