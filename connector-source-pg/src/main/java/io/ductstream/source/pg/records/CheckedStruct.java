package io.ductstream.source.pg.records;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/**
 * A struct whose values were each made for their field's schema (by the column's decoder, or
 * checked by {@link Struct#put(Field, Object)} as they were set), so validating it again (which
 * Connect does for every nested struct on every put, and once more before conversion) only checks
 * that required fields are set. Half of the record-building time went to those repeated checks.
 *
 * <p>A row image also keeps the exact text of the values its typed columns could not hold, which
 * the envelope carries in {@code overflow}.
 */
final class CheckedStruct extends Struct {
  private Map<String, String> overflow;

  CheckedStruct(Schema schema) {
    super(schema);
  }

  /** Column name to exact text of the values that overflowed their column; null when none did. */
  Map<String, String> overflow() {
    return overflow;
  }

  void overflow(String column, String text) {
    if (overflow == null) {
      overflow = new LinkedHashMap<>();
    }
    overflow.put(column, text);
  }

  @Override
  public void validate() {
    for (Field field : schema().fields()) {
      if (!field.schema().isOptional() && getWithoutDefault(field.name()) == null) {
        throw new DataException("invalid value: null for required field \"" + field.name() + "\"");
      }
    }
  }
}
