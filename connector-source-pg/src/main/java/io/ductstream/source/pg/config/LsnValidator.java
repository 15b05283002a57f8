package io.ductstream.source.pg.config;

import io.ductstream.contract.pg.Lsn;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** An LSN in Postgres' text form {@code X/XXXXXXXX}, or empty. */
final class LsnValidator implements ConfigDef.Validator {
  @Override
  public void ensureValid(String name, Object value) {
    String text = value == null ? "" : ((String) value).trim();
    if (text.isEmpty()) {
      return;
    }
    if (!Lsn.isLsn(text)) {
      throw new ConfigException(name, text, "is not " + Lsn.EXPECTED);
    }
  }

  @Override
  public String toString() {
    return "an LSN such as 0/16B3748, or empty";
  }
}
