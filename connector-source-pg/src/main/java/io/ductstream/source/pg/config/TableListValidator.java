package io.ductstream.source.pg.config;

import io.ductstream.source.pg.catalog.TableId;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * table.include.list and table.exclude.list: table names separated by commas, a name with commas,
 * dots or quotes in double quotes ({@link TableId#splitList}, {@link TableId#parse}).
 */
final class TableListValidator implements ConfigDef.Validator {
  @Override
  public void ensureValid(String name, Object value) {
    String text = value == null ? "" : (String) value;
    for (String entry : TableId.splitList(text)) {
      try {
        TableId.parse(entry);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(name, text, e.getMessage());
      }
    }
  }

  @Override
  public String toString() {
    return "schema.table names separated by commas; a name in double quotes may hold commas,"
        + " dots and doubled quotes";
  }
}
