package io.ductstream.sink.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ductstream.format.WireFormatConverter;
import io.ductstream.testkit.FaultReport;
import io.ductstream.testkit.KafkaConnectCluster;
import io.ductstream.testkit.S3Server;
import io.ductstream.testkit.TcpFaultProxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The sink on a real Connect worker and Kafka broker, writing to the test kit's S3 server: every
 * format, every rotation rule, time partitioning, schemaless records, S3 outages and bad configs.
 */
class S3SinkConnectorIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final long T0 = Instant.parse("2026-11-25T14:59:58Z").toEpochMilli();

  private static KafkaConnectCluster cluster;
  private static String bucket;
  private static S3Client s3;

  @BeforeAll
  static void start() {
    cluster = KafkaConnectCluster.shared();
    bucket = S3Server.shared().createBucket("sink-connector");
    s3 = S3Server.shared().client();
  }

  @AfterAll
  static void closeClient() {
    s3.close();
  }

  @Test
  void everyFormatWritesTheTopicsRecordsAndTheObjectsReadBackEqual() throws Exception {
    List<String> formats = List.of("parquet", "arrow", "avro", "proto", "json");
    List<Struct> input = changes(0, 7, 1000);
    Map<String, String> connectors = new LinkedHashMap<>();
    for (String format : formats) {
      String name = cluster.uniqueName("sink-" + format);
      startSink(
          name,
          Map.of(
              "format", format,
              "flush.size", "3",
              "rotate.schedule.interval.ms", "1500"));
      SinkConnectors.produce(cluster, name, input);
      connectors.put(format, name);
    }
    for (Map.Entry<String, String> entry : connectors.entrySet()) {
      String format = entry.getKey();
      String name = entry.getValue();
      await()
          .atMost(WAIT)
          .ignoreExceptions()
          .until(() -> BucketContents.values(s3, bucket, name + "/").size() == input.size());
      List<BucketContents.DataObject> objects = BucketContents.read(s3, bucket, name + "/");
      assertThat(objects)
          .as(format + ": 3 by count, the last one by the wall-clock schedule")
          .extracting(o -> o.key().substring(o.key().lastIndexOf('+') + 1))
          .containsExactly(
              "00000000000000000000" + ext(format),
              "00000000000000000003" + ext(format),
              "00000000000000000006" + ext(format));
      assertThat(objects)
          .allMatch(o -> o.key().startsWith(name + "/public/orders/" + name + "+0+"));
      List<String> read =
          objects.stream().flatMap(o -> o.values().stream()).map(Object::toString).toList();
      assertThat(read)
          .as(format)
          .containsExactlyElementsOf(input.stream().map(Struct::toString).toList());
      assertThat(BucketContents.keys(s3, bucket, name + "/public/orders/_schemas/")).hasSize(1);
      System.out.println("checked: " + format + " objects equal the 7 input records");
      cluster.connect().deleteConnector(name);
    }
  }

  @Test
  void recordsOnTopicsInEachOfOurConvertersAreWrittenAndReadBackEqual() throws Exception {
    List<Struct> input = changes(0, 4, 1000);
    Map<String, String> connectors = new LinkedHashMap<>();
    for (String converter : List.of("arrow", "parquet", "avro", "proto", "json")) {
      String name = cluster.uniqueName("sink-converter-" + converter);
      startSink(
          name,
          Map.of(
              "format",
              "avro",
              "value.converter",
              WireFormatConverter.class.getName(),
              "value.converter.format",
              converter,
              "rotate.schedule.interval.ms",
              "1500"));
      WireFormatConverter values = new WireFormatConverter();
      values.configure(Map.of("format", converter), false);
      SinkConnectors.produce(cluster, name, input, values);
      connectors.put(converter, name);
    }
    for (Map.Entry<String, String> entry : connectors.entrySet()) {
      String name = entry.getValue();
      await()
          .atMost(WAIT)
          .ignoreExceptions()
          .until(() -> BucketContents.values(s3, bucket, name + "/").size() == input.size());
      assertThat(BucketContents.values(s3, bucket, name + "/"))
          .as("records written by the " + entry.getKey() + " converter")
          .map(Object::toString)
          .containsExactlyElementsOf(input.stream().map(Struct::toString).toList());
      System.out.println("checked: " + entry.getKey() + " converter records land equal");
      cluster.connect().deleteConnector(name);
    }
  }

  @Test
  void fieldValuesThatAreLongOrOddMakeSafeDistinctKeysInsteadOfPoisoningTheSink() throws Exception {
    String name = cluster.uniqueName("sink-field-values");
    startSink(
        name,
        Map.of(
            "format", "json",
            "partitioner", "field",
            "partitioner.field", "region",
            "rotate.schedule.interval.ms", "1000"));
    List<String> regions =
        java.util.Arrays.asList("eu/west", "eu_west", null, "null", "..", "", "r".repeat(3000));
    List<Struct> input = new java.util.ArrayList<>();
    for (int i = 0; i < regions.size(); i++) {
      input.add(Envelopes.insert(i, regions.get(i), "n" + i, 1_764_000_000_000L));
    }
    SinkConnectors.produce(cluster, name, input);
    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .until(() -> BucketContents.values(s3, bucket, name + "/").size() == input.size());
    List<String> keys =
        BucketContents.keys(s3, bucket, name + "/").stream()
            .filter(k -> !k.contains("/_schemas/") && !k.contains("/_index/"))
            .toList();
    System.out.println("field-partitioned keys: " + keys);
    assertThat(keys)
        .as("one object per distinct value, every key inside the prefix and under S3's limit")
        .hasSize(regions.size())
        .allMatch(k -> k.startsWith(name + "/") && k.getBytes(StandardCharsets.UTF_8).length < 1024)
        .noneMatch(k -> k.contains("/../"))
        .anyMatch(k -> k.contains("/region=eu%2Fwest/"))
        .anyMatch(k -> k.contains("/region=eu_west/"))
        .anyMatch(k -> k.contains("/region=__null__/"))
        .anyMatch(k -> k.contains("/region=null/"))
        .anyMatch(k -> k.contains("/region=%2E%2E/"))
        .anyMatch(k -> k.contains("/region=__empty__/"))
        .anyMatch(k -> k.matches(".*/region=r+~[0-9a-f]{16}/.*"));
  }

  @Test
  void recordTimeRotationCutsWhereTheCommitTimeCrossesTheInterval() throws Exception {
    String name = cluster.uniqueName("sink-record-time");
    startSink(
        name,
        Map.of(
            "format", "avro",
            "rotate.interval.ms", "10000",
            "rotate.schedule.interval.ms", "1500"));
    long[] seconds = {0, 1, 2, 11, 12, 25};
    List<Struct> input = new ArrayList<>();
    for (int i = 0; i < seconds.length; i++) {
      input.add(Envelopes.insert(i, "eu", "n" + i, T0 + seconds[i] * 1000));
    }
    SinkConnectors.produce(cluster, name, input);

    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .until(() -> BucketContents.values(s3, bucket, name + "/").size() == 6);
    assertThat(BucketContents.read(s3, bucket, name + "/"))
        .extracting(o -> o.metadata().get("first-offset") + ".." + o.metadata().get("last-offset"))
        .containsExactly("0..2", "3..4", "5..5");
    cluster.connect().deleteConnector(name);
  }

  @Test
  void sizeRotationCutsObjectsAtRotateBytes() throws Exception {
    String name = cluster.uniqueName("sink-size");
    startSink(
        name,
        Map.of(
            "format", "json",
            "rotate.bytes", "1000",
            "rotate.schedule.interval.ms", "1500"));
    SinkConnectors.produce(cluster, name, changes(0, 20, 1000));

    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .until(() -> BucketContents.values(s3, bucket, name + "/").size() == 20);
    List<BucketContents.DataObject> objects = BucketContents.read(s3, bucket, name + "/");
    assertThat(objects).hasSizeGreaterThan(3);
    for (BucketContents.DataObject object : objects.subList(0, objects.size() - 1)) {
      long size = s3.headObject(b -> b.bucket(bucket).key(object.key())).contentLength();
      assertThat(size).as(object.key()).isBetween(1000L, 1600L);
    }
    List<Long> landed = BucketContents.ids(BucketContents.values(s3, bucket, name + "/"));
    assertThat(landed).containsExactlyElementsOf(LongStream.range(0, 20).boxed().toList());
    cluster.connect().deleteConnector(name);
  }

  @Test
  void timePartitionerWritesDateAndHourPathsOfTheCommitTime() throws Exception {
    String name = cluster.uniqueName("sink-time");
    startSink(
        name,
        Map.of(
            "format", "parquet",
            "partitioner", "time",
            "path.format", "'date'=yyyy-MM-dd/'hour'=HH",
            "timezone", "Europe/Berlin",
            "rotate.schedule.interval.ms", "1500"));
    // T0 is 14:59:58Z: the first two records are in 15:xx Berlin time, the last two in 16:xx
    SinkConnectors.produce(cluster, name, changes(0, 4, 1000));

    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .until(() -> BucketContents.values(s3, bucket, name + "/").size() == 4);
    assertThat(BucketContents.read(s3, bucket, name + "/"))
        .extracting(
            o -> o.key().substring(name.length() + 1) + " " + BucketContents.ids(o.values()))
        .containsExactly(
            "public/orders/date=2026-11-25/hour=15/"
                + name
                + "+0+00000000000000000000.parquet [0, 1]",
            "public/orders/date=2026-11-25/hour=16/"
                + name
                + "+0+00000000000000000002.parquet [2, 3]");
    cluster.connect().deleteConnector(name);
  }

  @Test
  void schemalessJsonMapsFromOtherConnectorsAreWrittenAsJsonLinesUnderTheTopic() throws Exception {
    String name = cluster.uniqueName("sink-plain");
    startSink(
        name,
        Map.of(
            "format", "parquet",
            "value.converter", "org.apache.kafka.connect.json.JsonConverter",
            "value.converter.schemas.enable", "false",
            "rotate.schedule.interval.ms", "1500"));
    try (KafkaProducer<byte[], byte[]> producer = cluster.kafka().createProducer(Map.of())) {
      for (int i = 0; i < 3; i++) {
        String json = "{\"id\":" + i + ",\"page\":\"/p" + i + "\",\"tags\":[\"a\",\"b\"]}";
        producer.send(new ProducerRecord<>(name, 0, null, json.getBytes(StandardCharsets.UTF_8)));
      }
    }

    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .until(() -> BucketContents.values(s3, bucket, name + "/").size() == 3);
    List<BucketContents.DataObject> objects = BucketContents.read(s3, bucket, name + "/");
    assertThat(objects)
        .singleElement()
        .satisfies(
            o ->
                assertThat(o.key())
                    .isEqualTo(name + "/" + name + "/" + name + "+0+00000000000000000000.jsonl"));
    assertThat(objects.get(0).values())
        .containsExactly(
            Map.of("id", 0L, "page", "/p0", "tags", List.of("a", "b")),
            Map.of("id", 1L, "page", "/p1", "tags", List.of("a", "b")),
            Map.of("id", 2L, "page", "/p2", "tags", List.of("a", "b")));
    cluster.connect().deleteConnector(name);
  }

  @Test
  @Tag("fault")
  void s3UnavailableForAWhileTheTaskRetriesAndWritesEveryRecordOnce() throws Exception {
    String name = cluster.uniqueName("sink-outage");
    try (TcpFaultProxy proxy = TcpFaultProxy.start(S3Server.shared().endpoint())) {
      startBehindAndWriteFirstFive(
          proxy,
          name,
          Map.of(
              "format", "avro",
              "s3.retries", "30",
              "s3.retry.backoff.ms", "100",
              "s3.retry.backoff.max.ms", "400",
              "rotate.schedule.interval.ms", "1500"));

      proxy.cutOff();
      SinkConnectors.produce(cluster, name, changes(5, 12, 1000));
      await().atMost(WAIT).ignoreExceptions().until(() -> proxy.refusedConnections() >= 3);
      System.out.println(
          "injected: S3 unreachable, " + proxy.refusedConnections() + " connections refused");
      proxy.restore();

      await()
          .atMost(WAIT)
          .ignoreExceptions()
          .until(() -> BucketContents.values(s3, bucket, name + "/").size() >= 12);
      List<Long> landed = BucketContents.ids(BucketContents.values(s3, bucket, name + "/"));
      FaultReport.of(1, LongStream.range(0, 12).boxed().toList(), landed)
          .print("S3SinkConnectorIT");
      assertThat(landed).containsExactlyElementsOf(LongStream.range(0, 12).boxed().toList());
      assertThat(cluster.connect().connectorStatus(name).tasks())
          .allMatch(t -> t.state().equals("RUNNING"));
      System.out.println("checked: task running, 12 records once each after the outage");
      cluster.connect().deleteConnector(name);
    }
  }

  @Test
  @Tag("fault")
  void s3Down30sThenAnswering500sThenSlowIsRiddenOutAndEveryRecordLandsOnce() throws Exception {
    String name = cluster.uniqueName("sink-retry-budget");
    try (TcpFaultProxy proxy = TcpFaultProxy.start(S3Server.shared().endpoint())) {
      startBehindAndWriteFirstFive(
          proxy,
          name,
          Map.of(
              "format", "json",
              "s3.retries", "1000",
              "s3.retry.backoff.ms", "50",
              "s3.retry.backoff.max.ms", "200",
              "s3.retry.max.total.ms", "1000",
              "rotate.schedule.interval.ms", "1500"));

      // 1. S3 stopped for 30 s: longer than s3.retry.max.total.ms, so the calls end with a
      // RetriableException and the worker redelivers, again and again
      proxy.cutOff();
      long stopped = System.nanoTime();
      SinkConnectors.produce(cluster, name, changes(5, 12, 1000));
      await()
          .atMost(WAIT)
          .ignoreExceptions()
          .until(
              () ->
                  proxy.refusedConnections() >= 30
                      && System.nanoTime() - stopped > Duration.ofSeconds(30).toNanos());
      System.out.println(
          "injected: S3 unreachable for 30 s, past s3.retry.max.total.ms=1000, "
              + proxy.refusedConnections()
              + " connections refused");
      assertThat(cluster.connect().connectorStatus(name).tasks())
          .allMatch(t -> t.state().equals("RUNNING"));

      // 2. S3 answering 500 to every request
      proxy.restore();
      proxy.answerServerErrors();
      SinkConnectors.produce(cluster, name, changes(12, 16, 1000));
      await().atMost(WAIT).until(() -> proxy.serverErrors() >= 10);
      System.out.println("injected: S3 answered " + proxy.serverErrors() + " requests with 500");

      // 3. S3 slow: every chunk of bytes held 300 ms
      proxy.restore();
      proxy.slowDown(Duration.ofMillis(300));
      SinkConnectors.produce(cluster, name, changes(16, 20, 1000));
      await()
          .atMost(WAIT)
          .ignoreExceptions()
          .until(() -> BucketContents.values(s3, bucket, name + "/").size() >= 16);
      System.out.println("injected: S3 answering slowly (300 ms per chunk)");
      proxy.restore();

      await()
          .atMost(WAIT)
          .ignoreExceptions()
          .until(() -> BucketContents.values(s3, bucket, name + "/").size() >= 20);
      List<Long> ids = BucketContents.ids(BucketContents.values(s3, bucket, name + "/"));
      FaultReport report =
          FaultReport.of(3, LongStream.range(0, 20).boxed().toList(), ids).print(name);
      assertThat(report.lost()).isZero();
      assertThat(ids).containsExactlyElementsOf(LongStream.range(0, 20).boxed().toList());
      assertThat(cluster.connect().connectorStatus(name).tasks())
          .allMatch(t -> t.state().equals("RUNNING"));
      System.out.println("checked: task running throughout, 20 records once each");
      cluster.connect().deleteConnector(name);
    }
  }

  @Test
  @Tag("fault")
  void s3DownLongerThanTheRetriesFailsTheTaskClearlyAndARestartWritesEveryRecordOnce()
      throws Exception {
    String name = cluster.uniqueName("sink-retries-exhausted");
    try (TcpFaultProxy proxy = TcpFaultProxy.start(S3Server.shared().endpoint())) {
      startBehindAndWriteFirstFive(
          proxy, name, Map.of("format", "json", "s3.retries", "2", "s3.retry.backoff.ms", "50"));

      proxy.cutOff();
      SinkConnectors.produce(cluster, name, changes(5, 10, 1000));
      await()
          .atMost(WAIT)
          .ignoreExceptions()
          .until(
              () ->
                  cluster.connect().connectorStatus(name).tasks().get(0).state().equals("FAILED"));
      String trace = cluster.connect().connectorStatus(name).tasks().get(0).trace();
      System.out.println(
          "injected: S3 down past s3.retries=2; task failed with: "
              + trace.lines().filter(l -> l.contains("S3 request")).findFirst().orElse(trace));
      assertThat(trace)
          .contains("failed 3 times")
          .contains("s3.retries=2")
          .contains("check that s3.endpoint is reachable");

      proxy.restore();
      cluster.connect().restartTask(name, 0);
      await()
          .atMost(WAIT)
          .ignoreExceptions()
          .until(() -> BucketContents.values(s3, bucket, name + "/").size() >= 10);
      List<Long> landed = BucketContents.ids(BucketContents.values(s3, bucket, name + "/"));
      FaultReport.of(1, LongStream.range(0, 10).boxed().toList(), landed)
          .print("S3SinkConnectorIT");
      assertThat(landed).containsExactlyElementsOf(LongStream.range(0, 10).boxed().toList());
      assertThat(cluster.connect().connectorStatus(name).tasks().get(0).state())
          .isEqualTo("RUNNING");
      System.out.println("checked: after the restart, 10 records once each");
      cluster.connect().deleteConnector(name);
    }
  }

  @Test
  void badConfigFailsValidationNamingTheKeyAndTheFix() {
    Map<String, String> props = new HashMap<>();
    props.put("connector.class", S3SinkConnector.class.getName());
    props.put("name", "bad-sink");
    props.put("topics", "t");
    props.put("format", "xml");
    ConfigInfos result =
        cluster.connect().validateConnectorConfig(S3SinkConnector.class.getSimpleName(), props);
    Map<String, List<String>> errors = new HashMap<>();
    for (ConfigInfo info : result.configs()) {
      errors.put(info.configValue().name(), info.configValue().errors());
    }
    errors.values().removeIf(List::isEmpty);
    System.out.println("validate: " + errors);
    assertThat(errors).containsOnlyKeys("s3.bucket", "format");
    assertThat(errors.get("s3.bucket")).singleElement().asString().contains("s3.bucket");
    assertThat(errors.get("format"))
        .singleElement()
        .asString()
        .contains(
            "unknown format \"xml\" in format; use one of arrow | parquet | avro | proto | json");
    System.out.println(
        "checked: validate says " + errors.get("s3.bucket") + " and " + errors.get("format"));
  }

  /** Creates the topic {@code name} and starts a sink of it writing below prefix {@code name}. */
  private static void startSink(String name, Map<String, String> overrides) throws Exception {
    cluster.kafka().createTopic(name, 1);
    Map<String, String> props = SinkConnectors.config(name, bucket, name);
    props.putAll(overrides);
    SinkConnectors.start(cluster, name, props);
  }

  /**
   * Starts a sink (flush.size=5) that reaches S3 through {@code proxy}, writes records 0..4 and
   * waits until they are in the bucket.
   */
  private static void startBehindAndWriteFirstFive(
      TcpFaultProxy proxy, String name, Map<String, String> overrides) throws Exception {
    Map<String, String> props = new HashMap<>(overrides);
    props.put("s3.endpoint", proxy.endpoint().toString());
    props.put("flush.size", "5");
    startSink(name, props);
    SinkConnectors.produce(cluster, name, changes(0, 5, 1000));
    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .until(() -> BucketContents.values(s3, bucket, name + "/").size() == 5);
  }

  private static List<Struct> changes(long from, long to, long stepMillis) {
    List<Struct> values = new ArrayList<>();
    for (long id = from; id < to; id++) {
      values.add(
          Envelopes.insert(id, id % 2 == 0 ? "eu" : "us", "note " + id, T0 + id * stepMillis));
    }
    return values;
  }

  private static String ext(String format) {
    return switch (format) {
      case "parquet" -> ".parquet";
      case "arrow" -> ".arrow";
      case "avro" -> ".avro";
      case "proto" -> ".pb";
      default -> ".jsonl";
    };
  }
}
