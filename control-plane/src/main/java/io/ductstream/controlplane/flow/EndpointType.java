package io.ductstream.controlplane.flow;

import java.util.Locale;

/**
 * Kind of a flow's source or destination. DuctStream implements {@link #POSTGRES} sources and
 * {@link #KAFKA} and {@link #S3} destinations; the others are kept from the original API so that
 * they can be refused by name.
 */
public enum EndpointType {
  UNSPECIFIED,
  POSTGRES,
  SNOWFLAKE,
  S3,
  KAFKA,
  HTTP,
  GRPC;

  /** The short lower-case name of flow files and the store: {@code postgres}. */
  public String shortName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The type named {@code name}; {@link #UNSPECIFIED} for an empty name. */
  public static EndpointType fromShortName(String name) {
    return name.isEmpty() ? UNSPECIFIED : valueOf(name.toUpperCase(Locale.ROOT));
  }

  @Override
  public String toString() {
    return shortName();
  }
}
