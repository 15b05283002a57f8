package io.ductstream.sink.s3.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.ductstream.config.ConfigReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The config reference in docs/connector-sink-s3.md is generated from the ConfigDef; this test
 * fails when they differ. Run with -Dductstream.docs.update=true to rewrite the docs.
 */
class ConfigReferenceTest {
  private static final String START = "<!-- config-reference:start -->\n";
  private static final String END = "<!-- config-reference:end -->";

  @Test
  void docsListEveryKeyAsDeclared() throws IOException {
    Path docs = Path.of("..", "docs", "connector-sink-s3.md");
    String text = Files.readString(docs);
    int start = text.indexOf(START);
    int end = text.indexOf(END);
    assertThat(start).as("docs hold the reference markers").isNotNegative();
    String generated = ConfigReference.markdown(S3SinkConfig.CONFIG_DEF);
    String current = text.substring(start + START.length(), end);
    if (Boolean.getBoolean("ductstream.docs.update")) {
      Files.writeString(
          docs, text.substring(0, start + START.length()) + generated + text.substring(end));
      return;
    }
    assertThat(current)
        .as(
            "docs/connector-sink-s3.md is stale: run mvn -pl connector-sink-s3 test"
                + " -Dtest=ConfigReferenceTest -Dductstream.docs.update=true")
        .isEqualTo(generated);
  }
}
