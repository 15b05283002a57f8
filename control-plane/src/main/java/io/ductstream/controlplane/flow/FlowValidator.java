package io.ductstream.controlplane.flow;

import io.ductstream.contract.pg.PostgresDsn;
import io.ductstream.controlplane.RequestException;
import io.ductstream.source.pg.catalog.TableId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Checks a flow before it is stored: every problem is named by its field ({@code
 * destinations[1].options.bucket is required}) and says what to write instead. Secret values are
 * never repeated.
 */
public final class FlowValidator {
  /** The most tasks a flow's S3 sinks may run; each is a consumer, an encoder and an S3 client. */
  public static final int MAX_PARALLELISM = 64;

  public static final int MAX_DESTINATIONS = 16;

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final Pattern BROKER = Pattern.compile("[^\\s,:]+:[0-9]{1,5}");
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  private static final Pattern REGION = Pattern.compile("[a-z0-9-]{1,64}");
  private static final Pattern COLUMN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Set<String> KAFKA_COMPRESSIONS =
      Set.of("none", "gzip", "snappy", "lz4", "zstd");
  private static final Set<String> KAFKA_ACKS = Set.of("all", "-1", "0", "1");
  private static final Set<String> TIME_GRANULARITIES = Set.of("year", "month", "day", "hour");

  private final WireFormatPolicy formats;
  private final Function<FlowDefinition, List<String>> connectorChecks;

  /**
   * @param connectorChecks the problems the connectors find in the configs the flow renders to
   *     (each naming the flow field), asked once the flow's own shape is right: option values that
   *     end up in a connector are checked by that connector's rules alone
   */
  public FlowValidator(
      WireFormatPolicy formats, Function<FlowDefinition, List<String>> connectorChecks) {
    this.formats = formats;
    this.connectorChecks = connectorChecks;
  }

  /**
   * Checks {@code flow}.
   *
   * @throws RequestException INVALID listing every problem, separated by "; "
   */
  public void validate(FlowDefinition flow) {
    List<String> problems = new ArrayList<>();
    if (!flow.id().isEmpty() && !ID.matcher(flow.id()).matches()) {
      problems.add(
          "id may hold only letters, digits, '_' and '-' (at most 64); leave it empty for a UUID");
    }
    checkName("name", flow.name(), problems);
    if (flow.parallelism() < 0 || flow.parallelism() > MAX_PARALLELISM) {
      problems.add(
          "parallelism "
              + flow.parallelism()
              + " is not from 0 to "
              + MAX_PARALLELISM
              + " (the tasks of each S3 sink; 0 means 1)");
    }
    checkSource(flow.source(), problems);
    checkDestinations(flow, problems);
    checkNoMaskedSecrets("source.options", flow.source(), problems);
    for (int i = 0; i < flow.destinations().size(); i++) {
      checkNoMaskedSecrets("destinations[" + i + "].options", flow.destinations().get(i), problems);
    }
    problems.addAll(formats.problems(flow));
    if (problems.isEmpty()) {
      problems.addAll(connectorChecks.apply(flow));
    }
    if (!problems.isEmpty()) {
      throw RequestException.invalid(String.join("; ", problems));
    }
  }

  /** A secret still masked here was copied from a response and has no stored value to take. */
  private static void checkNoMaskedSecrets(String field, Endpoint endpoint, List<String> problems) {
    Secrets.firstMasked(endpoint)
        .ifPresent(
            key ->
                problems.add(
                    field
                        + "."
                        + key
                        + " holds a masked secret ("
                        + Secrets.MASK
                        + "), as responses show it; send the secret itself"));
  }

  private static void checkName(String field, String name, List<String> problems) {
    if (name.isBlank()) {
      problems.add(field + " is required");
    } else if (OptionRules.hasControlCharacter(name) || name.length() > 100) {
      problems.add(
          field
              + " may hold only letters, digits, '_', '-' and '.' (at most 100, starting with a"
              + " letter or digit)");
    } else if (!NAME.matcher(name).matches()) {
      problems.add(
          field
              + " \""
              + name
              + "\" may hold only letters, digits, '_', '-' and '.' (at most 100, starting with a"
              + " letter or digit): it names the flow's Kafka Connect connectors");
    }
  }

