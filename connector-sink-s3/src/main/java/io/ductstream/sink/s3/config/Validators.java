package io.ductstream.sink.s3.config;

import io.ductstream.format.BatchWriterOptions;
import io.ductstream.format.WireFormat;
import io.ductstream.sink.s3.config.S3SinkConfig.PartitionerKind;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** The validators of {@link S3SinkConfig}; each message names the key and what to write. */
final class Validators {
  private Validators() {}

  static ConfigDef.Validator notBlank(String what) {
    return new Described(
        "non-empty",
        (name, value) -> {
          if (value != null && value.toString().isBlank()) {
            throw new ConfigException(name, value, name + " is empty; set it to " + what);
          }
        });
  }

  static ConfigDef.Validator emptyOrUrl() {
    return new Described(
        "\"\" or an http(s) URL",
        (name, value) -> {
          String text = value == null ? "" : value.toString().trim();
          if (text.isEmpty()) {
            return;
          }
          try {
            URI uri = new URI(text);
            if (uri.getScheme() == null
                || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                || uri.getHost() == null) {
              throw new URISyntaxException(text, "not an http(s) URL with a host");
            }
          } catch (URISyntaxException e) {
            throw new ConfigException(
                name,
                value,
                name
                    + " must be an http(s) URL such as http://minio:9000 (or empty for AWS S3): "
                    + e.getMessage());
          }
        });
  }

  static ConfigDef.Validator wireFormat() {
    return new Described(
        WireFormat.names(),
        (name, value) -> {
          if (WireFormat.find(value == null ? null : value.toString()).isEmpty()) {
            throw new ConfigException(
                name,
                value,
                "unknown format \""
                    + value
                    + "\" in "
                    + name
                    + "; use one of "
                    + WireFormat.names());
          }
        });
  }

  static ConfigDef.Validator codec() {
    return new Described(
        "snappy | zstd | gzip | none (or uncompressed)",
        (name, value) -> {
          try {
            codec(String.valueOf(value));
          } catch (IllegalArgumentException e) {
            throw new ConfigException(name, value, e.getMessage() + " in " + name);
          }
        });
  }

  /** The codec a user-written name denotes; {@code uncompressed} (Parquet's word) is none. */
  static BatchWriterOptions.Codec codec(String name) {
    return name.trim().equalsIgnoreCase("uncompressed")
        ? BatchWriterOptions.Codec.NONE
        : BatchWriterOptions.Codec.parse(name);
  }

  static ConfigDef.Validator partitioner() {
    String names =
        Arrays.stream(PartitionerKind.values())
            .map(PartitionerKind::configName)
            .collect(Collectors.joining(" | "));
    return new Described(
        names,
        (name, value) -> {
          String text = value == null ? "" : value.toString().trim().toUpperCase(Locale.ROOT);
          if (Arrays.stream(PartitionerKind.values()).noneMatch(k -> k.name().equals(text))) {
            throw new ConfigException(
                name, value, "unknown partitioner \"" + value + "\"; use one of " + names);
          }
        });
  }

  static ConfigDef.Validator offOrPositive() {
    return new Described(
        "-1 (off) or > 0",
        (name, value) -> {
          long v = ((Number) value).longValue();
          if (v != -1 && v <= 0) {
            throw new ConfigException(
                name, value, name + " must be -1 (off) or a positive number of milliseconds");
          }
        });
  }

  static ConfigDef.Validator dateTimePattern() {
    return new Described(
        "a DateTimeFormatter pattern",
        (name, value) -> {
          if (value == null || !S3SinkConfig.validPattern(value.toString())) {
            throw new ConfigException(
                name,
                value,
                name
                    + " is not a java.time DateTimeFormatter pattern; quote literal text, e.g."
                    + " 'date'=yyyy-MM-dd/'hour'=HH");
          }
        });
  }

