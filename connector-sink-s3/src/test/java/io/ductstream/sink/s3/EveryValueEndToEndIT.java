package io.ductstream.sink.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ductstream.format.WireFormatConverter;
import io.ductstream.sink.s3.naming.ObjectNamer;
import io.ductstream.source.pg.PostgresSourceConnector;
import io.ductstream.testkit.KafkaConnectCluster;
import io.ductstream.testkit.NodeScripts;
import io.ductstream.testkit.PostgresServer;
import io.ductstream.testkit.S3Server;
import io.ductstream.testkit.TestDatabase;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Issue 17, end to end: a table of every type with its edge values goes through insert, update and
 * delete, the Postgres source on a real worker and broker, and the S3 sink on the in-process S3
 * server. A second table, REPLICA IDENTITY FULL, is keyed by values their typed key fields cannot
 * hold (year 294276, NaN) and deletes a row full of such values. Kafka records (keys and values)
 * are decoded with each format's converter; the objects are read by code we did not write: DuckDB
 * for Parquet, apache-arrow (JavaScript) for Arrow, Avro's own reader, Jackson for JSON Lines and
 * protobuf's DynamicMessage for protobuf (flat layout), DuckDB and Avro for the envelope layout.
 * Every value, key and before image is compared with what Postgres itself returns for the row,
 * through the envelope's overflow where a typed column cannot hold the value.
 *
 * <p>Both sides are brought to one canonical text per kind of column, computed by Postgres and by
 * the reader independently: e.g. a date as days since 1970 (or {@code infinity}), a timestamp as µs
 * since 1970, bytes as hex, an array as its flat elements (JSON) and its bounds ({@code
 * array_dims}).
 */
class EveryValueEndToEndIT {
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Reads JSON numbers with a fraction as BigDecimal, not double. */
  private static final ObjectMapper EXACT_JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private static final String PLACEHOLDER = "__ductstream_unchanged_toast";
  private static final List<String> KAFKA_FORMATS =
      List.of("avro", "proto", "json", "arrow", "parquet");
  private static final List<String> TABLES = List.of("everything", "extremes");

  /** One S3 sink per prefix: its layout, then its file format. */
  private static final List<String> FILE_PREFIXES =
      List.of(
          "flat-parquet",
          "flat-arrow",
          "flat-avro",
          "flat-proto",
          "flat-json",
          "envelope-parquet",
          "envelope-avro");

  /** Column, SQL type, kind (how both sides print it canonically). */
  private record Column(String name, String type, String kind) {}

  private static final List<Column> COLUMNS =
      List.of(
          new Column("i2", "smallint", "int"),
          new Column("i4", "integer", "int"),
          new Column("i8", "bigint", "int"),
          new Column("o", "oid", "int"),
          new Column("f4", "real", "float4"),
          new Column("f8", "double precision", "float8"),
          new Column("b", "boolean", "bool"),
          new Column("n", "numeric(12,2)", "decimal"),
          new Column("nneg", "numeric(2,-3)", "decimal"),
          new Column("nsmall", "numeric(3,5)", "decimal"),
          new Column("nu", "numeric", "text"),
          new Column("m", "money", "decimal"),
          new Column("t", "text", "text"),
          new Column("vc", "varchar(10)", "text"),
          new Column("c", "char(3)", "text"),
          new Column("ch", "\"char\"", "text"),
          new Column("nm", "name", "text"),
          new Column("bt", "bytea", "bytes"),
          new Column("u", "uuid", "text"),
          new Column("j", "json", "text"),
          new Column("jb", "jsonb", "text"),
          new Column("d", "date", "date"),
          new Column("tm", "time", "time"),
          new Column("ttz", "timetz", "text"),
          new Column("ts", "timestamp", "timestamp"),
          new Column("tstz", "timestamptz", "timestamp"),
          new Column("iv", "interval", "interval"),
          new Column("ip", "inet", "text"),
          new Column("net", "cidr", "text"),
          new Column("mac", "macaddr", "text"),
          new Column("mac8", "macaddr8", "text"),
          new Column("bits", "bit(4)", "text"),
          new Column("vbits", "varbit", "text"),
          new Column("e", "mood", "text"),
          new Column("dom", "posint", "int"),
          new Column("x", "xml", "text"),
          new Column("pt", "point", "text"),
          new Column("ia", "int[]", "array"),
          new Column("ta", "text[]", "array"),
          new Column("im", "int[][]", "array"),
          new Column("da", "date[]", "array"),
          new Column("ea", "mood[]", "array"),
          new Column("doma", "posint[]", "array"),
          new Column("na", "numeric(5,2)[]", "array"),
          new Column("ua", "uuid[]", "array"),
          new Column("ba", "boolean[]", "array"));

  private static final String TYPICAL =
      "(1, 12, 34, 56, 78, 1.5, 2.25, true, 1234567890.12, 12000, 0.00123, '12.3400', 12.34,"
          + " (SELECT string_agg(md5(g::text), '') FROM generate_series(1, 32768) g),"
          + " 'héllo', 'ab', 'x', 'a name', '\\x0102', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',"
          + " '{\"a\":  [1, 2]}', '{\"a\":  [1, 2]}', '2024-02-29', '12:34:56.789012',"
          + " '12:34:56.789+05:45', '2024-01-02 03:04:05.123456', '2024-01-02 03:04:05.123456+02',"
          + " '1 year 2 mons -3 days 04:05:06.000007', '192.168.0.1/24', '10.0.0.0/8',"
          + " '08:00:2b:01:02:03', '08:00:2b:01:02:03:04:05', B'1010', B'0001', 'happy', 7,"
          + " '<a>x</a>', '(1.5,-2)', '{1,NULL,3}', '{\"a,b\",NULL,\"c\\\"d\",\"NULL\",\"\"}',"
          + " '{{1,2},{3,NULL}}', '{2024-02-29,NULL}', '{sad,happy}', '{1,2}', '{1.50,NULL}',"
          + " '{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}', '{t,f,NULL}')";

