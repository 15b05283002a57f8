package io.ductstream.sink.s3.naming;

import java.util.Optional;

/**
 * The object keys of the sink, all derived from record coordinates so that a retry writes the same
 * keys:
 *
 * <ul>
 *   <li>data: {@code <prefix>/<table path>/<partition path>/<topic>+<partition>+<first
 *       offset:020d><ext>}
 *   <li>schema: {@code <prefix>/<table path>/_schemas/v<version>.json} for a schema with a Connect
 *       version (the source's table schema version), else {@code <prefix>/<table
 *       path>/_schemas/<fingerprint:016x>.json}
 *   <li>segment index: {@code <prefix>/_index/<topic>+<partition>/<first:020d>-<last:020d>}
 *   <li>owner: {@code <prefix>/_index/<topic>+<partition>/owner}, the connector that writes them
 * </ul>
 */
public final class ObjectNamer {
  public static final String SCHEMAS_DIR = "_schemas";
  public static final String INDEX_DIR = "_index";

  private final String prefix;

  public ObjectNamer(String prefix) {
    String p = prefix == null ? "" : prefix.trim();
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    this.prefix = p.isEmpty() ? "" : p + "/";
  }

  public String dataKey(
      String tablePath,
      String partitionPath,
      String topic,
      int partition,
      long firstOffset,
      String extension) {
    StringBuilder key = new StringBuilder(prefix).append(tablePath).append('/');
    if (!partitionPath.isEmpty()) {
      key.append(partitionPath).append('/');
    }
    return key.append(topic)
        .append('+')
        .append(partition)
        .append('+')
        .append(padded(firstOffset))
        .append(extension)
        .toString();
  }

  public String schemaKey(String tablePath, long fingerprint) {
    return prefix + tablePath + "/" + SCHEMAS_DIR + "/" + fingerprintText(fingerprint) + ".json";
  }

  /** The schema object of a schema whose Connect {@code version()} is {@code version}. */
  public String versionedSchemaKey(String tablePath, int version) {
    return prefix + tablePath + "/" + SCHEMAS_DIR + "/v" + version + ".json";
  }

  /** The folder of every topic partition's segment index, ending with '/'. */
  public String indexRoot() {
    return prefix + INDEX_DIR + "/";
  }

  /** The topic of an index key ({@code .../_index/<topic>+<partition>/<range>}), if it is one. */
  public static Optional<String> indexTopic(String key) {
    int slash = key.lastIndexOf('/');
    if (slash < 0) {
      return Optional.empty();
    }
    String folder = key.substring(0, slash);
    String name = folder.substring(folder.lastIndexOf('/') + 1);
    int plus = name.lastIndexOf('+');
    return plus <= 0 ? Optional.empty() : Optional.of(name.substring(0, plus));
  }

  /** The object that names the connector a topic partition's objects belong to. */
  public String ownerKey(String topic, int partition) {
    return indexFolder(topic, partition) + "owner";
  }

  /** The object naming the writer that holds a topic partition now (its last assignment). */
  public String leaseKey(String topic, int partition) {
    return indexFolder(topic, partition) + "lease";
  }

  /** The folder of one topic partition's segment index, ending with '/'. */
  public String indexFolder(String topic, int partition) {
    return prefix + INDEX_DIR + "/" + topic + "+" + partition + "/";
  }

  public String indexKey(String topic, int partition, long firstOffset, long lastOffset) {
    return indexFolder(topic, partition) + padded(firstOffset) + "-" + padded(lastOffset);
  }

  /** The offset range an index key names, if it is one. */
  public static Optional<OffsetRange> parseIndexKey(String key) {
    int slash = key.lastIndexOf('/');
    String name = key.substring(slash + 1);
    int dash = name.indexOf('-');
    if (dash != 20 || name.length() != 41) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new OffsetRange(
              Long.parseLong(name.substring(0, dash)), Long.parseLong(name.substring(dash + 1))));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The schema fingerprint as written in keys and object metadata: 16 hex digits. */
  public static String fingerprintText(long fingerprint) {
    String hex = Long.toHexString(fingerprint);
    return "0".repeat(16 - hex.length()) + hex;
  }

  static String padded(long offset) {
    String digits = Long.toString(offset);
    return "0".repeat(Math.max(0, 20 - digits.length())) + digits;
  }

  /** A range of Kafka offsets, both ends included. */
  public record OffsetRange(long first, long last) {}
}
