package io.ductstream.sink.s3.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ductstream.format.BatchWriterOptions;
import io.ductstream.format.WireFormat;
import io.ductstream.sink.s3.S3SinkConnector;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

class S3SinkConfigTest {
  private static Map<String, String> minimal() {
    Map<String, String> props = new HashMap<>();
    props.put("s3.bucket", "lake");
    return props;
  }

  @Test
  void defaultsMatchTheDocumentedContract() {
    S3SinkConfig config = new S3SinkConfig(minimal());
    assertThat(config.bucket()).isEqualTo("lake");
    assertThat(config.region()).isEqualTo("us-east-1");
    assertThat(config.endpoint()).isEmpty();
    assertThat(config.pathStyle()).isFalse();
    assertThat(config.format()).isEqualTo(WireFormat.PARQUET);
    assertThat(config.writerOptions().codec()).isEqualTo(BatchWriterOptions.Codec.SNAPPY);
    assertThat(config.partitioner()).isEqualTo(S3SinkConfig.PartitionerKind.TABLE);
    assertThat(config.partSizeBytes()).isEqualTo(16L * 1024 * 1024);
    assertThat(config.rotateIntervalMs()).isEqualTo(-1);
    assertThat(config.timezone().getId()).isEqualTo("UTC");
  }

  @Test
  void parquetsUncompressedIsNoneAndLz4IsRefusedListingTheCodecs() {
    Map<String, String> props = minimal();
    props.put("parquet.codec", "uncompressed");
    assertThat(new S3SinkConfig(props).writerOptions().codec())
        .isEqualTo(BatchWriterOptions.Codec.NONE);
    props.put("parquet.codec", "lz4");
    assertThatThrownBy(() -> new S3SinkConfig(props))
        .hasMessageContaining(
            "unknown codec \"lz4\"; use one of snappy, zstd, gzip, none in parquet.codec");
  }

  @Test
  void retryTimeMustStayBelowTheConsumersPollIntervalWhenTheConnectorSetsIt() {
    Map<String, String> props = minimal();
    assertThat(new S3SinkConfig(props).retryMaxTotal().toMillis()).isEqualTo(120_000L);
    props.put("consumer.override.max.poll.interval.ms", "120000");
    assertThatThrownBy(() -> new S3SinkConfig(props))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("s3.retry.max.total.ms (120000) + s3.request.timeout.ms (30000)")
        .hasMessageContaining("must be below consumer.override.max.poll.interval.ms (120000)");
    props.put("s3.retry.max.total.ms", "60000");
    assertThat(new S3SinkConfig(props).retryMaxTotal().toMillis()).isEqualTo(60_000L);
  }

