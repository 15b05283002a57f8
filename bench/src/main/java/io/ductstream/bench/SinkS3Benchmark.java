package io.ductstream.bench;

import io.ductstream.format.WireFormatConverter;
import io.ductstream.format.parquet.BytesInputFile;
import io.ductstream.format.parquet.ParquetFileReader;
import io.ductstream.sink.s3.S3SinkConnector;
import io.ductstream.source.pg.PostgresSourceConnector;
import io.ductstream.testkit.KafkaConnectCluster;
import io.ductstream.testkit.S3Server;
import java.sql.Connection;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@code sink-s3} (issue 7): how fast the S3 sink connector turns a topic of {@code -n} anchor rows
 * into Parquet objects on a real Connect worker, with an S3-compatible server on this machine. The
 * topic is filled once by the Postgres source connector (insert-only load, Avro on the wire), so
 * the sink reads exactly what it reads in production; each run is a new sink connector (its own
 * consumer group and prefix) reading the whole topic. Target: at least 200k rows/s.
 */
final class SinkS3Benchmark implements Benchmark {
  private static final double MB = 1024.0 * 1024.0;
  private static final String TOPIC = SourceConnectorSetup.TOPIC;
  private static final Duration STALL_LIMIT = Duration.ofSeconds(120);

  @Override
  public String name() {
    return "sink-s3";
  }

  @Override
  public String description() {
    return "the S3 sink connector on a real worker: -n rows from a topic (Avro) to Parquet objects,"
        + " rows/s and MB/s";
  }

