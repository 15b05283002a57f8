package io.ductstream.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.connect.runtime.distributed.DistributedConfig;
import org.apache.kafka.connect.runtime.standalone.StandaloneConfig;
import org.junit.jupiter.api.Test;

/**
 * The sample worker configs in config/ are valid Kafka Connect worker configs and set what
 * DuctStream needs.
 */
class SampleWorkerConfigsTest {
  private static final Path CONFIG =
      Path.of(System.getProperty("ductstream.repo.root", "..")).resolve("config");

  @Test
  void standaloneConfigIsAcceptedByTheWorkersConfigClass() throws IOException {
    Map<String, String> props = load("connect-standalone.properties");
    StandaloneConfig config = new StandaloneConfig(props);
    assertThat(config.getString(StandaloneConfig.OFFSET_STORAGE_FILE_FILENAME_CONFIG)).isNotBlank();
    assertThat(props).containsEntry("plugin.discovery", "service_load").containsKey("plugin.path");
  }

  @Test
  void launcherConfigIsAcceptedByTheWorkersConfigClassAndLeavesPluginPathToTheLauncher()
      throws IOException {
    Map<String, String> props = load("ductstream-connect.properties");
    StandaloneConfig config = new StandaloneConfig(props);
    assertThat(config.getString(StandaloneConfig.OFFSET_STORAGE_FILE_FILENAME_CONFIG)).isNotBlank();
    assertThat(props)
        .containsEntry("plugin.discovery", "service_load")
        .containsEntry("key.converter", "io.ductstream.format.WireFormatConverter")
        .containsEntry("value.converter", "io.ductstream.format.WireFormatConverter")
        .doesNotContainKey("plugin.path");
  }

  @Test
  void distributedConfigIsAcceptedByTheWorkersConfigClass() throws IOException {
    Map<String, String> props = load("connect-distributed.properties");
    DistributedConfig config = new DistributedConfig(props);
    assertThat(config.getString(DistributedConfig.GROUP_ID_CONFIG)).isEqualTo("ductstream-connect");
    assertThat(props).containsEntry("plugin.discovery", "service_load").containsKey("plugin.path");
  }

  private static Map<String, String> load(String file) throws IOException {
    Properties properties = new Properties();
    try (Reader in = Files.newBufferedReader(CONFIG.resolve(file))) {
      properties.load(in);
    }
    Map<String, String> props = new HashMap<>();
    properties.stringPropertyNames().forEach(k -> props.put(k, properties.getProperty(k)));
    return props;
  }
}