  static ConfigDef.Validator zoneId() {
    return new Described(
        "a time zone id",
        (name, value) -> {
          try {
            ZoneId.of(String.valueOf(value).trim());
          } catch (DateTimeException e) {
            throw new ConfigException(
                name, value, name + " is not a time zone id; use e.g. UTC or Europe/Berlin");
          }
        });
  }

  /**
   * Problems between keys, by the key to blame: credentials given by halves, a field partitioner
   * without fields.
   */
  static Map<String, String> crossFieldProblems(Map<String, String> props) {
    Map<String, String> problems = new LinkedHashMap<>();
    String accessKey = props.getOrDefault(S3SinkConfig.ACCESS_KEY_ID, "").trim();
    String secret = props.getOrDefault(S3SinkConfig.SECRET_ACCESS_KEY, "");
    if (!accessKey.isEmpty() && secret.isEmpty()) {
      problems.put(
          S3SinkConfig.SECRET_ACCESS_KEY,
          S3SinkConfig.ACCESS_KEY_ID
              + " is set but "
              + S3SinkConfig.SECRET_ACCESS_KEY
              + " is empty; set both, or neither to use the default credentials provider chain");
    } else if (accessKey.isEmpty() && !secret.isEmpty()) {
      problems.put(
          S3SinkConfig.ACCESS_KEY_ID,
          S3SinkConfig.SECRET_ACCESS_KEY
              + " is set but "
              + S3SinkConfig.ACCESS_KEY_ID
              + " is empty; set both, or neither to use the default credentials provider chain");
    }
    String partitioner = props.getOrDefault(S3SinkConfig.PARTITIONER, "table").trim();
    String fields = props.getOrDefault(S3SinkConfig.PARTITIONER_FIELD, "").trim();
    if (partitioner.equalsIgnoreCase("field") && fields.replace(",", "").isBlank()) {
      problems.put(
          S3SinkConfig.PARTITIONER_FIELD,
          "partitioner=field needs "
              + S3SinkConfig.PARTITIONER_FIELD
              + "; set it to the field(s) to partition by, e.g. region or region,country");
    }
    retryTimeProblem(props)
        .ifPresent(problem -> problems.put(S3SinkConfig.RETRY_MAX_TOTAL_MS, problem));
    return problems;
  }

  /**
   * The retries of one task call plus one more request attempt must end before the consumer's poll
   * interval, known when the connector overrides it; unparsable numbers are their own keys'
   * problems.
   */
  private static Optional<String> retryTimeProblem(Map<String, String> props) {
    String pollText = props.get(S3SinkConfig.CONSUMER_MAX_POLL_INTERVAL_MS);
    if (pollText == null) {
      return Optional.empty();
    }
    try {
      long poll = Long.parseLong(pollText.trim());
      long total =
          Long.parseLong(props.getOrDefault(S3SinkConfig.RETRY_MAX_TOTAL_MS, "120000").trim());
      long request =
          Long.parseLong(props.getOrDefault(S3SinkConfig.REQUEST_TIMEOUT_MS, "30000").trim());
      if (total + request < poll) {
        return Optional.empty();
      }
      return Optional.of(
          S3SinkConfig.RETRY_MAX_TOTAL_MS
              + " ("
              + total
              + ") + "
              + S3SinkConfig.REQUEST_TIMEOUT_MS
              + " ("
              + request
              + ") must be below "
              + S3SinkConfig.CONSUMER_MAX_POLL_INTERVAL_MS
              + " ("
              + poll
              + "), or the consumer group gives this task's partitions to another while it still"
              + " retries; lower "
              + S3SinkConfig.RETRY_MAX_TOTAL_MS
              + " or raise "
              + S3SinkConfig.CONSUMER_MAX_POLL_INTERVAL_MS);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** A validator with the text the docs and Connect's REST API show for it. */
  private record Described(String text, ConfigDef.Validator check) implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      check.ensureValid(name, value);
    }

    @Override
    public String toString() {
      return text;
    }
  }
}
