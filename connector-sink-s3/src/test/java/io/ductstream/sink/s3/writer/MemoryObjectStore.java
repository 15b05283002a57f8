package io.ductstream.sink.s3.writer;

import io.ductstream.sink.s3.buffer.SpillingBuffer;
import io.ductstream.sink.s3.upload.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.connect.errors.ConnectException;

/** An {@link ObjectStore} in a map, for unit tests; can be told to fail the next puts. */
final class MemoryObjectStore implements ObjectStore {
  final Map<String, byte[]> objects = new TreeMap<>();
  final Map<String, Map<String, String>> metadata = new TreeMap<>();
  final List<String> puts = new ArrayList<>();
  int failNextPuts;

  @Override
  public void put(String key, SpillingBuffer bytes, Map<String, String> metadata) {
    try (InputStream in = bytes.open()) {
      put(key, in.readAllBytes(), "application/octet-stream");
      this.metadata.put(key, metadata);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void put(String key, byte[] bytes, String contentType) {
    if (failNextPuts > 0) {
      failNextPuts--;
      throw new ConnectException("S3 request PUT " + key + " failed (injected)");
    }
    objects.put(key, bytes);
    puts.add(key);
  }

  @Override
  public boolean exists(String key) {
    return objects.containsKey(key);
  }

  @Override
  public java.util.Optional<byte[]> get(String key) {
    return java.util.Optional.ofNullable(objects.get(key));
  }

  @Override
  public List<String> list(String prefix) {
    return objects.keySet().stream().filter(k -> k.startsWith(prefix)).toList();
  }

  @Override
  public void delete(Collection<String> keys) {
    keys.forEach(objects::remove);
  }

  @Override
  public void close() {}
}
