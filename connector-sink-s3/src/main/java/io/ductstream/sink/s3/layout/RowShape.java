package io.ductstream.sink.s3.layout;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * How the records of one shape are written as rows: the row's schema, known on the task thread (it
 * picks the record's object), and the row itself, made on the task's encoder thread when it writes
 * the record. One instance serves every record of its shape, so handing a record to the encoder
 * costs no object of its own.
 */
public interface RowShape {
  /** The record's value as it is, under its own schema. */
  RowShape AS_IS =
      new RowShape() {
        @Override
        public Schema schema(SinkRecord record) {
          return record.valueSchema();
        }

        @Override
        public Object row(SinkRecord record) {
          return record.value();
        }
      };

  /** The schema of the record's row; null for a schemaless value (written as JSON Lines). */
  Schema schema(SinkRecord record);

  /**
   * The record's row, on the encoder thread: it must only read what no one changes any more (the
   * record, and what this shape set up on the task thread).
   */
  Object row(SinkRecord record);
}
