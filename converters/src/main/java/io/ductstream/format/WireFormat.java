package io.ductstream.format;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The wire formats DuctStream reads and writes. Names are those users write: {@code
 * format=parquet}.
 */
public enum WireFormat {
  ARROW,
  PARQUET,
  AVRO,
  PROTO,
  JSON;

  /** The lower-case name users write in configs and flow files. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a user-written format name, case-insensitively.
   *
   * @throws IllegalArgumentException naming the value and the accepted names
   */
  public static WireFormat parse(String value) {
    return find(value)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown wire format \"" + value + "\"; use one of " + names()));
  }

  /** The format a user-written name denotes, case-insensitively, if any. */
  public static Optional<WireFormat> find(String value) {
    String name = value == null ? "" : value.trim();
    return Arrays.stream(values()).filter(f -> f.configName().equalsIgnoreCase(name)).findFirst();
  }

  /** {@code arrow | parquet | avro | proto | json}, for docs and error messages. */
  public static String names() {
    return Arrays.stream(values()).map(WireFormat::configName).collect(Collectors.joining(" | "));
  }

  @Override
  public String toString() {
    return configName();
  }
}
