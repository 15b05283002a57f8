package io.ductstream.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ductstream.testkit.KafkaConnectCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Unpacks the plugin archive into a worker's {@code plugin.path}, as a user would, and checks that
 * a real Connect worker loads our connectors and converters from it through its isolated plugin
 * class loader.
 */
class ConnectPluginArchiveIT {
  private static final String VERSION = System.getProperty("ductstream.version");
  private static final List<String> PLUGINS =
      List.of(
          "io.ductstream.source.pg.PostgresSourceConnector",
          "io.ductstream.sink.s3.S3SinkConnector",
          "io.ductstream.format.WireFormatConverter");

  private static Path pluginPath;
  private static KafkaConnectCluster cluster;

  @BeforeAll
  static void unpackArchiveAndStartWorker() throws IOException {
    PluginArchive.Deployed deployed = PluginArchive.deployed();
    pluginPath = deployed.pluginPath();
    cluster = deployed.cluster();
  }

  @Test
  void archiveHoldsLibJarsAndAManifest() throws IOException {
    Path root = pluginPath.resolve("ductstream-connect-" + VERSION);
    assertThat(root.resolve("manifest.json"))
        .content()
        .contains("\"version\": \"" + VERSION + "\"");
    try (Stream<Path> jars = Files.list(root.resolve("lib"))) {
      List<String> names = jars.map(p -> p.getFileName().toString()).toList();
      assertThat(names)
          .contains(
              "ductstream-connector-source-pg-" + VERSION + ".jar",
              "ductstream-connector-sink-s3-" + VERSION + ".jar",
              "ductstream-converters-" + VERSION + ".jar")
          .anyMatch(n -> n.startsWith("postgresql-"))
          .anyMatch(n -> n.startsWith("s3-"))
          // The worker provides the Connect API and Kafka clients; a second copy in the plugin
          // would clash.
          .noneMatch(n -> n.startsWith("connect-api-") || n.startsWith("kafka-clients-"))
          // The sink uses the SDK's synchronous client; the async one's Netty 4.1 breaks Arrow's.
          .noneMatch(n -> n.startsWith("netty-nio-client-"));
    }
  }

  @Test
  void testClassPathDoesNotHoldTheConnectors() {
    assertThatThrownBy(() -> Class.forName(PLUGINS.get(0)))
        .as("the connectors must come from plugin.path only")
        .isInstanceOf(ClassNotFoundException.class);
  }

  @Test
  void workerListsConnectorsAndConvertersFromThePluginPath() {
    String plugins = cluster.restGet("/connector-plugins?connectorsOnly=false");
    for (String plugin : PLUGINS) {
      assertThat(plugins)
          .as("GET /connector-plugins lists " + plugin)
          .contains("\"class\":\"" + plugin + "\"");
    }
    assertThat(plugins)
        .contains(
            "{\"class\":\"io.ductstream.source.pg.PostgresSourceConnector\",\"type\":\"source\",\"version\":\""
                + VERSION
                + "\"}");
  }

  @Test
  void workerValidatesConverterConfigWithTheArchivesClasses() {
    String config =
        cluster.restGet("/connector-plugins/io.ductstream.format.WireFormatConverter/config");
    assertThat(config)
        .contains("\"name\":\"format\"")
        .contains("arrow | parquet | avro | proto | json");
  }

  @Test
  void workerServesTheSinkConfigFromTheArchive() {
    String config =
        cluster.restGet("/connector-plugins/io.ductstream.sink.s3.S3SinkConnector/config");
    assertThat(config)
        .contains("\"name\":\"s3.bucket\"")
        .contains("\"name\":\"rotate.schedule.interval.ms\"")
        .contains("\"type\":\"PASSWORD\"");
  }
}
