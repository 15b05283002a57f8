package io.ductstream.testkit;

import java.util.Collection;
import java.util.Map;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/**
 * What a Connect worker gives a source task, for driving one in the caller's own thread without a
 * worker: its config, the offset the runtime has stored for it, and its plugin metrics (KIP-877).
 *
 * @param storedOffset the offset every partition reads back; null: none stored, as on a first start
 * @param pluginMetrics null: none, as a hand-made context has
 */
public record StandaloneSourceTaskContext(
    Map<String, String> configs, Map<String, Object> storedOffset, PluginMetrics pluginMetrics)
    implements SourceTaskContext {

  /** A task's first start: its config, no stored offset and no plugin metrics. */
  public static StandaloneSourceTaskContext firstStart(Map<String, String> configs) {
    return new StandaloneSourceTaskContext(configs, null, null);
  }

  @Override
  public OffsetStorageReader offsetStorageReader() {
    return new OffsetStorageReader() {
      @Override
      public <T> Map<String, Object> offset(Map<String, T> partition) {
        return storedOffset;
      }

      @Override
      public <T> Map<Map<String, T>, Map<String, Object>> offsets(
          Collection<Map<String, T>> partitions) {
        return Map.of();
      }
    };
  }
}
