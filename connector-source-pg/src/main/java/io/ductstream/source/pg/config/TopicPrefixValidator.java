package io.ductstream.source.pg.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** Topic prefixes use the characters Kafka allows in topic names. */
final class TopicPrefixValidator implements ConfigDef.Validator {
  @Override
  public void ensureValid(String name, Object value) {
    String text = (String) value;
    if (text == null || text.isBlank()) {
      throw new ConfigException(name, text, "is required, e.g. topic.prefix=app");
    }
    if (text.length() > TopicNames.MAX_TOPIC_LENGTH) {
      throw new ConfigException(
          name, text, "is longer than 249 characters, Kafka's longest topic name; shorten it");
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '_'
              || c == '-';
      if (!ok) {
        throw new ConfigException(
            name, text, "may hold only letters, digits, '.', '_' and '-' (Kafka topic characters)");
      }
    }
  }

  @Override
  public String toString() {
    return "letters, digits, '.', '_' and '-'";
  }
}
