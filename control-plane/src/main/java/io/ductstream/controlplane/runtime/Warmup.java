package io.ductstream.controlplane.runtime;

import io.ductstream.format.BatchWriterOptions;
import io.ductstream.format.parquet.ParquetBatchWriter;
import io.ductstream.sink.s3.config.S3SinkConfig;
import io.ductstream.sink.s3.upload.S3ObjectStore;
import java.io.OutputStream;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Loads the classes of an S3 client and of a Parquet writer on a thread of its own while a worker's
 * main thread reads its store and its flow: some five thousand classes that the first object of a
 * flow needs, which one thread would load after everything else (about a second of a worker's
 * start). It builds a client without sending a request and writes one row to nowhere; nothing it
 * does is seen outside the process, and a failure only leaves the classes to load when needed.
 */
public final class Warmup {
  private static final Logger log = LoggerFactory.getLogger(Warmup.class);

  private static final Schema ROW =
      SchemaBuilder.struct()
          .name("ductstream.Warmup")
          .field("id", Schema.INT64_SCHEMA)
          .field("text", Schema.OPTIONAL_STRING_SCHEMA)
          .field("flag", Schema.OPTIONAL_BOOLEAN_SCHEMA)
          .build();

  private Warmup() {}

  /** Starts loading on a daemon thread and returns at once. */
  public static Thread startInBackground() {
    Thread thread = new Thread(Warmup::run, "ductstream-warmup");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  static void run() {
    Map<String, String> s3 =
        Map.of(
            S3SinkConfig.BUCKET, "warmup",
            S3SinkConfig.REGION, "us-east-1",
            S3SinkConfig.ENDPOINT, "http://127.0.0.1:9",
            S3SinkConfig.PATH_STYLE, "true",
            S3SinkConfig.ACCESS_KEY_ID, "warmup",
            S3SinkConfig.SECRET_ACCESS_KEY, "warmup");
    try (S3Client client = S3ObjectStore.client(new S3SinkConfig(s3))) {
      try (ParquetBatchWriter writer =
          new ParquetBatchWriter(
              ROW, OutputStream.nullOutputStream(), BatchWriterOptions.defaults())) {
        writer.write(new Struct(ROW).put("id", 1L).put("text", "warmup").put("flag", true));
      }
    } catch (Exception | LinkageError e) {
      log.debug("warming up the S3 and Parquet classes: {}", e.toString());
    }
  }
}
