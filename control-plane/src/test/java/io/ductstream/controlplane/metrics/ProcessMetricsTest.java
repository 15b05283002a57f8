package io.ductstream.controlplane.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ductstream.controlplane.config.SettingsException;
import io.ductstream.format.WireFormatConverter;
import io.ductstream.testkit.PrometheusText;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Measurable;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

class ProcessMetricsTest {

  @Test
  void unsetListenServesNothing() {
    try (ProcessMetrics metrics = ProcessMetrics.start(Map.of())) {
      assertThat(metrics.address()).isEmpty();
    }
  }

  @Test
  void badListenIsOneMessageNamingTheVariable() {
    assertThatThrownBy(() -> ProcessMetrics.start(Map.of("DUCTSTREAM_METRICS_LISTEN", "9464")))
        .isInstanceOf(SettingsException.class)
        .hasMessage(
            "DUCTSTREAM_METRICS_LISTEN=\"9464\" is not a listen address (it has no port); use"
                + " \":9464\" (loopback only), \"host:port\" or \"0.0.0.0:9464\" (every interface),"
                + " or leave it unset for no /metrics endpoint");
  }

  @Test
  void pluginMetricsOfATaskAreServedWithTheRuntimeTagsAndGoneOnceClosed() throws Exception {
    try (ProcessMetrics metrics = ProcessMetrics.start(Map.of("DUCTSTREAM_METRICS_LISTEN", ":0"))) {
      String url = "http://" + metrics.address().orElseThrow() + "/metrics";
      assertThat(metrics.address().get().host()).isEqualTo("127.0.0.1");
      MicrometerPluginMetrics task =
          new MicrometerPluginMetrics(metrics.registry(), Map.of("flow", "orders"));
      AtomicLong rows = new AtomicLong(42);
      LinkedHashMap<String, String> tags = new LinkedHashMap<>();
      tags.put("table", "public.orders");
      tags.put("op", "c");
      MetricName counter = task.metricName("ductstream_rows_total", "rows", tags);
      task.addMetric(counter, (Measurable) (config, now) -> rows.get());
      task.addMetric(
          task.metricName("ductstream_replication_lag_bytes", "lag", new LinkedHashMap<>()),
          (Measurable) (config, now) -> 1024);

      PrometheusText scraped = PrometheusText.scrape(url);
      Map<String, String> labels = Map.of("flow", "orders", "table", "public.orders", "op", "c");
      assertThat(scraped.value("ductstream_rows_total", labels)).isEqualTo(42.0);
      assertThat(scraped.type("ductstream_rows_total")).isEqualTo("counter");
      assertThat(scraped.value("ductstream_replication_lag_bytes", Map.of("flow", "orders")))
          .isEqualTo(1024.0);
      assertThat(scraped.type("ductstream_replication_lag_bytes")).isEqualTo("gauge");

      rows.set(43);
      assertThat(PrometheusText.scrape(url).value("ductstream_rows_total", labels)).isEqualTo(43.0);

      task.close();
      assertThat(PrometheusText.scrape(url).find("ductstream_rows_total", Map.of())).isEmpty();
    }
  }

  @Test
  void aTaskMayNotSetTheRuntimesTags() {
    MicrometerPluginMetrics task =
        new MicrometerPluginMetrics(ProcessMetrics.unserved().registry(), Map.of("flow", "f"));
    LinkedHashMap<String, String> tags = new LinkedHashMap<>();
    tags.put("flow", "other");
    assertThatThrownBy(() -> task.metricName("ductstream_rows_total", "rows", tags))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tag flow is set by the runtime");
  }

  @Test
  void aPayloadAConverterRefusesIsCountedPerFormat() throws Exception {
    try (ProcessMetrics metrics = ProcessMetrics.start(Map.of("DUCTSTREAM_METRICS_LISTEN", ":0"))) {
      String url = "http://" + metrics.address().orElseThrow() + "/metrics";
      Map<String, String> avro = Map.of("format", "avro");
      double before =
          PrometheusText.scrape(url).value("ductstream_converter_mismatches_total", avro);
      WireFormatConverter converter = new WireFormatConverter();
      converter.configure(Map.of("format", "avro", "enforce", "false"), false);

      assertThatThrownBy(
              () -> converter.toConnectData("orders", "{\"a\":1}".getBytes(StandardCharsets.UTF_8)))
          .isInstanceOf(DataException.class);

      PrometheusText scraped = PrometheusText.scrape(url);
      assertThat(scraped.value("ductstream_converter_mismatches_total", avro))
          .isEqualTo(before + 1);
      assertThat(scraped.value("ductstream_converter_mismatches_total", Map.of("format", "json")))
          .isNotNegative();
    }
  }

  @Test
  void otherPathsAreNotFound() throws Exception {
    try (ProcessMetrics metrics = ProcessMetrics.start(Map.of("DUCTSTREAM_METRICS_LISTEN", ":0"))) {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://" + metrics.address().orElseThrow() + "/"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(404);
    }
  }
}
