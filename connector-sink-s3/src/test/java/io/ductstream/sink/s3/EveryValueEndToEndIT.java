package io.ductstream.sink.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Issue 17, end to end: a table of every type with its edge values goes through insert, update and
 * delete, the Postgres source on a real worker and broker, and the S3 sink (flat layout) on the
 * in-process S3 server. The objects are read by code we did not write (DuckDB for Parquet, Avro's
 * own reader for Avro files) and every value is compared with what Postgres itself returns for the
 * row, through the envelope's overflow where a typed column cannot hold the value.
 *
 * <p>Both sides are brought to one canonical text per kind of column, computed by Postgres and by
 * the reader independently: e.g. a date as days since 1970 (or {@code infinity}), a timestamp as µs
 * since 1970, bytes as hex, an array as its flat elements (JSON) and its bounds ({@code
 * array_dims}).
 */
class EveryValueEndToEndIT {
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PLACEHOLDER = "__ductstream_unchanged_toast";
  private static final List<String> KAFKA_FORMATS =
      List.of("avro", "proto", "json", "arrow", "parquet");

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
        for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
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

  @Test
  void everyValueArrivesExactlyOnKafkaInEveryFormatAndInParquetAndAvroFiles() throws Exception {
    StringBuilder create = new StringBuilder("CREATE TABLE everything (id int PRIMARY KEY");
    for (Column column : COLUMNS) {
      create.append(", ").append(column.name()).append(' ').append(column.type());
    }
    db.execute(
        "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')",
        "CREATE DOMAIN posint AS int CHECK (VALUE > 0)",
        create.append(')').toString());
    String name = cluster.uniqueName("everyvalue");
    // one source per wire format on Kafka, each with its own slot; the S3 sinks read the avro one
    for (String format : KAFKA_FORMATS) {
      // a change with 1 MiB of text is a record above Kafka's 1 MiB defaults
      cluster
          .kafka()
          .createTopic(topic(name, format), 1, 1, Map.of("max.message.bytes", "4194304"));
      startSource(name, format);
    }
    String topic = topic(name, "avro");
    List<String> formats = List.of("parquet", "arrow", "avro");
    for (String format : formats) {
      Map<String, String> sink = SinkConnectors.config(topic, bucket, format);
      sink.remove("layout"); // flat rows, as analysts query them
      sink.put("format", format);
      sink.put("flush.size", "3");
      sink.put("rotate.schedule.interval.ms", "1500");
      converters(sink, "avro");
      SinkConnectors.start(cluster, name + "-sink-" + format, sink);
    }

    db.execute("INSERT INTO everything VALUES " + TYPICAL + ", " + EDGES + ", " + INFINITIES);
    db.execute("INSERT INTO everything (id) VALUES (4)"); // every column NULL
    Map<Integer, Map<String, String[]>> inserted = expected("true");
    db.execute(
        // t (1 MiB, TOASTed) is unchanged; ts gets the last timestamp below infinity's integer
        "UPDATE everything SET i4 = i4 + 1, ts = '294247-01-10 04:00:54.775806' WHERE id = 1",
        // the first timestamp past it (overflow) and the last date
        "UPDATE everything SET f8 = 'NaN', ts = '294247-01-10 04:00:54.775807',"
            + " d = '5874897-12-31' WHERE id = 2");
    Map<Integer, Map<String, String[]>> updated = expected("id IN (1, 2)");
    db.execute("DELETE FROM everything WHERE id = 3");

    Map<String, int[]> results = new LinkedHashMap<>();
    for (String format : KAFKA_FORMATS) {
      List<Map<String, String>> rows = kafkaRows(topic(name, format), format);
      int[] counts = compare("kafka " + format, rows, inserted, updated);
      results.put("kafka " + format, counts);
      System.out.println(
          "kafka " + format + " values: " + counts[0] + " compared, " + counts[1] + " exact");
    }
    for (String format : formats) {
      Path dir = Files.createDirectories(DOWNLOADS.resolve(format));
      await()
          .atMost(WAIT)
          .ignoreExceptions()
          .until(() -> download(format, dir) > 0 && rows(format, dir).size() == 7);
      List<Map<String, String>> rows = rows(format, dir);
      int[] counts = compare(format, rows, inserted, updated);
      results.put(format, counts);
      System.out.println(format + " values: " + counts[0] + " compared, " + counts[1] + " exact");
    }
    for (String format : formats) {
      cluster.connect().deleteConnector(name + "-sink-" + format);
    }
    for (String format : KAFKA_FORMATS) {
      cluster.connect().deleteConnector(name + "-source-" + format);
    }
    results.forEach(
        (format, counts) -> assertThat(counts[1]).as(format + " exact").isEqualTo(counts[0]));
  }

