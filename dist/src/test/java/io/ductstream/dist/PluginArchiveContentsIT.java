package io.ductstream.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/**
 * The plugin archive holds nothing the worker owns. A Connect worker loads Kafka's own packages
 * (clients, Connect API, connect-json, transforms, ...) and SLF4J from its own class path for every
 * plugin; a second copy in the plugin is either never used or, worse, half used, and a plugin class
 * handing one of its own objects to a worker class fails with a LinkageError
 * (docs/connect-plugin.md, "Class loading"). This fails {@code mvn verify} when such a jar, or such
 * a class inside another jar, gets into the archive.
 */
class PluginArchiveContentsIT {
  /** Jars of what the worker provides to plugins, by file name. */
  private static final Pattern WORKER_JARS =
      Pattern.compile(
          "^(kafka-.*|kafka_.*|connect-.*|trogdor-.*|slf4j-.*|logback-.*|log4j-.*|reload4j-.*"
              + "|jetty-.*|jersey-.*|jakarta\\.ws\\.rs-api-.*|javax\\.ws\\.rs-api-.*"
              + "|jackson-jakarta-rs-.*|jackson-jaxrs-.*)\\.jar$");

  /** Packages every worker loads parent-first: a plugin's copy is never its own. */
  private static final List<String> WORKER_PACKAGES =
      List.of("org/apache/kafka/", "org/slf4j/", "org/apache/log4j/", "ch/qos/");

  @Test
  void archiveShipsNoJarTheWorkerProvides() throws IOException {
    List<String> jars = new ArrayList<>();
    forEachEntry(archive(), (name, in) -> jars.add(name.substring(name.lastIndexOf('/') + 1)));
    assertThat(jars).filteredOn(n -> n.endsWith(".jar")).isNotEmpty();
    assertThat(jars)
        .as("jars the worker provides (docs/connect-plugin.md, Class loading)")
        .noneMatch(n -> WORKER_JARS.matcher(n).matches());
  }

  @Test
  void noShippedJarHoldsAClassOfAWorkerPackage() throws IOException {
    List<String> offending = new ArrayList<>();
    forEachEntry(
        archive(),
        (name, in) -> {
          if (!name.endsWith(".jar")) {
            return;
          }
          ZipInputStream jar = new ZipInputStream(in);
          for (ZipEntry entry; (entry = jar.getNextEntry()) != null; ) {
            String path = entry.getName();
            // Multi-release jars keep versioned copies under META-INF/versions/N/.
            String classPath = path.replaceFirst("^META-INF/versions/\\d+/", "");
            if (classPath.endsWith(".class")
                && WORKER_PACKAGES.stream().anyMatch(classPath::startsWith)) {
              offending.add(name + "!" + path);
            }
          }
        });
    assertThat(offending).as("classes of packages the worker loads for every plugin").isEmpty();
  }

  @Test
  void archiveShipsTheJacksonItsOwnCodeUsesAndNoConnectJson() throws IOException {
    List<String> jars = new ArrayList<>();
    forEachEntry(archive(), (name, in) -> jars.add(name.substring(name.lastIndexOf('/') + 1)));
    assertThat(jars)
        .anyMatch(n -> n.startsWith("jackson-databind-"))
        .noneMatch(n -> n.startsWith("connect-json-"));
    // and every format's library: a test-scope declaration in dist once took some out
    assertThat(jars)
        .anyMatch(n -> n.startsWith("avro-"))
        .anyMatch(n -> n.startsWith("protobuf-java-"))
        .anyMatch(n -> n.startsWith("parquet-hadoop-"))
        .anyMatch(n -> n.startsWith("arrow-vector-"));
  }

  private interface EntryVisitor {
    void visit(String name, InputStream in) throws IOException;
  }

  private static Path archive() {
    return PluginArchive.zip();
  }

  private static void forEachEntry(Path zip, EntryVisitor visitor) throws IOException {
    try (InputStream in = Files.newInputStream(zip);
        ZipInputStream entries = new ZipInputStream(in)) {
      for (ZipEntry entry; (entry = entries.getNextEntry()) != null; ) {
        if (!entry.isDirectory()) {
          visitor.visit(entry.getName(), entries);
        }
      }
    }
  }
}
