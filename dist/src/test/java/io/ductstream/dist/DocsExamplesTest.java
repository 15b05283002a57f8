package io.ductstream.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.google.protobuf.util.JsonFormat;
import io.ductstream.api.v1.CreateFlowRequest;
import io.ductstream.api.v1.FlowRun;
import io.ductstream.controlplane.config.ServerSettings;
import io.ductstream.controlplane.flow.FlowDefinition;
import io.ductstream.controlplane.flow.FlowValidator;
import io.ductstream.controlplane.flow.WireFormatPolicy;
import io.ductstream.controlplane.flowfile.FlowFile;
import io.ductstream.controlplane.server.FlowMessages;
import io.ductstream.controlplane.translate.ConnectorChecks;
import io.ductstream.controlplane.translate.FlowTranslator;
import io.ductstream.format.WireFormatConverter;
import io.ductstream.sink.s3.S3SinkConnector;
import io.ductstream.source.pg.PostgresSourceConnector;
import java.io.IOException;
import java.io.StringReader;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.connect.connector.Connector;
import org.apache.kafka.connect.runtime.SinkConnectorConfig;
import org.apache.kafka.connect.runtime.SourceConnectorConfig;
import org.apache.kafka.connect.storage.Converter;
import org.junit.jupiter.api.Test;

/**
 * Every ```json, ```properties and ```yaml block of README.md and docs/ is used the way a user uses
 * it: flow JSON through the control plane's own flow validation and translation (the path of
 * CreateFlow and RenderConnectorConfigs), connector properties through the connector's ConfigDef.
 * The Java and DuckDB blocks run in {@link DocsJavaExamplesTest}, PostgreSQL's SQL in {@link
 * DocsSqlExamplesIT}. A block no test can run carries {@code <!-- not-run: why -->}; any other
 * block these checks cannot place fails.
 */
class DocsExamplesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final WireFormatPolicy SERVER_DEFAULTS =
      new WireFormatPolicy(ServerSettings.DEFAULT_WIRE_FORMAT, ServerSettings.DEFAULT_WIRE_ENFORCE);

  /** Languages of fenced blocks other tests run: bash command lines (DocsCommandLinesTest). */
  private static final Set<String> RUN_ELSEWHERE = Set.of("", "bash");

  private static final Set<String> RUN_HERE = Set.of("sql", "json", "properties", "yaml", "java");

  @Test
  void everyFencedBlockIsRunByATestOrMarkedNotRun() {
    List<String> unknown = new ArrayList<>();
    for (DocBlocks.Block block : DocBlocks.all()) {
      if (!RUN_ELSEWHERE.contains(block.language())
          && !RUN_HERE.contains(block.language())
          && !block.notRun()) {
        unknown.add(block.toString());
      }
    }
    assertThat(unknown)
        .as("blocks in a language no test runs: mark them <!-- not-run: why -->")
        .isEmpty();
    assertThat(DocBlocks.all().stream().filter(DocBlocks.Block::notRun))
        .as("a not-run mark says why")
        .allMatch(b -> b.reason() != null && !b.reason().isBlank());
  }

  // ---- JSON: flows, parts of flows, API answers

  @Test
  void everyJsonBlockIsAValidFlowOrPartOfOneOrAnApiMessage() throws Exception {
    List<String> failed = new ArrayList<>();
    int checked = 0;
    for (DocBlocks.Block block : DocBlocks.of("json")) {
      if (block.notRun()) {
        continue;
      }
      try {
        for (JsonNode value : jsonValues(block.text())) {
          checkJson(value);
          checked++;
        }
      } catch (Exception | AssertionError e) {
        failed.add(block + ": " + e.getMessage());
      }
    }
    assertThat(failed).as("JSON blocks").isEmpty();
    assertThat(checked).isPositive();
    // and the example flow files the docs point at
    try (Stream<Path> flows = Files.list(DocBlocks.REPO.resolve("examples/flows"))) {
      for (Path flow : flows.sorted().toList()) {
        validateFlowFile(Files.readString(flow));
      }
    }
  }

  /**
   * The JSON values of a block: one or more objects, or object members shown without their braces
   * (a part of a flow: {@code "source": {...}}).
   */
  private static List<JsonNode> jsonValues(String text) throws IOException {
    try {
      return JSON.readValues(JSON.createParser(text), JsonNode.class).readAll();
    } catch (IOException notAValue) {
      return List.of(JSON.readTree("{" + text + "}"));
    }
  }

  private static void checkJson(JsonNode value) throws Exception {
    if (value.has("flow")) {
      validateFlowFile(JSON.writeValueAsString(value));
    } else if (value.has("source") || value.has("destinations")) {
      ObjectNode file = baseFlow("pg_to_s3_parquet.json");
      ((ObjectNode) file.get("flow")).setAll((ObjectNode) value);
      validateFlowFile(JSON.writeValueAsString(file));
    } else if (value.has("type") && value.has("options")) {
      validateEndpoint(value);
    } else if (value.has("run_id")) {
      // a FlowRun as the API and `flow runs -json` print it: every field is one of the message's
      JsonFormat.parser().merge(JSON.writeValueAsString(value), FlowRun.newBuilder());
    } else {
      throw new AssertionError(
          "neither a flow, a part of one nor an API message; mark it <!-- not-run: why -->: "
              + value);
    }
  }

  @Test
  void aBlockTheseChecksCannotPlaceFailsAndSaysHowToMarkIt() throws Exception {
    assertThatThrownBy(() -> checkJson(JSON.readTree("{\"brokers\": \"kafka:9092\"}")))
        .hasMessageContaining("<!-- not-run: why -->");
    assertThat(
            connectorConfigProblems(Map.of("flush.size", "0", "producer.override.acks.typo", "1")))
        .containsExactlyInAnyOrder(
            "flush.size: Invalid value 0 for configuration flush.size: Value must be at least 1",
            "producer.override.acks.typo: not a key of S3SinkConnector nor of Kafka Connect");
  }

  /** An endpoint in the place of the source, or of the first destination of its type. */
  private static void validateEndpoint(JsonNode endpoint) throws Exception {
    String type = endpoint.get("type").asText().toLowerCase();
    if (type.endsWith("postgres")) {
      ObjectNode file = baseFlow("pg_to_s3_parquet.json");
      ((ObjectNode) file.get("flow")).set("source", endpoint);
      validateFlowFile(JSON.writeValueAsString(file));
      return;
    }
    ObjectNode file =
        baseFlow(type.endsWith("kafka") ? "pg_to_kafka_avro.json" : "pg_to_s3_parquet.json");
    ArrayNode destinations = (ArrayNode) file.get("flow").get("destinations");
    destinations.set(0, endpoint);
    validateFlowFile(JSON.writeValueAsString(file));
  }

  private static ObjectNode baseFlow(String name) throws IOException {
    return (ObjectNode)
        JSON.readTree(Files.readString(DocBlocks.REPO.resolve("examples/flows").resolve(name)));
  }

  /** As CreateFlow takes it (the admin CLI's file reading), then as RenderConnectorConfigs. */
  private static void validateFlowFile(String json) {
    CreateFlowRequest request = FlowFile.parse(json);
    FlowDefinition flow = FlowMessages.fromProto(request.getFlow());
    new FlowValidator(
            SERVER_DEFAULTS,
            new ConnectorChecks(new FlowTranslator(SERVER_DEFAULTS, Optional.empty())))
        .validate(flow);
    assertThat(
            new FlowTranslator(SERVER_DEFAULTS, Optional.empty()).translate(flow, Optional.empty()))
        .as("connectors of " + flow.name())
        .isNotEmpty();
  }

  // ---- properties: connector configs and parts of them

  @Test
  void everyPropertiesBlockIsAValidConnectorConfigOrPartOfOne() throws Exception {
    List<String> failed = new ArrayList<>();
    int checked = 0;
    for (DocBlocks.Block block : DocBlocks.of("properties")) {
      if (block.notRun()) {
        continue;
      }
      Properties parsed = new Properties();
      parsed.load(new StringReader(block.text()));
      Map<String, String> props = new TreeMap<>();
      parsed.forEach((k, v) -> props.put((String) k, (String) v));
      List<String> problems = connectorConfigProblems(props);
      problems.forEach(p -> failed.add(block + ": " + p));
      checked++;
    }
    assertThat(failed).as("properties blocks").isEmpty();
    assertThat(checked).isPositive();
  }

  /**
   * What the connector's validate (ConfigDef and cross-field checks) and the Connect worker say of
   * the keys. A block without connector.class is a part of a config: its connector keys are laid
   * over the config/ file of the connector they belong to.
   */
  private static List<String> connectorConfigProblems(Map<String, String> block) throws Exception {
    List<String> problems = new ArrayList<>();
    Map<String, String> config = new TreeMap<>(block);
    Connector connector;
    if (block.containsKey("connector.class")) {
      connector = connector(block.get("connector.class"));
    } else {
      connector = ownerOf(block.keySet());
      if (connector != null) {
        config = configFile(connector);
        config.putAll(block);
      }
    }
    Set<String> connectorKeys =
        connector == null ? Set.of() : connector.config().configKeys().keySet();
    if (connector != null) {
      for (ConfigValue value : connector.validate(config).configValues()) {
        for (String error : value.errorMessages()) {
          problems.add(value.name() + ": " + error);
        }
      }
    }
    for (String key : block.keySet()) {
      if (!connectorKeys.contains(key) && !knownToConnect(key, block, problems)) {
        problems.add(key + ": not a key of " + describe(connector) + " nor of Kafka Connect");
      }
    }
    return problems;
  }

  private static String describe(Connector connector) {
    return connector == null ? "our connectors" : connector.getClass().getSimpleName();
  }

  private static Connector connector(String className) throws Exception {
    return (Connector) instance(className);
  }

  private static Object instance(String className) throws Exception {
    return Class.forName(className).getDeclaredConstructor().newInstance();
  }

  /** Our connector whose ConfigDef has one of these keys, or null. */
  private static Connector ownerOf(Set<String> keys) {
    for (Connector candidate : List.of(new PostgresSourceConnector(), new S3SinkConnector())) {
      if (keys.stream().anyMatch(candidate.config().configKeys()::containsKey)) {
        return candidate;
      }
    }
    return null;
  }

  private static Map<String, String> configFile(Connector connector) throws IOException {
    String file =
        connector instanceof PostgresSourceConnector
            ? "postgres-source.properties"
            : "s3-sink.properties";
    Properties parsed = new Properties();
    parsed.load(new StringReader(Files.readString(DocBlocks.REPO.resolve("config").resolve(file))));
    Map<String, String> config = new TreeMap<>();
    parsed.forEach((k, v) -> config.put((String) k, (String) v));
    return config;
  }

  /**
   * A key the Connect worker takes for any connector: its connector configs, client overrides,
   * topic creation settings, and the settings of the converter the block names (ours when it names
   * none), which that converter's ConfigDef validates.
   */
  private static boolean knownToConnect(
      String key, Map<String, String> block, List<String> problems) throws Exception {
    if (SourceConnectorConfig.configDef().configKeys().containsKey(key)
        || SinkConnectorConfig.configDef().configKeys().containsKey(key)) {
      return true;
    }
    for (String role : List.of("key.converter.", "value.converter.", "header.converter.")) {
      if (key.startsWith(role)) {
        String className =
            block.getOrDefault(
                role.substring(0, role.length() - 1), WireFormatConverter.class.getName());
        ConfigDef def = ((Converter) instance(className)).config();
        String setting = key.substring(role.length());
        for (ConfigValue value : def.validate(Map.of(setting, block.get(key)))) {
          if (value.name().equals(setting)) {
            value.errorMessages().forEach(e -> problems.add(key + ": " + e));
          }
        }
        return def.configKeys().containsKey(setting);
      }
    }
    if (key.startsWith("producer.override.")) {
      return ProducerConfig.configNames().contains(key.substring("producer.override.".length()));
    }
    if (key.startsWith("consumer.override.")) {
      return ConsumerConfig.configNames().contains(key.substring("consumer.override.".length()));
    }
    if (key.startsWith("admin.override.")) {
      return AdminClientConfig.configNames().contains(key.substring("admin.override.".length()));
    }
    if (key.startsWith("topic.creation.default.")) {
      String setting = key.substring("topic.creation.default.".length());
      return setting.equals("replication.factor")
          || setting.equals("partitions")
          || topicConfigs().contains(setting);
    }
    return false;
  }

  /** The topic-level settings (TopicConfig's *_CONFIG names). */
  private static Set<String> topicConfigs() throws IllegalAccessException {
    Set<String> names = new TreeSet<>();
    for (java.lang.reflect.Field field : TopicConfig.class.getFields()) {
      if (field.getName().endsWith("_CONFIG") && Modifier.isStatic(field.getModifiers())) {
        names.add((String) field.get(null));
      }
    }
    return names;
  }

  // ---- YAML

  @Test
  void everyYamlBlockParsesAndEveryPrometheusJobHasTargets() throws Exception {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    int checked = 0;
    for (DocBlocks.Block block : DocBlocks.of("yaml")) {
      if (block.notRun()) {
        continue;
      }
      JsonNode tree = yaml.readTree(block.text());
      assertThat(tree.isObject()).as(block + " is a YAML mapping").isTrue();
      if (tree.has("scrape_configs")) {
        for (JsonNode job : tree.get("scrape_configs")) {
          assertThat(job.path("job_name").asText()).as(block + " job_name").isNotEmpty();
          assertThat(job.findValues("targets"))
              .as(block + " targets")
              .isNotEmpty()
              .allMatch(t -> t.isArray() && t.size() > 0);
        }
      }
      checked++;
    }
    assertThat(checked).isPositive();
    // the shipped exporter rules are YAML too (ConnectPluginMetricsIT runs them)
    assertThat(
            yaml.readTree(DocBlocks.REPO.resolve("config/jmx-exporter.yml").toFile()).has("rules"))
        .isTrue();
  }
}
