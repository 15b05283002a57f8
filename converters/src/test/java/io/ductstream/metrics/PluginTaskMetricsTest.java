package io.ductstream.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PluginTaskMetricsTest {
  @Test
  void tagsComeInOneOrderWhateverTheCallersMap() {
    // Map.of iterates in an order that changes between JVMs; the MBean name must not
    assertThat(
            PluginTaskMetrics.ordered(
                    Map.of("zone", "z", MeterNames.OP, "c", MeterNames.TABLE, "public.t", "a", "1"))
                .keySet())
        .containsExactly(MeterNames.TABLE, MeterNames.OP, "a", "zone");
    assertThat(PluginTaskMetrics.ordered(Map.of(MeterNames.OP, "u")).keySet())
        .containsExactly(MeterNames.OP);
  }
}
