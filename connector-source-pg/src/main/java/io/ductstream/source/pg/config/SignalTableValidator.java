package io.ductstream.source.pg.config;

import io.ductstream.source.pg.catalog.TableId;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * The signal table is empty (off) or one table name in {@link TableId}'s text form: {@code
 * schema.table} or {@code table}, either part in double quotes when it holds dots or quotes.
 */
final class SignalTableValidator implements ConfigDef.Validator {
  @Override
  public void ensureValid(String name, Object value) {
    String text = value == null ? "" : ((String) value).trim();
    if (text.isEmpty()) {
      return;
    }
    try {
      TableId.parse(text);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          name,
          text,
          e.getMessage()
              + ", e.g. signal.table=public.ductstream_signal or \"my.app\".\"signals\"");
    }
  }

  @Override
  public String toString() {
    return "empty, or schema.table (parts in double quotes when they hold dots or quotes)";
  }
}
