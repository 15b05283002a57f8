package io.ductstream.source.pg.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Slot and publication names: Postgres keeps slot names to lower-case letters, digits and
 * underscores of at most 63 bytes; we hold publications to the same so neither needs quoting.
 */
final class PostgresIdentifierValidator implements ConfigDef.Validator {
  private static final int MAX_LENGTH = 63;

  @Override
  public void ensureValid(String name, Object value) {
    String text = (String) value;
    if (text == null || text.isEmpty()) {
      throw new ConfigException(name, text, "must not be empty");
    }
    if (text.length() > MAX_LENGTH) {
      throw new ConfigException(name, text, "is longer than 63 characters");
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
      if (!ok) {
        throw new ConfigException(
            name, text, "may hold only lower-case letters, digits and underscores");
      }
    }
  }

  @Override
  public String toString() {
    return "lower-case letters, digits and underscores, at most 63 characters";
  }
}