  private static void checkSource(Endpoint source, List<String> problems) {
    if (source.isAbsent()) {
      problems.add("source is required");
      return;
    }
    if (source.type() == EndpointType.UNSPECIFIED) {
      problems.add("source.type is required; use postgres");
      return;
    }
    if (source.type() != EndpointType.POSTGRES) {
      problems.add("source.type: " + source.type() + " is not supported as a source; use postgres");
      return;
    }
    OptionRules.check("source.options", source, problems);
    Options options = new Options("source.options", source, problems);
    checkConnection(options, source);
    options.bool(FlowOptions.DDL_GATE);
    source
        .option(FlowOptions.PUBLICATION_TABLES)
        .ifPresent(
            tables -> {
              for (String table : TableId.splitList(tables)) {
                try {
                  TableId.parse(table);
                } catch (IllegalArgumentException e) {
                  problems.add(
                      "source.options.publication_tables: \""
                          + table
                          + "\" is not a table ("
                          + e.getMessage()
                          + "); write schema.table[,schema.table...], with double quotes around a"
                          + " name that holds a dot, a comma or a quote (\"My Schema\".\"a,b\")");
                }
              }
            });
    // Durations are the flow's own notation (5s, 100ms): the connectors see milliseconds.
    options.duration(FlowOptions.BATCH_TIMEOUT, Duration.ofMillis(1), Duration.ofMinutes(1));
    options.duration(FlowOptions.STATUS_INTERVAL, Duration.ofMillis(100), Duration.ofDays(1));
  }

  private static void checkConnection(Options options, Endpoint source) {
    Optional<String> dsn = source.option(FlowOptions.DSN);
    if (dsn.isPresent() && OptionRules.isReference(dsn.get())) {
      // resolved by the Connect worker: nothing to check here
    } else if (dsn.isPresent()) {
      try {
        OptionRules.checkDsnParameters(
            PostgresDsn.read(dsn.get()).parameters().keySet(), options.problems);
      } catch (IllegalArgumentException e) {
        options.problems.add(
            "source.options.dsn is not a Postgres URL ("
                + e.getMessage()
                + "); use postgres://user:pass@host:5432/db?sslmode=disable");
      }
    } else if (source.option(FlowOptions.HOST).isEmpty()) {
      options.problems.add(
          "source.options.dsn is required (or source.options.host, database and user), e.g."
              + " postgres://user:pass@host:5432/db?sslmode=disable");
    } else {
      for (String key : new String[] {FlowOptions.DATABASE, FlowOptions.USER}) {
        if (source.option(key).isEmpty()) {
          options.problems.add(
              "source.options." + key + " is required when source.options.dsn is not set");
        }
      }
    }
  }

  private void checkDestinations(FlowDefinition flow, List<String> problems) {
    List<Endpoint> destinations = flow.destinations();
    if (destinations.isEmpty()) {
      problems.add("destinations: at least one destination is required (kafka or s3)");
      return;
    }
    if (destinations.size() > MAX_DESTINATIONS) {
      problems.add(
          "destinations: "
              + destinations.size()
              + " destinations; a flow may have at most "
              + MAX_DESTINATIONS);
      return;
    }
    Map<String, Integer> names = new HashMap<>();
    int kafka = -1;
    for (int i = 0; i < destinations.size(); i++) {
      Endpoint destination = destinations.get(i);
      String field = "destinations[" + i + "]";
      checkName(field + ".name", destination.name(), problems);
      Integer earlier = names.putIfAbsent(destination.name(), i);
      if (earlier != null && !destination.name().isBlank()) {
        problems.add(
            field
                + ".name \""
                + destination.name()
                + "\" is already the name of destinations["
                + earlier
                + "]; destination names must differ");
      }
      Options options = new Options(field + ".options", destination, problems);
      OptionRules.check(field + ".options", destination, problems);
      switch (destination.type()) {
        case KAFKA -> {
          if (kafka >= 0) {
            problems.add(
                field
                    + ": a flow writes to one Kafka destination and destinations["
                    + kafka
                    + "] is one already; create a second flow for another cluster");
          }
          kafka = i;
          checkKafka(options);
        }
        case S3 -> checkS3(options, destination, formats.fileFormat(flow, destination));
        case UNSPECIFIED -> problems.add(field + ".type is required; use kafka or s3");
        default ->
            problems.add(
                field
                    + ".type: "
                    + destination.type()
                    + " is not supported as a destination; use kafka or s3");
      }
    }
  }

  private static void checkKafka(Options options) {
    options
        .endpoint
        .option(FlowOptions.BROKERS)
        .ifPresent(
            brokers -> {
              for (String broker : brokers.split(",")) {
                if (!BROKER.matcher(broker.trim()).matches()) {
                  options.problems.add(
                      options.field(FlowOptions.BROKERS)
                          + ": \""
                          + broker.trim()
                          + "\" is not host:port; write host:port[,host:port...]");
                }
              }
            });
    options.bool(FlowOptions.TOPIC_PER_TABLE);
    options.oneOf(FlowOptions.COMPRESSION, KAFKA_COMPRESSIONS);
    options.oneOf(FlowOptions.ACKS, KAFKA_ACKS);
  }

