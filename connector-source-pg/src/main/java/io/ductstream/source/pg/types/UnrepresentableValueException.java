package io.ductstream.source.pg.types;

/**
 * A value that has no exact representation in its column's Connect schema (numeric {@code NaN} in a
 * {@code numeric(p,s)} column, an array with more dimensions than declared). The message says what
 * and how to fix it; the caller adds table, column and LSN.
 */
public final class UnrepresentableValueException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UnrepresentableValueException(String message) {
    super(message);
  }
}
