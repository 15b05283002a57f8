package io.ductstream.controlplane.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ductstream.format.BatchWriterOptions;
import io.ductstream.format.parquet.ParquetBatchWriter;
import io.ductstream.sink.s3.buffer.SpillingBuffer;
import io.ductstream.sink.s3.config.S3SinkConfig;
import io.ductstream.sink.s3.upload.S3ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the classes of an S3 client and of a Parquet writer, and runs an S3 request and response of
 * each kind a run starts with (LIST, PUT), on a thread of its own while a worker's main thread
 * reads its store and its flow: some five thousand classes and the SDK's one-time setup of its
 * request path (endpoint rules, signing, the HTTP connection pool, XML parsing), which the first
 * requests of a flow would otherwise pay on the flow's critical path (about 0.3 s of a LIST that
 * takes 0.04 s once warm). The requests go to a stub bound to the loopback interface for the
 * duration, answering as S3 would; it writes one Parquet row to that stub. Nothing it does is seen
 * outside the process, and a failure only leaves the work to the first real requests.
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

  /** An empty listing, as S3 answers ListObjectsV2 for a prefix that holds nothing. */
  private static final byte[] EMPTY_LISTING =
      ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
              + "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
              + "<Name>warmup</Name><Prefix>warmup/</Prefix><KeyCount>0</KeyCount>"
              + "<MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated></ListBucketResult>")
          .getBytes(StandardCharsets.UTF_8);

  private Warmup() {}

  /** Starts warming up on a daemon thread and returns at once. */
  public static Thread startInBackground() {
    Thread thread = new Thread(Warmup::run, "ductstream-warmup");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  /** Warms up; true when the stub answered both requests (false leaves the work to a flow). */
  static boolean run() {
    HttpServer stub = null;
    try {
      stub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      stub.createContext("/", Warmup::answer);
      stub.start();
      Map<String, String> s3 =
          Map.of(
              S3SinkConfig.BUCKET, "warmup",
              S3SinkConfig.REGION, "us-east-1",
              S3SinkConfig.ENDPOINT,
                  "http://"
                      + InetAddress.getLoopbackAddress().getHostAddress()
                      + ":"
                      + stub.getAddress().getPort(),
              S3SinkConfig.PATH_STYLE, "true",
              S3SinkConfig.ACCESS_KEY_ID, "warmup",
              S3SinkConfig.SECRET_ACCESS_KEY, "warmup",
              S3SinkConfig.RETRIES, "0",
              S3SinkConfig.REQUEST_TIMEOUT_MS, "5000");
      SpillingBuffer file =
          new SpillingBuffer(1 << 20, Path.of(System.getProperty("java.io.tmpdir")));
      try (S3ObjectStore store = S3ObjectStore.of(new S3SinkConfig(s3))) {
        store.list("warmup/");
        try (ParquetBatchWriter writer =
            new ParquetBatchWriter(ROW, file, BatchWriterOptions.defaults())) {
          writer.write(new Struct(ROW).put("id", 1L).put("text", "warmup").put("flag", true));
        }
        file.close();
        store.put("warmup/warmup.parquet", file, Map.of("records", "1"));
      } finally {
        file.delete();
      }
      return true;
    } catch (Exception | LinkageError e) {
      log.debug("warming up the S3 and Parquet classes: {}", e.toString());
      return false;
    } finally {
      if (stub != null) {
        stub.stop(0);
      }
    }
  }

  /** Answers as S3 would: an empty listing to a GET, success with an ETag to a PUT. */
  private static void answer(HttpExchange exchange) throws IOException {
    try (exchange;
        InputStream body = exchange.getRequestBody()) {
      body.transferTo(java.io.OutputStream.nullOutputStream());
      if ("GET".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().add("Content-Type", "application/xml");
        exchange.sendResponseHeaders(200, EMPTY_LISTING.length);
        exchange.getResponseBody().write(EMPTY_LISTING);
      } else {
        exchange.getResponseHeaders().add("ETag", "\"warmup\"");
        exchange.sendResponseHeaders(200, -1);
      }
    }
  }
}
