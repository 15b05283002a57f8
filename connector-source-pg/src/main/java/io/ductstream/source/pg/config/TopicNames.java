package io.ductstream.source.pg.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Where the changes of a table go and what their schemas are called. Schemas are named per table
 * ({@code <prefix>.<schema>.<table>.Key/.Value/.Envelope}) whatever the routing, so a consumer of a
 * single topic still tells the tables' schemas apart; with {@link TopicRouting#SINGLE} the key also
 * carries the table, so that records of two tables with equal primary keys never share a key (log
 * compaction would otherwise drop one table's row for the other's).
 *
 * <p>Kafka topic names hold only {@code [a-zA-Z0-9._-]} and at most 249 characters. A table whose
 * schema and name hold only letters, digits, {@code _} and {@code -} goes to {@code
 * <prefix>.<schema>.<table>}. Any other table (a space, a dot, a comma, a quote or a non-ASCII
 * letter in a name, or a topic that would be too long) goes to {@code
 * <prefix>.<schema'>.<table'>.<hash>}: each other character replaced by {@code _} (as Debezium
 * does), then a dot and the first 8 hex digits of the SHA-256 of {@code schema NUL table} in UTF-8,
 * cut to 249 characters before the hash. The hash keeps such topics apart from each other and the
 * extra dot-separated part from every plain topic, so two tables never share a topic.
 */
public record TopicNames(String prefix, TopicRouting routing) {
  /** Kafka's longest topic name. */
  public static final int MAX_TOPIC_LENGTH = 249;

  private static final int HASH_HEX_DIGITS = 8;

  /** The topic of the changes of {@code schema.table}. */
  public String topic(String schema, String table) {
    if (routing == TopicRouting.SINGLE) {
      return prefix;
    }
    String plain = schemaName(schema, table);
    if (plain.length() <= MAX_TOPIC_LENGTH && topicSafe(schema) && topicSafe(table)) {
      return plain;
    }
    String suffix = "." + hash(schema, table);
    StringBuilder topic = new StringBuilder(prefix).append('.');
    escape(schema, topic);
    topic.append('.');
    escape(table, topic);
    topic.setLength(Math.min(topic.length(), MAX_TOPIC_LENGTH - suffix.length()));
    return topic.append(suffix).toString();
  }

  /** True when the table's topic is its name as written, not an escaped form. */
  public boolean plainTopic(String schema, String table) {
    return routing == TopicRouting.SINGLE || topic(schema, table).equals(schemaName(schema, table));
  }

  /** The base name of the table's schemas: {@code <prefix>.<schema>.<table>}. */
  public String schemaName(String schema, String table) {
    return prefix + "." + schema + "." + table;
  }

  /** True when record keys carry the table's schema and name before the key columns. */
  public boolean tableInKey() {
    return routing == TopicRouting.SINGLE;
  }

  private static boolean topicSafe(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      if (!legal(name.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean legal(int c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '_'
        || c == '-';
  }

  /** Appends {@code name} with every character but letters, digits, _ and - as one {@code _}. */
  private static void escape(String name, StringBuilder to) {
    name.codePoints().forEach(c -> to.append(legal(c) ? (char) c : '_'));
  }

  private static String hash(String schema, String table) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
    sha.update(schema.getBytes(StandardCharsets.UTF_8));
    sha.update((byte) 0);
    byte[] digest = sha.digest(table.getBytes(StandardCharsets.UTF_8));
    StringBuilder hex = new StringBuilder(HASH_HEX_DIGITS);
    for (int i = 0; i < HASH_HEX_DIGITS / 2; i++) {
      hex.append(Character.forDigit((digest[i] >> 4) & 0xf, 16))
          .append(Character.forDigit(digest[i] & 0xf, 16));
    }
    return hex.toString();
  }
}
