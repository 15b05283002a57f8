package io.ductstream.sink.s3.upload;

import io.ductstream.metrics.MeterNames;
import io.ductstream.metrics.TaskMetrics;
import io.ductstream.sink.s3.buffer.SpillingBuffer;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An object store that counts the data objects uploaded through it, their bytes and the retried
 * requests, as the sink task's meters ({@link MeterNames#S3_OBJECTS}, {@link MeterNames#S3_BYTES},
 * {@link MeterNames#S3_UPLOAD_RETRIES}). Index entries (small puts) are not data objects.
 */
public final class MeteredObjectStore implements ObjectStore {
  private final ObjectStore store;
  private final TaskMetrics metrics;
  private final AtomicLong objects = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();

  public MeteredObjectStore(ObjectStore store, TaskMetrics metrics) {
    this.store = store;
    this.metrics = metrics;
    metrics.register(MeterNames.S3_OBJECTS, "Data objects uploaded", Map.of(), objects::get);
    metrics.register(
        MeterNames.S3_BYTES, "Bytes of the data objects uploaded", Map.of(), bytes::get);
    metrics.register(
        MeterNames.S3_UPLOAD_RETRIES,
        "S3 requests retried after a failure that may pass",
        Map.of(),
        store::retried);
  }

  @Override
  public void put(String key, SpillingBuffer data, Map<String, String> metadata) {
    store.put(key, data, metadata);
    objects.incrementAndGet();
    bytes.addAndGet(data.size());
  }

  @Override
  public void put(String key, byte[] data, String contentType) {
    store.put(key, data, contentType);
  }

  @Override
  public boolean putIfAbsent(String key, byte[] data, String contentType) {
    return store.putIfAbsent(key, data, contentType);
  }

  @Override
  public boolean exists(String key) {
    return store.exists(key);
  }

  @Override
  public Optional<byte[]> get(String key) {
    return store.get(key);
  }

  @Override
  public List<String> list(String prefix) {
    return store.list(prefix);
  }

  @Override
  public void delete(Collection<String> keys) {
    store.delete(keys);
  }

  @Override
  public long retried() {
    return store.retried();
  }

  @Override
  public void close() {
    metrics.close();
    store.close();
  }
}
