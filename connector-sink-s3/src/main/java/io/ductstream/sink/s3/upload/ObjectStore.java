package io.ductstream.sink.s3.upload;

import io.ductstream.sink.s3.buffer.SpillingBuffer;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The few object-store operations the sink needs. Every call either succeeds or throws a {@code
 * ConnectException} that says what failed and what to check, after its retries.
 */
public interface ObjectStore extends AutoCloseable {
  /** Uploads a finished object (multipart when large); replaces any object of that key. */
  void put(String key, SpillingBuffer bytes, Map<String, String> metadata);

  /** Uploads a small object from memory. */
  void put(String key, byte[] bytes, String contentType);

  /**
   * Uploads a small object unless one of that key exists (atomically where the store supports
   * conditional writes).
   *
   * @return false when the key was taken
   */
  default boolean putIfAbsent(String key, byte[] bytes, String contentType) {
    if (exists(key)) {
      return false;
    }
    put(key, bytes, contentType);
    return true;
  }

  boolean exists(String key);

  /** The object's bytes, or empty when there is no such key; for small objects (index entries). */
  java.util.Optional<byte[]> get(String key);

  /** Every key below {@code prefix}, in key order. */
  List<String> list(String prefix);

  void delete(Collection<String> keys);

  /** Requests retried so far after a failure that may pass. */
  default long retried() {
    return 0;
  }

  @Override
  void close();
}
