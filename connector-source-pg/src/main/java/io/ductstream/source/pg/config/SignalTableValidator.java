package io.ductstream.source.pg.config;

import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** The signal table is empty (off) or a table name, {@code schema.table} or {@code table}. */
final class SignalTableValidator implements ConfigDef.Validator {
  private static final Pattern TABLE =
      Pattern.compile("([A-Za-z_][A-Za-z0-9_$]*\\.)?[A-Za-z_][A-Za-z0-9_$]*");

  @Override
  public void ensureValid(String name, Object value) {
    String text = value == null ? "" : ((String) value).trim();
    if (!text.isEmpty() && !TABLE.matcher(text).matches()) {
      throw new ConfigException(
          name,
          text,
          "is not a table name; write schema.table, e.g. signal.table=public.ductstream_signal");
    }
  }

  @Override
  public String toString() {
    return "empty, or schema.table";
  }
}
