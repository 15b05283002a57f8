package io.ductstream.source.pg.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.postgresql.replication.LogSequenceNumber;

/** An LSN in Postgres' text form {@code X/XXXXXXXX}, or empty. */
final class LsnValidator implements ConfigDef.Validator {
  @Override
  public void ensureValid(String name, Object value) {
    String text = value == null ? "" : ((String) value).trim();
    if (text.isEmpty()) {
      return;
    }
    int slash = text.indexOf('/');
    boolean shaped = slash > 0 && slash < text.length() - 1 && text.indexOf('/', slash + 1) < 0;
    if (!shaped || LogSequenceNumber.valueOf(text) == LogSequenceNumber.INVALID_LSN) {
      throw new ConfigException(
          name, text, "is not an LSN; write it as Postgres prints it, e.g. 0/16B3748");
    }
  }

  @Override
  public String toString() {
    return "an LSN such as 0/16B3748, or empty";
  }
}