  @Override
  public Result run(BenchOptions options) throws Exception {
    AnchorWorkload workload = new AnchorWorkload(options.rows());
    long rows = workload.rows();
    S3Server s3 = S3Server.shared();
    String bucket = s3.createBucket("bench-sink");
    try (KafkaConnectCluster cluster =
            KafkaConnectCluster.start("bench-sink", 1, Map.of("offset.flush.interval.ms", "100"));
        Admin admin =
            Admin.create(
                Map.of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    (Object) cluster.bootstrapServers()))) {
      long topicBytes;
      // Postgres is stopped before the sink runs: the sink does not need it, and its background
      // work after a large load (autovacuum, checkpoints) would share the CPU with the first run
      try (BenchFixture bench = BenchFixture.start(workload)) {
        topicBytes = fillTopic(bench, cluster, admin);
      }
      System.out.printf(
          "topic %s holds %d records, %.1f MB of Avro values and keys%n",
          TOPIC, rows, topicBytes / MB);
      printHeaderSizes(cluster.bootstrapServers());

      int runs = options.runs();
      double[] seconds = new double[runs];
      double[] rates = new double[runs];
      for (int run = 1; run <= runs; run++) {
        String connector = "bench-s3-" + run;
        String prefix = "run" + run;
        long start = System.nanoTime();
        cluster.connect().configureConnector(connector, sinkConfig(s3, bucket, prefix, rows));
        awaitCommitted(admin, "connect-" + connector, rows);
        seconds[run - 1] = (System.nanoTime() - start) / 1e9;
        rates[run - 1] = rows / seconds[run - 1];
        cluster.connect().deleteConnector(connector);
        ObjectStats objects = objects(s3.client(), bucket, prefix, run == 1);
        System.out.printf(
            "run %d: %.2f s, %.0f rows/s, %.1f MB/s in; %d Parquet objects, %.1f MB%s;"
                + " peak RSS so far %d MB%n",
            run,
            seconds[run - 1],
            rates[run - 1],
            topicBytes / MB / seconds[run - 1],
            objects.count(),
            objects.bytes() / MB,
            objects.rows() < 0 ? "" : ", " + objects.rows() + " rows read back",
            Measurements.peakRssMb());
        if (objects.rows() >= 0 && objects.rows() != rows) {
          throw new BenchException(
              "the sink wrote "
                  + objects.rows()
                  + " rows to s3://"
                  + bucket
                  + "/"
                  + prefix
                  + " for the "
                  + rows
                  + " records of the topic");
        }
      }
      System.out.printf(
          "time runs from creating the sink connector to its consumer group committing the last"
              + " offset (the sink commits only uploaded objects); MB/s counts the topic's bytes;"
              + " peak RSS is this JVM's VmHWM, which also holds the broker, the worker and the S3"
              + " server%n");
      double medianSeconds = Measurements.median(seconds);
      return new Result(name())
          .add("rows", rows)
          .add("seconds", medianSeconds, 1)
          .add("rows_per_s", Math.round(Measurements.median(rates)))
          .add("mb_per_s", topicBytes / MB / medianSeconds, 1)
          .add("peak_rss_mb", Measurements.peakRssMb())
          .add("runs", runs);
    }
  }

  /** What the first record carries besides its key and value: the schema headers' bytes. */
  private static void printHeaderSizes(String bootstrapServers) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
            ByteArrayDeserializer.class,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
            ByteArrayDeserializer.class);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
      TopicPartition partition = new TopicPartition(TOPIC, 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          StringBuilder headers = new StringBuilder();
          for (Header header : record.headers()) {
            headers.append(headers.isEmpty() ? "" : ", ");
            headers.append(header.key()).append(' ').append(header.value().length).append(" B");
          }
          System.out.printf(
              "each record: key %d B, value %d B, headers %s (schema.header.encoding=zlib)%n",
              record.key().length, record.value().length, headers);
          return;
        }
      }
    }
  }

  /** Streams an insert-only load through the Postgres source into the topic; returns its bytes. */
  private static long fillTopic(BenchFixture bench, KafkaConnectCluster cluster, Admin admin)
      throws Exception {
    AnchorWorkload workload = bench.workload();
    admin
        .createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(TOPIC, 1, (short) 1)))
        .all()
        .get();
    Map<String, String> source = new SourceConnectorSetup(bench).connectorConfig("bench_sink_fill");
    source.put("connector.class", PostgresSourceConnector.class.getName());
    source.put("tasks.max", "1");
    source.putAll(converters("avro"));
    source.put("producer.override.linger.ms", "20");
    source.put("producer.override.batch.size", "524288");
    // as the example flows do: every record carries its writer schema in a header, which
    // compresses away across a batch
    source.put("producer.override.compression.type", "lz4");
    cluster.connect().configureConnector("bench-fill", source);
    cluster.awaitRunning("bench-fill", 1, STALL_LIMIT);
    long loadStart = System.nanoTime();
    try (Connection c = bench.connect()) {
      workload.insertOnly(c);
    }
    TopicPartition partition = new TopicPartition(TOPIC, 0);
    long deadline = System.nanoTime() + STALL_LIMIT.toNanos();
    while (endOffset(admin, partition) < workload.rows()) {
      if (System.nanoTime() > deadline) {
        throw new BenchException(
            "the source connector did not put " + workload.rows() + " records in " + TOPIC);
      }
      Thread.sleep(100);
    }
    cluster.connect().deleteConnector("bench-fill");
    System.out.printf(
        "loaded %d rows and streamed them to %s in %.1f s%n",
        workload.rows(), TOPIC, (System.nanoTime() - loadStart) / 1e9);
    return admin.describeLogDirs(List.of(0)).allDescriptions().get().values().stream()
        .flatMap(dirs -> dirs.values().stream())
        .flatMap(dir -> dir.replicaInfos().entrySet().stream())
        .filter(e -> e.getKey().equals(partition))
        .mapToLong(e -> e.getValue().size())
        .sum();
  }

  /** Ten objects of {@code rows / 10} rows each, cut by count: the last one too. */
  private static Map<String, String> sinkConfig(
      S3Server s3, String bucket, String prefix, long rows) {
    Map<String, String> sink = new HashMap<>();
    sink.put("connector.class", S3SinkConnector.class.getName());
    sink.put("tasks.max", "1");
    sink.put("topics", TOPIC);
    sink.put("s3.bucket", bucket);
    sink.put("s3.prefix", prefix);
    sink.put("s3.endpoint", s3.endpoint().toString());
    sink.put("s3.path.style", "true");
    sink.put("s3.region", S3Server.REGION);
    sink.put("s3.access.key.id", S3Server.ACCESS_KEY);
    sink.put("s3.secret.access.key", S3Server.SECRET_KEY);
    sink.put("format", "parquet");
    sink.put("flush.size", Long.toString(rows / 10));
    sink.putAll(converters("avro"));
    // the schema header is for the value converter; Connect's default header converter would parse
    // it again into a Connect header for every record
    sink.put("header.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
    return sink;
  }

  private static Map<String, String> converters(String format) {
    return Map.of(
        "key.converter",
        WireFormatConverter.class.getName(),
        "key.converter.format",
        format,
        "value.converter",
        WireFormatConverter.class.getName(),
        "value.converter.format",
        format);
  }

  private static void awaitCommitted(Admin admin, String group, long offset) throws Exception {
    TopicPartition partition = new TopicPartition(TOPIC, 0);
    long deadline = System.nanoTime() + STALL_LIMIT.toNanos();
    long committed = -1;
    while (committed < offset) {
      if (System.nanoTime() > deadline) {
        throw new BenchException(
            "the sink committed offset "
                + committed
                + " of "
                + offset
                + " within "
                + STALL_LIMIT.toSeconds()
                + " s; see the worker log above");
      }
      Thread.sleep(20);
      OffsetAndMetadata meta =
          admin
              .listConsumerGroupOffsets(group)
              .partitionsToOffsetAndMetadata()
              .get()
              .get(partition);
      committed = meta == null ? -1 : meta.offset();
    }
  }

  private static long endOffset(Admin admin, TopicPartition partition) throws Exception {
    return admin
        .listOffsets(Map.of(partition, OffsetSpec.latest()))
        .partitionResult(partition)
        .get()
        .offset();
  }

  private record ObjectStats(long count, long bytes, long rows) {}

  /** The Parquet objects under {@code prefix}; with {@code readBack}, their rows counted too. */
  private static ObjectStats objects(S3Client s3, String bucket, String prefix, boolean readBack)
      throws Exception {
    long count = 0;
    long bytes = 0;
    long rows = readBack ? 0 : -1;
    for (S3Object object :
        s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix + "/")).contents()) {
      if (!object.key().endsWith(".parquet")) {
        continue;
      }
      count++;
      bytes += object.size();
      if (readBack) {
        byte[] data = s3.getObjectAsBytes(b -> b.bucket(bucket).key(object.key())).asByteArray();
        rows += ParquetFileReader.readAll(new BytesInputFile(data)).size();
      }
    }
    return new ObjectStats(count, bytes, rows);
  }
}
