package io.ductstream.source.pg.decoding;

/** A pgoutput message this decoder cannot read: a protocol mismatch, never a user error. */
public final class PgOutputException extends RuntimeException {
  public PgOutputException(String message) {
    super(message);
  }
}
