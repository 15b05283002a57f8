package io.ductstream.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;

/**
 * A real Kafka broker (KRaft) and Kafka Connect worker(s), in-process, from Kafka's own test kit
 * ({@link EmbeddedConnectCluster}). {@link #shared()} is started once per test JVM with the
 * project's connectors on the classpath; {@link #start(String, int, Map)} gives a dedicated cluster
 * for tests that need other worker settings (for example a {@code plugin.path}).
 */
public final class KafkaConnectCluster implements AutoCloseable {
  private static KafkaConnectCluster shared;

  private final EmbeddedConnectCluster connect;
  private final AtomicInteger names = new AtomicInteger();

  private KafkaConnectCluster(EmbeddedConnectCluster connect) {
    this.connect = connect;
  }

  /**
   * The cluster shared by every test class of this JVM (one broker, one worker); stopped when the
   * JVM exits.
   */
  public static synchronized KafkaConnectCluster shared() {
    if (shared == null) {
      KafkaConnectCluster cluster = start("ductstream-shared", 1, Map.of());
      Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "kafka-connect-stop"));
      shared = cluster;
    }
    return shared;
  }

  /**
   * Starts a dedicated cluster. Worker properties default to service-loader plugin discovery
   * (connectors and converters must be listed in {@code META-INF/services}) and short offset-flush
   * intervals; {@code workerProps} add to or replace them. The caller closes it.
   */
  public static KafkaConnectCluster start(
      String name, int workers, Map<String, String> workerProps) {
    Map<String, String> props = new HashMap<>();
    props.put("plugin.discovery", "service_load");
    props.put("offset.flush.interval.ms", "1000");
    props.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
    props.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
    // as a production worker would have it: connector configs may hold ${file:path:key} references
    props.put("config.providers", "file");
    props.put(
        "config.providers.file.class",
        "org.apache.kafka.common.config.provider.FileConfigProvider");
    props.putAll(workerProps);
    Properties brokerProps = new Properties();
    brokerProps.put("auto.create.topics.enable", "true");
    brokerProps.put("group.initial.rebalance.delay.ms", "0");
    // one broker: transactions (exactly-once source tasks) need a single-replica state log
    brokerProps.put("transaction.state.log.replication.factor", "1");
    brokerProps.put("transaction.state.log.min.isr", "1");
    EmbeddedConnectCluster connect =
        new EmbeddedConnectCluster.Builder()
            .name(name)
            .numWorkers(workers)
            .numBrokers(1)
            .brokerProps(brokerProps)
            .workerProps(props)
            .maskExitProcedures(true)
            .build();
    try {
      connect.start();
      connect
          .assertions()
          .assertAtLeastNumWorkersAreUp(workers, "Kafka Connect workers did not start in time");
    } catch (Exception | AssertionError e) {
      try {
        connect.stop();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new IllegalStateException(
          "could not start the embedded Kafka broker and Connect worker: " + e.getMessage(), e);
    }
    return new KafkaConnectCluster(connect);
  }

  /** Kafka's embedded cluster, for its REST helpers (configureConnector, connectorStatus, ...). */
  public EmbeddedConnectCluster connect() {
    return connect;
  }

  public EmbeddedKafkaCluster kafka() {
    return connect.kafka();
  }

  public String bootstrapServers() {
    return connect.kafka().bootstrapServers();
  }

  /**
   * Base URL of a worker's REST API, without a trailing slash, e.g. {@code http://localhost:40123}.
   */
  public String restUrl() {
    String root = connect.endpointForResource("");
    return root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
  }

  /**
   * GETs {@code path} (e.g. {@code /connector-plugins}) from a worker's REST API and returns the
   * body; fails with the status and body when the answer is not 200. While the worker answers that
   * a rebalance is under way (right after a connector was created or changed), it asks again, for
   * up to 30 s.
   */
  public String restGet(String path) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(restUrl() + path)).GET().build();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    try {
      while (true) {
        HttpResponse<String> response =
            HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return response.body();
        }
        boolean rebalancing =
            (response.statusCode() == 409 || response.statusCode() == 500)
                && response.body().contains("rebalance");
        if (!rebalancing || System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        Thread.sleep(200);
      }
    } catch (IOException e) {
      throw new IllegalStateException("GET " + path + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during GET " + path, e);
    }
  }

  /**
   * Waits until {@code connector} and exactly {@code tasks} tasks are RUNNING. Unlike Kafka's
   * ConnectAssertions it stays quiet while the worker has no status yet (right after the connector
   * was created), and fails with the last status when the time is up.
   */
  public void awaitRunning(String connector, int tasks, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "no status";
    while (System.nanoTime() < deadline) {
      try {
        ConnectorStateInfo status = connect.connectorStatus(connector);
        last = status.connector().state() + ", tasks " + status.tasks();
        if ("RUNNING".equals(status.connector().state())
            && status.tasks().size() == tasks
            && status.tasks().stream().allMatch(t -> "RUNNING".equals(t.state()))) {
          return;
        }
      } catch (RuntimeException e) {
        last = e.getMessage(); // 404 until the worker has started it
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for connector " + connector, e);
      }
    }
    throw new IllegalStateException(
        "connector "
            + connector
            + " is not RUNNING with "
            + tasks
            + " task(s) after "
            + timeout.toSeconds()
            + " s: "
            + last);
  }

  /** A topic or connector name no other test class of this JVM uses. */
  public String uniqueName(String prefix) {
    return prefix + "-" + names.incrementAndGet();
  }

  @Override
  public void close() {
    connect.stop();
  }
}
