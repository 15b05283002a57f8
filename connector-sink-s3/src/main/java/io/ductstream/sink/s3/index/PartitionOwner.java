package io.ductstream.sink.s3.index;

import io.ductstream.sink.s3.upload.ObjectStore;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * The connector a topic partition's objects under a prefix belong to, recorded in {@code
 * <prefix>/_index/<topic>+<partition>/owner} by the first one that writes them. Object names depend
 * only on topic, partition and offset, so a second connector writing the same topic under the same
 * prefix (its own consumer group, starting again at the earliest offset) would overwrite the first
 * one's objects with other cuts or other records: it is refused. Connectors of other topics share a
 * prefix freely.
 */
final class PartitionOwner {
  private static final String CONNECTOR = "connector=";

  private PartitionOwner() {}

  /**
   * Records {@code connector} as the owner, or checks that it is.
   *
   * @param recorded whether the partition's index listing holds the owner key
   * @throws ConnectException when another connector owns the partition
   */
  static void claim(
      ObjectStore store,
      String key,
      boolean recorded,
      String connector,
      String topic,
      int partition,
      String indexFolder) {
    byte[] body = (CONNECTOR + connector + "\n").getBytes(StandardCharsets.UTF_8);
    if (!recorded && store.putIfAbsent(key, body, "text/plain")) {
      return;
    }
    Optional<String> owner = store.get(key).map(PartitionOwner::connectorOf);
    if (owner.isEmpty() || owner.get().equals(connector)) {
      return; // ours, or deleted since
    }
    throw new ConnectException(
        "topic "
            + topic
            + " partition "
            + partition
            + " under this s3.prefix belongs to the connector \""
            + owner.get()
            + "\" (recorded in "
            + key
            + "), not to \""
            + connector
            + "\": object names depend only on topic, partition and offset, so two connectors"
            + " writing one topic under one prefix overwrite each other's objects. Set s3.prefix"
            + " to a prefix of its own, or raise s3.generation to write beside those objects; if"
            + " this connector replaces \""
            + owner.get()
            + "\" (stopped for good) and is to write these offsets again, delete "
            + indexFolder
            + " first.");
  }

  private static String connectorOf(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8).strip();
    return text.startsWith(CONNECTOR) ? text.substring(CONNECTOR.length()).strip() : text;
  }
}