  private static final String EDGES =
      "(2, -32768, -2147483648, -9223372036854775808, 4294967295, 'NaN', '-Infinity', false,"
          + " 'NaN', -99000, -0.00999, '-1.0E-30', '-92233720368547758.08', '', '', '  ',"
          + " '', '', (SELECT decode(string_agg(lpad(to_hex(g), 2, '0'), '' ORDER BY g), 'hex')"
          + " FROM generate_series(0, 255) g), '00000000-0000-0000-0000-000000000000',"
          + " '{\"u\": \"\\u00e9\\ud83d\\ude00\\u0000x\"}', '{\"u\": \"\\u00e9\\ud83d\\ude00\"}',"
          + " '4713-01-01 BC', '24:00:00', '00:00:00-15:59', '294276-12-31 23:59:59.999999',"
          + " '4713-01-01 00:00:00+00 BC', '-178000000 years -2147483648 days -2562047788:00:54.775807',"
          + " '::ffff:1.2.3.4/128', '::/0', '00:00:00:00:00:00', 'ff:ff:ff:ff:ff:ff:ff:ff',"
          + " B'0000', B'0000000001', 'sad', 2147483647, '', '(0,0)', '[0:2]={-1,0,1}',"
          + " '{{\"x\",NULL},{NULL,\"y\"}}', '{5,6}', '{infinity,-infinity}', '{}', '[-5:-5]={9}',"
          + " '{{1.25,NaN}}', '{}', '{}')";

  private static final String INFINITIES =
      "(3, 0, 0, 0, 0, 'Infinity', '-0', NULL, 0, 0, 0, 'Infinity', 0, 'three', NULL, NULL, NULL,"
          + " NULL, NULL, NULL, 'null', 'null', 'infinity', '00:00:00', '23:59:59.999999+15:59',"
          + " 'infinity', 'infinity', '0 seconds', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
          + " NULL, NULL, '{}', NULL, NULL, '{-infinity}', NULL, NULL, NULL, NULL, NULL)";

  private static KafkaConnectCluster cluster;
  private static TestDatabase db;
  private static String bucket;
  private static S3Client s3;

  /** Where the objects are downloaded for the readers; emptied first (names repeat across runs). */
  private static final Path DOWNLOADS = Path.of("target", "every-value");

