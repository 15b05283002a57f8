package io.ductstream.source.pg.records;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/**
 * A struct whose values were each checked by {@link Struct#put(Field, Object)} as they were set, so
 * validating it again (which Connect does for every nested struct on every put, and once more
 * before conversion) only checks that required fields are set. Half of the record-building time
 * went to those repeated checks.
 */
final class CheckedStruct extends Struct {
  CheckedStruct(Schema schema) {
    super(schema);
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