  private static void checkS3(Options options, Endpoint destination, String fileFormat) {
    if (destination.option(FlowOptions.BUCKET).isEmpty()) {
      options.problems.add(options.field(FlowOptions.BUCKET) + " is required");
    }
    options.matching(
        FlowOptions.BUCKET,
        BUCKET,
        "an S3 bucket name: 3 to 63 lower-case letters, digits, '.', '-'");
    options.matching(FlowOptions.REGION, REGION, "a region such as us-east-1");
    destination
        .option(FlowOptions.PARTITION_BY)
        .ifPresent(partitionBy -> checkPartitionBy(options, partitionBy));
    options.duration(FlowOptions.ROTATE_INTERVAL, Duration.ofSeconds(1), Duration.ofDays(7));
    boolean accessKey = destination.option(FlowOptions.ACCESS_KEY).isPresent();
    boolean secretKey = destination.option(FlowOptions.SECRET_KEY).isPresent();
    if (accessKey != secretKey) {
      options.problems.add(
          options.field(accessKey ? FlowOptions.SECRET_KEY : FlowOptions.ACCESS_KEY)
              + " is required when "
              + options.field(accessKey ? FlowOptions.ACCESS_KEY : FlowOptions.SECRET_KEY)
              + " is set; give both, or neither to use the default AWS credentials");
    }
    if (!fileFormat.equalsIgnoreCase("parquet")
        && destination
            .option(FlowOptions.COMPRESSION)
            .filter(c -> !c.equals("none") && !c.equals("uncompressed"))
            .isPresent()) {
      options.problems.add(
          options.field(FlowOptions.COMPRESSION)
              + " applies to parquet files only and these files are "
              + fileFormat.toLowerCase(Locale.ROOT)
              + "; remove it, or set "
              + options.field(FlowOptions.FORMAT)
              + " to parquet");
    }
  }

  private static void checkPartitionBy(Options options, String partitionBy) {
    int colon = partitionBy.indexOf(':');
    String column = colon < 0 ? partitionBy : partitionBy.substring(0, colon);
    String granularity = colon < 0 ? "" : partitionBy.substring(colon + 1);
    boolean ok =
        COLUMN.matcher(column).matches() && (colon < 0 || TIME_GRANULARITIES.contains(granularity));
    if (!ok) {
      options.problems.add(
          options.field(FlowOptions.PARTITION_BY)
              + " \""
              + partitionBy
              + "\" is not a partitioning; write table, a column (customer_id) or a time column"
              + " with year, month, day or hour (created_at:day)");
    }
  }

  /** One endpoint's options and the checks shared by their kinds. */
  private static final class Options {
    private final String prefix;
    private final Endpoint endpoint;
    private final List<String> problems;

    Options(String prefix, Endpoint endpoint, List<String> problems) {
      this.prefix = prefix;
      this.endpoint = endpoint;
      this.problems = problems;
    }

    String field(String key) {
      return prefix + "." + key;
    }

    void matching(String key, Pattern pattern, String expected) {
      endpoint
          .option(key)
          .filter(value -> !pattern.matcher(value).matches())
          .ifPresent(value -> problems.add(field(key) + " \"" + value + "\" is not " + expected));
    }

    void bool(String key) {
      oneOf(key, Set.of("true", "false"));
    }

    void oneOf(String key, Set<String> allowed) {
      endpoint
          .option(key)
          .filter(value -> !allowed.contains(value))
          .ifPresent(
              value ->
                  problems.add(
                      field(key)
                          + " \""
                          + value
                          + "\" is not one of "
                          + String.join(", ", allowed.stream().sorted().toList())));
    }

    void integer(String key, long min, long max) {
      endpoint
          .option(key)
          .ifPresent(
              value -> {
                long number;
                try {
                  number = Long.parseLong(value);
                } catch (NumberFormatException e) {
                  problems.add(field(key) + " \"" + value + "\" is not a whole number");
                  return;
                }
                if (number < min || number > max) {
                  problems.add(field(key) + " " + number + " is not from " + min + " to " + max);
                }
              });
    }

    void duration(String key, Duration min, Duration max) {
      endpoint
          .option(key)
          .ifPresent(
              value -> {
                Duration duration;
                try {
                  duration = DurationText.parse(value);
                } catch (IllegalArgumentException e) {
                  problems.add(
                      field(key)
                          + " \""
                          + value
                          + "\" is not a duration ("
                          + e.getMessage()
                          + "); write e.g. 500ms, 10s, 1m");
                  return;
                }
                if (duration.compareTo(min) < 0 || duration.compareTo(max) > 0) {
                  problems.add(
                      field(key)
                          + " \""
                          + value
                          + "\" is not from "
                          + DurationText.format(min)
                          + " to "
                          + DurationText.format(max));
                }
              });
    }
  }
}