  @BeforeAll
  static void start() throws Exception {
    if (Files.exists(DOWNLOADS)) {
      try (var paths = Files.walk(DOWNLOADS)) {
        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
    }
    cluster = KafkaConnectCluster.shared();
    db = PostgresServer.shared().createDatabase("everyvalue");
    bucket = S3Server.shared().createBucket("every-value");
    s3 = S3Server.shared().client();
  }

  @AfterAll
  static void closeClient() {
    s3.close();
  }

  /**
   * One table's changes and what Postgres says of its rows: the images a change should carry, and
   * the changes a reader should see ({@code ub}: the before image of an update, which only REPLICA
   * IDENTITY FULL sends; {@code d}: the before image of a delete, all columns only under FULL).
   */
  private record TableCase(
      String table,
      List<String> key,
      List<String> ops,
      boolean fullIdentity,
      Map<Integer, Map<String, String[]>> inserted,
      Map<Integer, Map<String, String[]>> updated) {

    /** Postgres' values of the image a change carries; null when only its key is known. */
    Map<String, String[]> image(String op, int id) {
      return switch (op) {
        case "c", "ub" -> inserted.get(id);
        case "u" -> updated.get(id);
        default -> fullIdentity ? updated.getOrDefault(id, inserted.get(id)) : null;
      };
    }

    /** How many change records there are (an update's before image is in its record). */
    int records() {
      return (int) ops.stream().filter(op -> !op.startsWith("ub")).count();
    }
  }

  @Test
  void everyValueArrivesExactlyOnKafkaInEveryFormatAndInEveryFileFormatAndLayout()
      throws Exception {
    long started = System.nanoTime();
    StringBuilder columns = new StringBuilder();
    for (Column column : COLUMNS) {
      columns.append(", ").append(column.name()).append(' ').append(column.type());
    }
    db.execute(
        "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')",
        "CREATE DOMAIN posint AS int CHECK (VALUE > 0)",
        "CREATE TABLE everything (id int PRIMARY KEY" + columns + ")",
        // keyed by values their typed key fields cannot hold (year 294276, NaN), whole images
        "CREATE TABLE extremes (id int NOT NULL" + columns + ", PRIMARY KEY (ts, n))",
        "ALTER TABLE extremes REPLICA IDENTITY FULL");
    String name = cluster.uniqueName("everyvalue");
    // one source per wire format on Kafka, each with its own slot; the S3 sinks read the avro one
    for (String format : KAFKA_FORMATS) {
      for (String table : TABLES) {
        // a change with 1 MiB of text is a record above Kafka's 1 MiB defaults
        cluster
            .kafka()
            .createTopic(topic(name, format, table), 1, 1, Map.of("max.message.bytes", "4194304"));
      }
      startSource(name, format);
    }
    String topics = topic(name, "avro", "everything") + "," + topic(name, "avro", "extremes");
    for (String prefix : FILE_PREFIXES) {
      String format = prefix.substring(prefix.indexOf('-') + 1);
      Map<String, String> sink = SinkConnectors.config(topics, bucket, prefix);
      if (prefix.startsWith("flat-")) {
        sink.remove("layout"); // flat rows, as analysts query them
      } else {
        sink.put("layout", "envelope");
      }
      sink.put("format", format);
      sink.put("flush.size", "3");
      sink.put("rotate.schedule.interval.ms", "1500");
      converters(sink, "avro");
      SinkConnectors.start(cluster, name + "-sink-" + prefix, sink);
    }

    db.execute(
        "INSERT INTO everything VALUES " + TYPICAL + ", " + EDGES + ", " + INFINITIES,
        "INSERT INTO extremes VALUES " + EDGES + ", " + INFINITIES);
    db.execute("INSERT INTO everything (id) VALUES (4)"); // every column NULL
    Map<Integer, Map<String, String[]>> inserted = expected("everything", "true");
    Map<Integer, Map<String, String[]>> insertedExtremes = expected("extremes", "true");
    db.execute(
        // t (1 MiB, TOASTed) is unchanged; ts gets the last timestamp below infinity's integer
        "UPDATE everything SET i4 = i4 + 1, ts = '294247-01-10 04:00:54.775806' WHERE id = 1",
        // the first timestamp past it (overflow) and the last date
        "UPDATE everything SET f8 = 'NaN', ts = '294247-01-10 04:00:54.775807',"
            + " d = '5874897-12-31' WHERE id = 2",
        // the row keyed by year 294276 and NaN gets the last date and an overflowing timestamptz
        "UPDATE extremes SET f8 = 'NaN', d = '5874897-12-31',"
            + " tstz = '294276-12-31 23:59:59.999999+00' WHERE id = 2");
    Map<Integer, Map<String, String[]>> updated = expected("everything", "id IN (1, 2)");
    Map<Integer, Map<String, String[]>> updatedExtremes = expected("extremes", "id = 2");
    db.execute("DELETE FROM everything WHERE id = 3", "DELETE FROM extremes WHERE id = 2");
    List<TableCase> cases =
        List.of(
            new TableCase(
                "everything",
                List.of("id"),
                List.of("c1", "c2", "c3", "c4", "u1", "u2", "d3"),
                false,
                inserted,
                updated),
            new TableCase(
                "extremes",
                List.of("ts", "n"),
                List.of("c2", "c3", "u2", "ub2", "d2"),
                true,
                insertedExtremes,
                updatedExtremes));

    long changed = System.nanoTime();
    Map<String, int[]> results = new LinkedHashMap<>();
    for (String format : KAFKA_FORMATS) {
      int[] counts = new int[2];
      Map<String, Integer> records = new LinkedHashMap<>();
      cases.forEach(c -> records.put(topic(name, format, c.table()), c.records()));
      Map<String, List<Map<String, String>>> rows = kafkaRows(records, format);
      for (TableCase tableCase : cases) {
        List<Map<String, String>> tableRows =
            rows.getOrDefault(topic(name, format, tableCase.table()), List.of());
        add(counts, compare("kafka " + format, tableRows, tableCase, tableCase.ops()));
      }
      results.put("kafka " + format, counts);
      System.out.println(
          "kafka " + format + " values: " + counts[0] + " compared, " + counts[1] + " exact");
    }
    long kafkaRead = System.nanoTime();
    for (String prefix : FILE_PREFIXES) {
      int[] counts = new int[2];
      for (TableCase tableCase : cases) {
        Path dir = Files.createDirectories(DOWNLOADS.resolve(prefix).resolve(tableCase.table()));
        List<String> ops = tableCase.ops();
        AtomicReference<List<Map<String, String>>> read = new AtomicReference<>();
        await()
            .atMost(WAIT)
            .ignoreExceptions()
            .until(
                () -> {
                  read.set(download(prefix, tableCase.table(), dir) > 0 ? rows(prefix, dir) : null);
                  return read.get() != null && read.get().size() == ops.size();
                });
        add(counts, compare(prefix, read.get(), tableCase, ops));
      }
      results.put(prefix, counts);
      System.out.println(prefix + " values: " + counts[0] + " compared, " + counts[1] + " exact");
    }
    System.out.printf(
        "connectors started and changes made in %d ms, Kafka read in %d ms, files in %d ms%n",
        (changed - started) / 1_000_000,
        (kafkaRead - changed) / 1_000_000,
        (System.nanoTime() - kafkaRead) / 1_000_000);
    for (String prefix : FILE_PREFIXES) {
      cluster.connect().deleteConnector(name + "-sink-" + prefix);
    }
    for (String format : KAFKA_FORMATS) {
      cluster.connect().deleteConnector(name + "-source-" + format);
    }
    results.forEach(
        (format, counts) -> assertThat(counts[1]).as(format + " exact").isEqualTo(counts[0]));
  }

  private static void add(int[] counts, int[] more) {
    counts[0] += more[0];
    counts[1] += more[1];
  }

  private static String topic(String name, String format, String table) {
    return name + "-" + format + ".public." + table;
  }

  private static void startSource(String name, String format) throws InterruptedException {
    String connector = name + "-source-" + format;
    Map<String, String> source = new HashMap<>();
    source.put("connector.class", PostgresSourceConnector.class.getName());
    source.put("tasks.max", "1");
    source.put("database.dsn", db.postgresUrl());
    source.put("slot.name", connector.replace('-', '_') + "_slot");
    source.put("publication.name", connector.replace('-', '_') + "_pub");
    source.put("table.include.list", "public.everything,public.extremes");
    source.put("topic.prefix", name + "-" + format);
    source.put("heartbeat.interval.ms", "500");
    source.put("producer.override.max.request.size", "4194304");
    converters(source, format);
    cluster.connect().configureConnector(connector, source);
    cluster
        .connect()
        .assertions()
        .assertConnectorAndExactlyNumTasksAreRunning(connector, 1, "source did not start");
  }

  private static void converters(Map<String, String> props, String format) {
    props.put("key.converter", WireFormatConverter.class.getName());
    props.put("key.converter.format", format);
    props.put("value.converter", WireFormatConverter.class.getName());
    props.put("value.converter.format", format);
  }

  // ---------------------------------------------------------------- what Postgres says

  /**
   * Per row id and column: {canonical form, the type's text output, array_dims} as Postgres itself
   * computes them.
   */
  private static Map<Integer, Map<String, String[]>> expected(String table, String where)
      throws Exception {
    StringBuilder select = new StringBuilder("SELECT id");
    for (Column column : COLUMNS) {
      String c = column.name();
      // format('%s', NULL) is '', not NULL
      select
          .append(", CASE WHEN ")
          .append(c)
          .append(" IS NULL THEN NULL ELSE ")
          .append(postgresCanonical(c, column.kind()))
          .append(" END, CASE WHEN ")
          .append(c)
          .append(" IS NULL THEN NULL ELSE format('%s', ")
          .append(c)
          .append(") END, ")
          .append(column.kind().equals("array") ? "array_dims(" + c + ")" : "NULL");
    }
    select.append(" FROM ").append(table).append(" WHERE ").append(where);
    Map<Integer, Map<String, String[]>> rows = new TreeMap<>();
    try (Connection connection = db.connect();
        Statement s = connection.createStatement()) {
      s.execute("SET TimeZone = 'UTC'");
      s.execute("SET DateStyle = 'ISO'");
      s.execute("SET IntervalStyle = 'postgres'");
      s.execute("SET extra_float_digits = 3");
      try (ResultSet r = s.executeQuery(select.toString())) {
        while (r.next()) {
          Map<String, String[]> row = new LinkedHashMap<>();
          for (int i = 0; i < COLUMNS.size(); i++) {
            row.put(
                COLUMNS.get(i).name(),
                new String[] {
                  r.getString(2 + 3 * i), r.getString(3 + 3 * i), r.getString(4 + 3 * i)
                });
          }
          rows.put(r.getInt(1), row);
        }
      }
    }
    return rows;
  }

  private static String postgresCanonical(String c, String kind) {
    return switch (kind) {
      case "int", "float4", "float8", "bool" -> c + "::text";
      case "decimal" -> c + "::numeric::text";
      case "bytes" -> "encode(" + c + ", 'hex')";
      case "date" ->
          "CASE WHEN isfinite("
              + c
              + ") THEN ("
              + c
              + " - DATE '1970-01-01')::text ELSE "
              + c
              + "::text END";
      case "time" -> "trunc(extract(epoch FROM " + c + ") * 1000000)::text";
      case "timestamp" ->
          "CASE WHEN isfinite("
              + c
              + ") THEN trunc(extract(epoch FROM "
              + c
              + ") * 1000000)::text ELSE "
              + c
              + "::text END";
      case "interval" ->
          "format('{''months'': %s, ''days'': %s, ''micros'': %s}', (extract(year FROM "
              + c
              + ") * 12 + extract(month FROM "
              + c
              + "))::bigint, extract(day FROM "
              + c
              + ")::bigint, trunc(extract(hour FROM "
              + c
              + ") * 3600000000 + extract(minute FROM "
              + c
              + ") * 60000000 + extract(microsecond FROM "
              + c
              + ")))";
      case "array" ->
          "CASE WHEN "
              + c
              + " IS NULL THEN NULL ELSE to_json(ARRAY(SELECT unnest("
              + c
              + ")))::text END";
      default -> "format('%s', " + c + ")";
    };
  }

  // ---------------------------------------------------------------- what the readers say

  private static int download(String prefix, String table, Path dir) throws Exception {
    int count = 0;
    for (String key : BucketContents.keys(s3, bucket, prefix + "/")) {
      if (key.contains("/" + ObjectNamer.SCHEMAS_DIR + "/")
          || key.contains(ObjectNamer.INDEX_DIR)
          || !key.contains("/" + table + "/")) {
        continue;
      }
      byte[] bytes = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
      Files.write(dir.resolve(key.substring(key.lastIndexOf('/') + 1)), bytes);
      count++;
    }
    return count;
  }

  /**
   * The Connect schema of a table's rows as the sink stored it beside the objects ({@code
   * _schemas/}, Kafka's JSON form), read with Kafka's own JsonConverter: what a reader of JSON
   * Lines or protobuf files without our code maps them by.
   */
  private static org.apache.kafka.connect.data.Schema storedSchema(String prefix, String table)
      throws Exception {
    List<String> keys =
        BucketContents.keys(s3, bucket, prefix + "/").stream()
            .filter(k -> k.contains("/" + table + "/" + ObjectNamer.SCHEMAS_DIR + "/"))
            .toList();
    assertThat(keys).as(prefix + " " + table + " schemas").hasSize(1);
    org.apache.kafka.connect.json.JsonConverter kafkaJson =
        new org.apache.kafka.connect.json.JsonConverter();
    kafkaJson.configure(Map.of("schemas.enable", "true"), false);
    return kafkaJson.asConnectSchema(
        JSON.readTree(s3.getObjectAsBytes(b -> b.bucket(bucket).key(keys.get(0))).asByteArray()));
  }

  /** Every row (or image, in the envelope layout) in canonical text, ordered by LSN, id and op. */
  private static List<Map<String, String>> rows(String prefix, Path dir) throws Exception {
    String table = dir.getFileName().toString();
    List<Map<String, String>> rows =
        switch (prefix) {
          case "flat-parquet" -> duckDbRows(dir, "flat");
          case "envelope-parquet" -> duckDbRows(dir, "envelope");
          case "flat-arrow" -> arrowRows(dir);
          case "flat-avro" -> avroRows(dir, false);
          case "envelope-avro" -> avroRows(dir, true);
          case "flat-json" ->
              structRows(JsonAndProtoFiles.jsonLines(dir, storedSchema(prefix, table)));
          case "flat-proto" ->
              structRows(JsonAndProtoFiles.proto(dir, storedSchema(prefix, table)));
          default -> throw new IllegalArgumentException(prefix);
        };
    if (prefix.startsWith("flat-")) {
      List<Map<String, String>> befores = new ArrayList<>();
      for (Map<String, String> row : rows) {
        row.put("__key", fileKey(row.get("__key")));
        if (row.get("__op").equals("u") && row.get("__before_json") != null) {
          befores.add(beforeJsonRow(row, storedSchema(prefix, table)));
        }
      }
      rows.addAll(befores);
    }
    sortByLsnIdAndOp(rows);
    return rows;
  }

  /**
   * An update's before image from the flat layout's {@code __before_json} (the JSON wire format,
   * overflowing values in its {@code __overflow} member), read with Jackson, as op {@code ub}.
   */
  private static Map<String, String> beforeJsonRow(
      Map<String, String> row, org.apache.kafka.connect.data.Schema flat) throws Exception {
    JsonNode image = EXACT_JSON.readTree(row.get("__before_json"));
    Map<String, String> before = new LinkedHashMap<>();
    before.put("__op", "ub");
    before.put("__lsn", row.get("__lsn"));
    JsonNode overflow = image.get("__overflow");
    before.put(
        "__overflow",
        overflow == null
            ? null
            : JSON.writeValueAsString(EXACT_JSON.convertValue(overflow, TreeMap.class)));
    before.put("__unchanged", null);
    before.put("id", image.get("id").asText());
    for (Column column : COLUMNS) {
      Object value =
          JsonAndProtoFiles.fromJson(flat.field(column.name()).schema(), image.get(column.name()));
      before.put(column.name(), value == null ? null : connectCanonical(column.kind(), value));
    }
    return before;
  }

  /** Flat rows read into Connect values by {@link JsonAndProtoFiles}, in the canonical forms. */
  private static List<Map<String, String>> structRows(List<Struct> flat) throws Exception {
    List<Map<String, String>> rows = new ArrayList<>();
    for (Struct struct : flat) {
      Map<String, String> row = new LinkedHashMap<>();
      row.put("__op", struct.getString("__op"));
      row.put("__lsn", String.valueOf(struct.get("__lsn")));
      Map<?, ?> overflow = struct.getMap("__overflow");
      row.put(
          "__overflow", overflow == null ? null : JSON.writeValueAsString(new TreeMap<>(overflow)));
      List<?> unchanged = struct.getArray("__unchanged");
      row.put("__unchanged", unchanged == null ? null : JSON.writeValueAsString(unchanged));
      row.put("__key", struct.getString("__key"));
      row.put("__before_json", struct.getString("__before_json"));
      row.put("id", String.valueOf(struct.get("id")));
      for (Column column : COLUMNS) {
        Object value = struct.get(column.name());
        row.put(column.name(), value == null ? null : connectCanonical(column.kind(), value));
      }
      rows.add(row);
    }
    return rows;
  }

  private static List<Map<String, String>> duckDbRows(Path dir, String layout) throws Exception {
    return nodeRows(
        "e2e_duckdb.mjs",
        dir.toAbsolutePath() + "/*.parquet",
        JSON.writeValueAsString(kinds()),
        layout);
  }

  /**
   * The change records of the topics (topic to how many records), by topic, keys and values decoded
   * by the format's converter, in canonical text: a row per image (the after image, a delete's
   * before image, and an update's before image as op {@code ub} where Postgres sent one).
   */
  private static Map<String, List<Map<String, String>>> kafkaRows(
      Map<String, Integer> records, String format) throws Exception {
    WireFormatConverter keys = new WireFormatConverter();
    keys.configure(Map.of("format", format), true);
    WireFormatConverter values = new WireFormatConverter();
    values.configure(Map.of("format", format), false);
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    Map<String, List<Map<String, String>>> rows = new HashMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      // no group to join: each topic has one partition
      consumer.assign(records.keySet().stream().map(t -> new TopicPartition(t, 0)).toList());
      long deadline = System.nanoTime() + WAIT.toNanos();
      int wanted = records.values().stream().mapToInt(Integer::intValue).sum();
      int read = 0;
      while (read < wanted && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          read++;
          String topic = record.topic();
          SchemaAndValue key = keys.toConnectData(topic, record.headers(), record.key());
          SchemaAndValue value = values.toConnectData(topic, record.headers(), record.value());
          rows.computeIfAbsent(topic, t -> new ArrayList<>())
              .addAll(connectRows((Struct) value.value(), (Struct) key.value()));
        }
      }
    }
    rows.values().forEach(EveryValueEndToEndIT::sortByLsnIdAndOp);
    return rows;
  }

  /** A change envelope as a consumer decodes it, in the canonical forms (flat, like the files). */
  private static List<Map<String, String>> connectRows(Struct envelope, Struct key)
      throws Exception {
    String op = envelope.getString("op");
    String lsn = envelope.getStruct("source").get("lsn").toString();
    Struct overflow = envelope.getStruct("overflow");
    List<?> unchanged = envelope.getArray("unchanged");
    Struct before = envelope.getStruct("before");
    boolean delete = op.equals("d");
    Map<String, String> row =
        connectImage(
            op,
            lsn,
            delete ? before : envelope.getStruct("after"),
            overflow == null ? null : overflow.getMap(delete ? "before" : "after"),
            unchanged);
    row.put("__key", connectKey(key));
    List<Map<String, String>> rows = new ArrayList<>(List.of(row));
    if (!delete && before != null) {
      rows.add(
          connectImage(
              op + "b", lsn, before, overflow == null ? null : overflow.getMap("before"), null));
    }
    return rows;
  }

  private static Map<String, String> connectImage(
      String op, String lsn, Struct image, Map<?, ?> overflow, List<?> unchanged) throws Exception {
    Map<String, String> row = new LinkedHashMap<>();
    row.put("__op", op);
    row.put("__lsn", lsn);
    row.put(
        "__overflow", overflow == null ? null : JSON.writeValueAsString(new TreeMap<>(overflow)));
    row.put("__unchanged", unchanged == null ? null : JSON.writeValueAsString(unchanged));
    row.put("id", String.valueOf(image.get("id")));
    for (Column column : COLUMNS) {
      Object value = image.get(column.name());
      row.put(column.name(), value == null ? null : connectCanonical(column.kind(), value));
    }
    return row;
  }

  /** A record key in canonical text: JSON of field to canonical text, its overflow map as is. */
  private static String connectKey(Struct key) throws Exception {
    Map<String, Object> canonical = new LinkedHashMap<>();
    Map<String, String> kinds = kinds();
    for (org.apache.kafka.connect.data.Field field : key.schema().fields()) {
      Object value = key.get(field);
      canonical.put(
          field.name(),
          value == null
              ? null
              : field.name().equals("__overflow")
                  ? new TreeMap<>((Map<?, ?>) value)
                  : connectCanonical(kinds.get(field.name()), value));
    }
    return JSON.writeValueAsString(canonical);
  }

  /**
   * The flat layout's {@code __key} (the key as JSON: numbers for integers, µs, days and decimals)
   * in the canonical text {@link #connectKey} gives, read with Jackson.
   */
  private static String fileKey(String json) throws Exception {
    if (json == null) {
      return null;
    }
    Map<String, Object> canonical = new LinkedHashMap<>();
    Map<String, String> kinds = kinds();
    for (Map.Entry<String, JsonNode> field : EXACT_JSON.readTree(json).properties()) {
      JsonNode value = field.getValue();
      String name = field.getKey();
      canonical.put(
          name,
          value.isNull()
              ? null
              : name.equals("__overflow")
                  ? EXACT_JSON.convertValue(value, TreeMap.class)
                  : switch (kinds.get(name)) {
                    case "timestamp" -> micros(value.asLong());
                    case "date" -> days(value.asLong());
                    case "decimal" -> value.decimalValue().toPlainString();
                    default -> value.asText();
                  });
    }
    return JSON.writeValueAsString(canonical);
  }

  private static String connectCanonical(String kind, Object value) throws Exception {
    return switch (kind) {
      case "decimal" -> ((BigDecimal) value).toPlainString();
      case "bytes" ->
          HexFormat.of().formatHex(value instanceof byte[] array ? array : bytes(value));
      case "date" -> days(Math.floorDiv(((java.util.Date) value).getTime(), 86_400_000L));
      case "timestamp" -> micros((Long) value);
      case "interval" -> {
        Struct iv = (Struct) value;
        yield interval(iv.get("months"), iv.get("days"), iv.get("micros"));
      }
      case "array" -> JSON.writeValueAsString(connectArray((List<?>) value));
      default -> value.toString();
    };
  }

  private static List<Object> connectArray(List<?> list) {
    List<Object> out = new ArrayList<>();
    for (Object item : list) {
      if (item instanceof List<?> inner) {
        out.add(connectArray(inner));
      } else if (item instanceof java.util.Date date) {
        out.add(isoDay(Math.floorDiv(date.getTime(), 86_400_000L)));
      } else {
        out.add(item);
      }
    }
    return out;
  }

  /** Runs a Node reader script: one row of canonical texts per output line (all strings). */
  private static List<Map<String, String>> nodeRows(String script, String... args)
      throws Exception {
    String out =
        NodeScripts.run(
            EveryValueEndToEndIT.class, List.of("@duckdb/node-api", "apache-arrow"), script, args);
    List<Map<String, String>> rows = new ArrayList<>();
    for (String text : out.split("\n")) {
      if (text.isBlank()) {
        continue;
      }
      JsonNode line = JSON.readTree(text);
      if (line.has("types")) {
        System.out.println(script + " types: " + line.get("types"));
        continue;
      }
      Map<String, String> row = new LinkedHashMap<>();
      line.properties()
          .forEach(e -> row.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
      rows.add(row);
    }
    return rows;
  }

  private static Map<String, String> kinds() {
    Map<String, String> kinds = new LinkedHashMap<>();
    kinds.put("id", "int");
    COLUMNS.forEach(column -> kinds.put(column.name(), column.kind()));
    return kinds;
  }

  private static List<Map<String, String>> arrowRows(Path dir) throws Exception {
    return nodeRows(
        "e2e_arrow.mjs", dir.toAbsolutePath().toString(), JSON.writeValueAsString(kinds()));
  }

  /** By LSN, id and op (an update's after image {@code u} before its before image {@code ub}). */
  private static void sortByLsnIdAndOp(List<Map<String, String>> rows) {
    rows.sort(
        Comparator.<Map<String, String>>comparingLong(row -> Long.parseLong(row.get("__lsn")))
            .thenComparingInt(row -> Integer.parseInt(row.get("id")))
            .thenComparing(row -> row.get("__op")));
  }

  /**
   * Avro files read by Avro's own reader: flat rows, or in the envelope layout a row per image (as
   * {@link #connectRows} makes them).
   */
  private static List<Map<String, String>> avroRows(Path dir, boolean envelope) throws Exception {
    List<Map<String, String>> rows = new ArrayList<>();
    try (var files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".avro")).sorted().toList()) {
        try (DataFileStream<GenericRecord> stream =
            new DataFileStream<>(
                new ByteArrayInputStream(Files.readAllBytes(file)), new GenericDatumReader<>())) {
          for (GenericRecord record : stream) {
            if (envelope) {
              rows.addAll(avroImages(record));
            } else {
              rows.add(avroRow(record));
            }
          }
        }
      }
    }
    return rows;
  }

  /**
   * The images of an envelope-layout record: after (or a delete's before), and an update's before.
   */
  private static List<Map<String, String>> avroImages(GenericRecord envelope) throws Exception {
    String op = envelope.get("op").toString();
    String lsn = ((GenericRecord) envelope.get("source")).get("lsn").toString();
    GenericRecord overflow = (GenericRecord) envelope.get("overflow");
    GenericRecord before = (GenericRecord) envelope.get("before");
    GenericRecord after = (GenericRecord) envelope.get("after");
    List<Map<String, String>> rows = new ArrayList<>();
    if (after != null || before != null) {
      Map<String, String> row = new LinkedHashMap<>();
      row.put("__op", op);
      row.put("__lsn", lsn);
      row.put(
          "__overflow",
          avroMap(overflow == null ? null : overflow.get(after != null ? "after" : "before")));
      row.put("__unchanged", avroList(envelope.get("unchanged")));
      rows.add(avroColumns(after != null ? after : before, row));
    }
    if (after != null && before != null) {
      Map<String, String> row = new LinkedHashMap<>();
      row.put("__op", op + "b");
      row.put("__lsn", lsn);
      row.put("__overflow", avroMap(overflow == null ? null : overflow.get("before")));
      row.put("__unchanged", null);
      rows.add(avroColumns(before, row));
    }
    return rows;
  }

  private static String text(Object value) {
    return value == null ? null : value.toString();
  }

  private static String avroMap(Object map) throws Exception {
    if (map == null) {
      return null;
    }
    Map<String, String> sorted = new TreeMap<>();
    ((Map<?, ?>) map).forEach((k, v) -> sorted.put(k.toString(), v.toString()));
    return JSON.writeValueAsString(sorted);
  }

  private static String avroList(Object list) throws Exception {
    return list == null
        ? null
        : JSON.writeValueAsString(((List<?>) list).stream().map(Object::toString).toList());
  }

  /** A flat Avro row in the canonical forms, from Avro's generic values (no DuctStream code). */
  private static Map<String, String> avroRow(GenericRecord record) throws Exception {
    Map<String, String> row = new LinkedHashMap<>();
    row.put("__op", record.get("__op").toString());
    row.put("__lsn", record.get("__lsn").toString());
    row.put("__key", text(record.get("__key")));
    row.put("__before_json", text(record.get("__before_json")));
    row.put("__overflow", avroMap(record.get("__overflow")));
    row.put("__unchanged", avroList(record.get("__unchanged")));
    return avroColumns(record, row);
  }

  private static Map<String, String> avroColumns(GenericRecord image, Map<String, String> row)
      throws Exception {
    row.put("id", String.valueOf(image.get("id")));
    for (Column column : COLUMNS) {
      Schema schema = nonNull(image.getSchema().getField(column.name()).schema());
      Object value = image.get(column.name());
      row.put(column.name(), value == null ? null : avroCanonical(column.kind(), schema, value));
    }
    return row;
  }

  private static String avroCanonical(String kind, Schema schema, Object value) throws Exception {
    return switch (kind) {
      case "decimal" -> decimal(schema, value).toPlainString();
      case "bytes" -> HexFormat.of().formatHex(bytes(value));
      case "date" -> days((Integer) value);
      case "timestamp" -> micros((Long) value);
      case "interval" -> {
        GenericRecord iv = (GenericRecord) value;
        yield interval(iv.get("months"), iv.get("days"), iv.get("micros"));
      }
      case "array" -> {
        Schema element = nonNull(schema.getElementType());
        List<Object> out = new ArrayList<>();
        avroArray(element, (List<?>) value, out);
        yield JSON.writeValueAsString(out);
      }
      default -> value.toString();
    };
  }

  /** Nested lists as nested JSON lists; dates as ISO text, decimals as numbers, like to_json. */
  private static void avroArray(Schema element, List<?> list, List<Object> out) {
    for (Object item : list) {
      if (item instanceof List<?> inner) {
        List<Object> nested = new ArrayList<>();
        avroArray(nonNull(element.getElementType()), inner, nested);
        out.add(nested);
      } else if (item == null) {
        out.add(null);
      } else if (LogicalTypes.date().equals(element.getLogicalType())) {
        out.add(isoDay((Integer) item));
      } else if (element.getLogicalType() instanceof LogicalTypes.Decimal) {
        out.add(decimal(element, item));
      } else if (item instanceof CharSequence
          || item instanceof org.apache.avro.generic.GenericEnumSymbol<?>) {
        out.add(item.toString());
      } else {
        out.add(item);
      }
    }
  }

  /** Days since 1970 as text, the infinities by their documented integers. */
  private static String days(long days) {
    return days == Integer.MAX_VALUE
        ? "infinity"
        : days == Integer.MIN_VALUE + 1 ? "-infinity" : Long.toString(days);
  }

  /** A date inside an array as to_json prints it. */
  private static String isoDay(long days) {
    String text = days(days);
    return text.endsWith("infinity") ? text : LocalDate.ofEpochDay(days).toString();
  }

  /** µs since 1970 as text, the infinities by their documented integers. */
  private static String micros(long micros) {
    return micros == Long.MAX_VALUE
        ? "infinity"
        : micros == Long.MIN_VALUE + 1 ? "-infinity" : Long.toString(micros);
  }

  private static String interval(Object months, Object days, Object micros) {
    return "{'months': " + months + ", 'days': " + days + ", 'micros': " + micros + "}";
  }

  private static BigDecimal decimal(Schema schema, Object value) {
    int scale = ((LogicalTypes.Decimal) schema.getLogicalType()).getScale();
    return new BigDecimal(new BigInteger(bytes(value)), scale);
  }

  private static byte[] bytes(Object value) {
    ByteBuffer buffer = ((ByteBuffer) value).duplicate();
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    return bytes;
  }

  private static Schema nonNull(Schema schema) {
    if (schema.getType() != Schema.Type.UNION) {
      return schema;
    }
    for (Schema branch : schema.getTypes()) {
      if (branch.getType() != Schema.Type.NULL) {
        return branch;
      }
    }
    return schema;
  }

  // ---------------------------------------------------------------- the comparison

  /**
   * {compared, exact}; prints every value that is not exact. Each row is compared with the image
   * Postgres had, and its key (where the reader has one) with the row's key columns.
   */
  private static int[] compare(
      String format, List<Map<String, String>> rows, TableCase tableCase, List<String> changes)
      throws Exception {
    int compared = 0;
    int exact = 0;
    List<String> ops = new ArrayList<>();
    for (Map<String, String> row : rows) {
      int id = Integer.parseInt(row.get("id"));
      String op = row.get("__op");
      String where = format + " " + tableCase.table() + " " + op + id;
      ops.add(op + id);
      compared++;
      exact++; // the id itself
      Map<String, String[]> expected = tableCase.image(op, id);
      if (row.get("__key") != null) {
        int[] keyCounts = compareKey(where, row.get("__key"), tableCase, id, expected);
        compared += keyCounts[0];
        exact += keyCounts[1];
      }
      if (expected == null) {
        continue; // REPLICA IDENTITY DEFAULT: the before image of a delete is its key
      }
      Map<String, String> overflow = textMap(row.get("__overflow"));
      List<?> unchanged =
          row.get("__unchanged") == null
              ? List.of()
              : JSON.readValue(row.get("__unchanged"), List.class);
      for (Column column : COLUMNS) {
        String c = column.name();
        String actual = row.get(c);
        String[] pg = expected.get(c);
        if (unchanged.contains(c)) {
          // unchanged TOAST under REPLICA IDENTITY DEFAULT: Postgres did not send it (documented)
          assertThat(actual).as(where + " " + c).isEqualTo(PLACEHOLDER);
          assertThat(tableCase.table() + op + id + c).isEqualTo("everythingu1t");
          continue;
        }
        compared++;
        if (same(column.kind(), pg, actual, overflow.get(c))) {
          exact++;
        } else {
          notExact(where + " " + c, pg, actual, overflow.get(c));
        }
      }
    }
    assertThat(ops).as(format + " " + tableCase.table() + " changes").isEqualTo(changes);
    return new int[] {compared, exact};
  }

  /** {compared, exact} of a record key's columns (its overflow included) against the row's. */
  private static int[] compareKey(
      String where, String keyText, TableCase tableCase, int id, Map<String, String[]> expected)
      throws Exception {
    Map<String, Object> key =
        JSON.readValue(
            keyText, JSON.getTypeFactory().constructMapType(Map.class, String.class, Object.class));
    @SuppressWarnings("unchecked")
    Map<String, String> overflow =
        key.get("__overflow") == null ? Map.of() : (Map<String, String>) key.get("__overflow");
    Map<String, String> kinds = kinds();
    int compared = 0;
    int exact = 0;
    for (String column : tableCase.key()) {
      compared++;
      String actual = (String) key.get(column);
      boolean same =
          column.equals("id")
              ? String.valueOf(id).equals(actual)
              : same(kinds.get(column), expected.get(column), actual, overflow.get(column));
      if (same) {
        exact++;
      } else {
        notExact(
            where + " key " + column,
            column.equals("id") ? new String[] {String.valueOf(id)} : expected.get(column),
            actual,
            overflow.get(column));
      }
    }
    return new int[] {compared, exact};
  }

  private static Map<String, String> textMap(String json) throws Exception {
    return json == null
        ? Map.of()
        : JSON.readValue(
            json, JSON.getTypeFactory().constructMapType(Map.class, String.class, String.class));
  }

  private static void notExact(String what, String[] pg, String actual, String overflow) {
    System.out.println(
        "NOT EXACT "
            + what
            + ": postgres "
            + String.join(" | ", nullSafe(pg))
            + " ; read "
            + actual
            + " ; overflow "
            + overflow);
  }

  private static String[] nullSafe(String[] values) {
    String[] copy = values.clone();
    for (int i = 0; i < copy.length; i++) {
      copy[i] =
          copy[i] == null
              ? "NULL"
              : copy[i].length() > 80 ? copy[i].substring(0, 80) + "..." : copy[i];
    }
    return copy;
  }

  /** pg = {canonical, text output, array_dims}. */
  private static boolean same(String kind, String[] pg, String actual, String overflow)
      throws Exception {
    if (kind.equals("array")) {
      return sameArray(pg, actual, overflow);
    }
    if (overflow != null) {
      return actual == null && overflow.equals(pg[1]);
    }
    if (pg[0] == null || actual == null) {
      return pg[0] == null && actual == null;
    }
    return switch (kind) {
      case "float4" ->
          Float.floatToRawIntBits(float4(pg[0])) == Float.floatToRawIntBits(float4(actual));
      case "float8" ->
          Double.doubleToRawLongBits(float8(pg[0])) == Double.doubleToRawLongBits(float8(actual));
      case "decimal" -> new BigDecimal(pg[0]).compareTo(new BigDecimal(actual)) == 0;
      default -> pg[0].equals(actual);
    };
  }

  /**
   * An array: its flat elements (JSON), and its bounds, which are the overflow's when it has them
   * ({@code [0:2]}, or {@code [1:1][1:2]={{NULL,"NaN"}}} with the exact texts of elements that
   * overflowed), else those of the nested lists.
   */
  private static boolean sameArray(String[] pg, String actual, String overflow) throws Exception {
    if (pg[0] == null || actual == null) {
      return pg[0] == null && actual == null && overflow == null;
    }
    JsonNode read = JSON.readTree(actual);
    List<JsonNode> elements = new ArrayList<>();
    flatten(read, elements);
    List<JsonNode> expected = new ArrayList<>();
    JSON.readTree(pg[0]).forEach(expected::add);
    String dims = overflow != null ? overflow : dims(read);
    List<String> overflowed = null;
    if (overflow != null && overflow.contains("=")) {
      dims = overflow.substring(0, overflow.indexOf('='));
      overflowed = literalElements(overflow.substring(overflow.indexOf('=') + 1));
    }
    if (elements.size() != expected.size()
        || (overflowed != null && overflowed.size() != elements.size())) {
      return false;
    }
    for (int i = 0; i < elements.size(); i++) {
      String text = overflowed == null ? null : overflowed.get(i);
      boolean same =
          text != null
              ? elements.get(i).isNull() && text.equals(expected.get(i).asText())
              : sameElement(expected.get(i), elements.get(i));
      if (!same) {
        return false;
      }
    }
    return pg[2] == null ? elements.isEmpty() && overflow == null : pg[2].equals(dims);
  }

  /** The elements of an array literal in storage order: quoted texts, or null for NULL. */
  private static List<String> literalElements(String literal) {
    List<String> elements = new ArrayList<>();
    for (int i = 0; i < literal.length(); i++) {
      char ch = literal.charAt(i);
      if (ch == '"') {
        StringBuilder text = new StringBuilder();
        for (i++; literal.charAt(i) != '"'; i++) {
          if (literal.charAt(i) == '\\') {
            i++;
          }
          text.append(literal.charAt(i));
        }
        elements.add(text.toString());
      } else if (literal.startsWith("NULL", i)) {
        elements.add(null);
        i += 3;
      }
    }
    return elements;
  }

  private static boolean sameElement(JsonNode expected, JsonNode actual) {
    if (expected.isNumber() && actual.isNumber()) {
      return expected.decimalValue().compareTo(actual.decimalValue()) == 0;
    }
    if (expected.isNumber() && actual.isTextual()) { // a decimal some reader prints as text
      return expected.decimalValue().compareTo(new BigDecimal(actual.asText())) == 0;
    }
    return expected.equals(actual);
  }

  private static void flatten(JsonNode node, List<JsonNode> out) {
    for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
      JsonNode item = it.next();
      if (item.isArray()) {
        flatten(item, out);
      } else {
        out.add(item);
      }
    }
  }

  /** Postgres' array_dims of a regular nested list with lower bounds 1, null when empty. */
  private static String dims(JsonNode node) {
    if (node.size() == 0) {
      return null;
    }
    StringBuilder dims = new StringBuilder();
    JsonNode level = node;
    while (level.isArray() && level.size() > 0) {
      dims.append("[1:").append(level.size()).append(']');
      level = level.get(0);
    }
    return dims.toString();
  }

  private static float float4(String text) {
    return Float.parseFloat(javaFloat(text));
  }

  private static double float8(String text) {
    return Double.parseDouble(javaFloat(text));
  }

  /** DuckDB prints nan/inf/-inf, Postgres NaN/Infinity/-Infinity. */
  private static String javaFloat(String text) {
    return switch (text) {
      case "nan" -> "NaN";
      case "inf" -> "Infinity";
      case "-inf" -> "-Infinity";
      default -> text;
    };
  }
}
