package io.ductstream.sink.s3.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.ductstream.contract.config.ConfigReference;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The config reference in docs/connector-sink-s3.md is generated from the ConfigDef; this test
 * fails when they differ. Run with -Dductstream.docs.update=true to rewrite the docs.
 */
class ConfigReferenceTest {
  @Test
  void docsListEveryKeyAsDeclared() throws IOException {
    ConfigReference.DocsSection docs =
        ConfigReference.docsSection(
            Path.of("..", "docs", "connector-sink-s3.md"),
            S3SinkConfig.CONFIG_DEF,
            Boolean.getBoolean("ductstream.docs.update"));
    assertThat(docs.current())
        .as(
            "docs/connector-sink-s3.md is stale: run mvn -pl connector-sink-s3 test"
                + " -Dtest=ConfigReferenceTest -Dductstream.docs.update=true")
        .isEqualTo(docs.generated());
  }
}
