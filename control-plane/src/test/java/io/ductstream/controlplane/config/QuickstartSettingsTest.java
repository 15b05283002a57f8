package io.ductstream.controlplane.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class QuickstartSettingsTest {

  @Test
  void nothingSetMeansEverythingEmbedded() {
    QuickstartSettings settings = QuickstartSettings.read(Map.of());

    assertThat(settings.sourceDsn()).isEmpty();
    assertThat(settings.embeddedS3()).isTrue();
    assertThat(settings.s3Region()).isEqualTo("us-east-1");
  }

  @Test
  void anEndpointOrABucketReplacesTheEmbeddedS3() {
    assertThat(QuickstartSettings.read(Map.of(QuickstartSettings.S3_BUCKET, "lake")).embeddedS3())
        .isFalse();
    assertThat(
            QuickstartSettings.read(Map.of(QuickstartSettings.S3_ENDPOINT, "http://localhost:9000"))
                .s3Endpoint())
        .hasValueSatisfying(uri -> assertThat(uri.getPort()).isEqualTo(9000));
  }

  @Test
  void badValuesNameTheVariable() {
    assertThatThrownBy(
            () -> QuickstartSettings.read(Map.of(QuickstartSettings.S3_ENDPOINT, "localhost:9000")))
        .isInstanceOf(SettingsException.class)
        .hasMessageStartingWith("DUCTSTREAM_QUICKSTART_S3_ENDPOINT=\"localhost:9000\" is not an");
    assertThatThrownBy(
            () -> QuickstartSettings.read(Map.of(QuickstartSettings.S3_ACCESS_KEY, "AKIA")))
        .hasMessageStartingWith(
            "DUCTSTREAM_QUICKSTART_S3_SECRET_KEY is not set but DUCTSTREAM_QUICKSTART_S3_ACCESS_KEY is");
    assertThatThrownBy(
            () -> QuickstartSettings.read(Map.of(QuickstartSettings.SOURCE_DSN, "mysql://x")))
        .hasMessageStartingWith("DUCTSTREAM_QUICKSTART_SOURCE_DSN is not a PostgreSQL URL")
        .hasMessageNotContaining("mysql://x");
  }
}