  private static String topic(String name, String format) {
    return name + "-" + format + ".public.everything";
  }

  private static void startSource(String name, String format) throws InterruptedException {
    String connector = name + "-source-" + format;
    Map<String, String> source = new HashMap<>();
    source.put("connector.class", PostgresSourceConnector.class.getName());
    source.put("tasks.max", "1");
    source.put("database.dsn", db.postgresUrl());
    source.put("slot.name", connector.replace('-', '_') + "_slot");
    source.put("publication.name", connector.replace('-', '_') + "_pub");
    source.put("table.include.list", "public.everything");
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
  private static Map<Integer, Map<String, String[]>> expected(String where) throws Exception {
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
    select.append(" FROM everything WHERE ").append(where);
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

  private static int download(String format, Path dir) throws Exception {
    int count = 0;
    for (String key : BucketContents.keys(s3, bucket, format + "/")) {
      if (key.contains("/" + ObjectNamer.SCHEMAS_DIR + "/")
          || key.contains(ObjectNamer.INDEX_DIR)) {
        continue;
      }
      byte[] bytes = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
      Files.write(dir.resolve(key.substring(key.lastIndexOf('/') + 1)), bytes);
      count++;
    }
    return count;
  }

  /** Every flat row in canonical text, ordered by LSN and id. */
  private static List<Map<String, String>> rows(String format, Path dir) throws Exception {
    return switch (format) {
      case "parquet" -> duckDbRows(dir);
      case "arrow" -> arrowRows(dir);
      default -> avroRows(dir);
    };
  }

  private static List<Map<String, String>> duckDbRows(Path dir) throws Exception {
    return nodeRows(
        "e2e_duckdb.mjs", dir.toAbsolutePath() + "/*.parquet", JSON.writeValueAsString(kinds()));
  }

  /** The 7 change records of a topic, decoded by the format's converter, in canonical text. */
  private static List<Map<String, String>> kafkaRows(String topic, String format) throws Exception {
    WireFormatConverter converter = new WireFormatConverter();
    converter.configure(Map.of("format", format), false);
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "every-value-" + System.nanoTime());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<Map<String, String>> rows = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (rows.size() < 7 && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          SchemaAndValue value = converter.toConnectData(topic, record.headers(), record.value());
          rows.add(connectRow((Struct) value.value()));
        }
      }
    }
    return rows;
  }

  /** A change envelope as a consumer decodes it, in the canonical forms (flat, like the files). */
  private static Map<String, String> connectRow(Struct envelope) throws Exception {
    Map<String, String> row = new LinkedHashMap<>();
    String op = envelope.getString("op");
    Struct image = envelope.getStruct(op.equals("d") ? "before" : "after");
    row.put("__op", op);
    row.put("__lsn", envelope.getStruct("source").get("lsn").toString());
    Struct overflow = envelope.getStruct("overflow");
    Map<?, ?> map = overflow == null ? null : overflow.getMap(op.equals("d") ? "before" : "after");
    row.put("__overflow", map == null ? null : JSON.writeValueAsString(new TreeMap<>(map)));
    List<?> unchanged = envelope.getArray("unchanged");
    row.put("__unchanged", unchanged == null ? null : JSON.writeValueAsString(unchanged));
    row.put("id", String.valueOf(image.get("id")));
    for (Column column : COLUMNS) {
      Object value = image.get(column.name());
      row.put(column.name(), value == null ? null : connectCanonical(column.kind(), value));
    }
    return row;
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
    List<Map<String, String>> rows =
        nodeRows(
            "e2e_arrow.mjs", dir.toAbsolutePath().toString(), JSON.writeValueAsString(kinds()));
    sortByLsnAndId(rows);
    return rows;
  }

  private static void sortByLsnAndId(List<Map<String, String>> rows) {
    rows.sort(
        (a, b) -> {
          int byLsn = Long.compare(Long.parseLong(a.get("__lsn")), Long.parseLong(b.get("__lsn")));
          return byLsn != 0
              ? byLsn
              : Integer.compare(Integer.parseInt(a.get("id")), Integer.parseInt(b.get("id")));
        });
  }

  private static List<Map<String, String>> avroRows(Path dir) throws Exception {
    List<Map<String, String>> rows = new ArrayList<>();
    try (var files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".avro")).sorted().toList()) {
        try (DataFileStream<GenericRecord> stream =
            new DataFileStream<>(
                new ByteArrayInputStream(Files.readAllBytes(file)), new GenericDatumReader<>())) {
          for (GenericRecord record : stream) {
            rows.add(avroRow(record));
          }
        }
      }
    }
    sortByLsnAndId(rows);
    return rows;
  }

  /** A flat Avro row in the canonical forms, from Avro's generic values (no DuctStream code). */
  private static Map<String, String> avroRow(GenericRecord record) throws Exception {
    Map<String, String> row = new LinkedHashMap<>();
    row.put("__op", record.get("__op").toString());
    row.put("__lsn", record.get("__lsn").toString());
    Object overflow = record.get("__overflow");
    if (overflow != null) {
      Map<String, String> map = new TreeMap<>();
      ((Map<?, ?>) overflow).forEach((k, v) -> map.put(k.toString(), v.toString()));
      row.put("__overflow", JSON.writeValueAsString(map));
    } else {
      row.put("__overflow", null);
    }
    Object unchanged = record.get("__unchanged");
    row.put(
        "__unchanged",
        unchanged == null
            ? null
            : JSON.writeValueAsString(
                ((List<?>) unchanged).stream().map(Object::toString).toList()));
    row.put("id", String.valueOf(record.get("id")));
    for (Column column : COLUMNS) {
      Schema schema = nonNull(record.getSchema().getField(column.name()).schema());
      Object value = record.get(column.name());
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

  /** {compared, exact}; prints every value that is not exact. */
  private static int[] compare(
      String format,
      List<Map<String, String>> rows,
      Map<Integer, Map<String, String[]>> inserted,
      Map<Integer, Map<String, String[]>> updated)
      throws Exception {
    int compared = 0;
    int exact = 0;
    List<String> ops = new ArrayList<>();
    for (Map<String, String> row : rows) {
      int id = Integer.parseInt(row.get("id"));
      String op = row.get("__op");
      ops.add(op + id);
      compared++;
      exact++; // the id itself
      if (op.equals("d")) {
        continue; // REPLICA IDENTITY DEFAULT: the before image of a delete is its key
      }
      Map<String, String[]> expected = (op.equals("u") ? updated : inserted).get(id);
      Map<String, String> overflow =
          row.get("__overflow") == null
              ? Map.of()
              : JSON.readValue(
                  row.get("__overflow"),
                  JSON.getTypeFactory().constructMapType(Map.class, String.class, String.class));
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
          assertThat(actual).as(format + " " + op + id + " " + c).isEqualTo(PLACEHOLDER);
          assertThat(op + id + c).isEqualTo("u1t");
          continue;
        }
        compared++;
        boolean same = same(column.kind(), pg, actual, overflow.get(c));
        if (same) {
          exact++;
        } else {
          System.out.println(
              "NOT EXACT "
                  + format
                  + " "
                  + op
                  + id
                  + " "
                  + c
                  + ": postgres "
                  + String.join(" | ", nullSafe(pg))
                  + " ; read "
                  + actual
                  + " ; overflow "
                  + overflow.get(c));
        }
      }
    }
    assertThat(ops)
        .as(format + " changes")
        .containsExactly("c1", "c2", "c3", "c4", "u1", "u2", "d3");
    return new int[] {compared, exact};
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
