package io.ductstream.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.ductstream.testkit.KafkaConnectCluster;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** The plugin archive `mvn package` built, and unpacking it as a user would. */
final class PluginArchive {
  /** The archive unpacked into a worker's plugin.path, and that worker (in-process, Kafka 4.x). */
  record Deployed(Path pluginPath, KafkaConnectCluster cluster) {}

  private static Deployed deployed;

  private PluginArchive() {}

  /**
   * The archive unpacked onto the plugin.path of one unmodified worker, started once per test JVM.
   * The worker's own producer compresses with zstd while our Parquet writer uses its own zstd-jni:
   * two copies of the native library in one JVM, each in its own class loader.
   */
  static synchronized Deployed deployed() throws IOException {
    if (deployed == null) {
      Path pluginPath = Files.createTempDirectory("plugin-path");
      unzip(zip(), pluginPath);
      KafkaConnectCluster cluster =
          KafkaConnectCluster.start(
              "plugin-archive",
              1,
              Map.of(
                  "plugin.path",
                  pluginPath.toString(),
                  "plugin.discovery",
                  "service_load",
                  "producer.compression.type",
                  "zstd"));
      Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "plugin-worker-stop"));
      deployed = new Deployed(pluginPath, cluster);
    }
    return deployed;
  }

  static Path zip() {
    Path zip = Path.of(System.getProperty("ductstream.connect.zip"));
    assertThat(zip).as("plugin archive built by `mvn package`").exists();
    return zip;
  }

  static void unzip(Path zip, Path target) throws IOException {
    try (InputStream in = Files.newInputStream(zip);
        ZipInputStream entries = new ZipInputStream(in)) {
      for (ZipEntry entry; (entry = entries.getNextEntry()) != null; ) {
        Path out = target.resolve(entry.getName()).normalize();
        if (!out.startsWith(target)) {
          throw new IOException("archive entry escapes the target directory: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(out);
        } else {
          Files.createDirectories(out.getParent());
          Files.copy(entries, out, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    System.out.println("unpacked " + zip.getFileName() + " into plugin.path " + target);
  }
}