  @Test
  void missingBucketFailsNamingTheKey() {
    assertThatThrownBy(() -> new S3SinkConfig(Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("s3.bucket");
  }

  @Test
  void unknownFormatFailsListingTheFormats() {
    Map<String, String> props = minimal();
    props.put("format", "xml");
    assertThatThrownBy(() -> new S3SinkConfig(props))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "unknown format \"xml\" in format; use one of arrow | parquet | avro | proto | json");
  }

  @Test
  void partSizeBelowFiveMebibytesIsRefused() {
    Map<String, String> props = minimal();
    props.put("s3.part.size", "1000");
    assertThatThrownBy(() -> new S3SinkConfig(props)).hasMessageContaining("s3.part.size");
  }

  @Test
  void partSizeAboveWhatOneArrayHoldsIsRefused() {
    // S3 allows 5 GiB parts, but a part is one byte[]: (int) 3 GiB was negative
    Map<String, String> props = minimal();
    props.put("s3.part.size", Long.toString(3L * 1024 * 1024 * 1024));
    assertThatThrownBy(() -> new S3SinkConfig(props))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("s3.part.size")
        .hasMessageContaining("2146435072");
    props.put("s3.part.size", Long.toString(S3SinkConfig.MAX_PART_SIZE));
    assertThat(new S3SinkConfig(props).partSizeBytes()).isEqualTo(2047L * 1024 * 1024);
  }

  @Test
  void aGenerationAboveZeroWritesUnderItsOwnFolderOfThePrefix() {
    Map<String, String> props = minimal();
    props.put("s3.prefix", "cdc/shop/");
    assertThat(new S3SinkConfig(props).objectPrefix()).isEqualTo("cdc/shop/");
    props.put("s3.generation", "2");
    assertThat(new S3SinkConfig(props).objectPrefix()).isEqualTo("cdc/shop/generation=2");
    props.put("s3.prefix", "");
    assertThat(new S3SinkConfig(props).objectPrefix()).isEqualTo("generation=2");
    props.put("s3.generation", "-1");
    assertThatThrownBy(() -> new S3SinkConfig(props))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("s3.generation");
  }

  @Test
  void accessKeyWithoutSecretIsRefusedNamingBoth() {
    Map<String, String> props = minimal();
    props.put("s3.access.key.id", "AKIA");
    assertThatThrownBy(() -> new S3SinkConfig(props))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("s3.access.key.id is set but s3.secret.access.key is empty");
  }

  @Test
  void fieldPartitionerNeedsFieldsAndTimeNeedsAValidPattern() {
    Map<String, String> props = minimal();
    props.put("partitioner", "field");
    assertThatThrownBy(() -> new S3SinkConfig(props))
        .hasMessageContaining("partitioner=field needs partitioner.field");
    props.put("partitioner", "time");
    props.put("path.format", "'date'=yyyy-MM-dd/{bad");
    assertThatThrownBy(() -> new S3SinkConfig(props))
        .hasMessageContaining("path.format is not a java.time DateTimeFormatter pattern");
    props.put("path.format", "yyyy");
    props.put("timezone", "Mars/Olympus");
    assertThatThrownBy(() -> new S3SinkConfig(props))
        .hasMessageContaining("timezone is not a time zone id");
  }

  @Test
  void connectorValidateReportsEachProblemOnItsKey() {
    Map<String, String> props = new HashMap<>();
    props.put("format", "xml");
    props.put("partitioner", "field");
    Map<String, List<String>> errors = new HashMap<>();
    for (ConfigValue value : new S3SinkConnector().validate(props).configValues()) {
      errors.put(value.name(), value.errorMessages());
    }
    assertThat(errors.get("s3.bucket"))
        .anyMatch(m -> m.contains("Missing required configuration \"s3.bucket\""));
    assertThat(errors.get("format")).anyMatch(m -> m.contains("unknown format \"xml\""));
    assertThat(errors.get("partitioner.field"))
        .anyMatch(m -> m.contains("partitioner=field needs"));
    assertThat(errors.get("s3.region")).isEmpty();
  }

  @Test
  void everyKeyHasDocumentation() {
    S3SinkConfig.CONFIG_DEF
        .configKeys()
        .values()
        .forEach(key -> assertThat(key.documentation).as(key.name).isNotBlank());
    assertThat(S3SinkConfig.CONFIG_DEF.configKeys().get("s3.secret.access.key").type)
        .isEqualTo(org.apache.kafka.common.config.ConfigDef.Type.PASSWORD);
  }

  @Test
  void connectorStartRefusesABadConfigWithAConfigException() {
    assertThatThrownBy(
            () -> new S3SinkConnector().start(Map.of("s3.bucket", "lake", "format", "xml")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown format \"xml\"");
    assertThatThrownBy(() -> new S3SinkConnector().start(Map.of("format", "json")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("s3.bucket");
  }

  @Test
  void sampleStandaloneConnectorConfigIsValid() throws java.io.IOException {
    java.util.Properties sample = new java.util.Properties();
    try (var in =
        java.nio.file.Files.newInputStream(
            java.nio.file.Path.of("..", "config", "s3-sink.properties"))) {
      sample.load(in);
    }
    Map<String, String> props = new HashMap<>();
    sample.forEach((k, v) -> props.put((String) k, (String) v));
    assertThat(new S3SinkConnector().validate(props).configValues())
        .allSatisfy(value -> assertThat(value.errorMessages()).as(value.name()).isEmpty());
    S3SinkConfig config = new S3SinkConfig(props);
    assertThat(config.partitioner()).isEqualTo(S3SinkConfig.PartitionerKind.TIME);
    assertThat(props).containsEntry("topics.regex", "shop\\..*");
  }
}
