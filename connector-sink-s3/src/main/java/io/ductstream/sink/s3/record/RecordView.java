package io.ductstream.sink.s3.record;

import io.ductstream.contract.envelope.ChangeEnvelope;
import io.ductstream.sink.s3.naming.PathSegments;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * What the sink needs to know of one record: where it belongs (its table path), its time and its
 * fields. A change envelope of the Postgres source belongs to {@code <schema>/<table>} and its time
 * is the commit time; any other record belongs to its topic and its time is the Kafka timestamp.
 */
public final class RecordView {
  private final SinkRecord record;
  private final Struct envelope;
  private final Struct source;

  public RecordView(SinkRecord record) {
    this.record = record;
    Schema schema = record.valueSchema();
    if (ChangeEnvelope.isEnvelope(schema) && record.value() instanceof Struct struct) {
      this.envelope = struct;
      this.source = struct.getStruct(ChangeEnvelope.SOURCE);
    } else {
      this.envelope = null;
      this.source = null;
    }
  }

  public SinkRecord record() {
    return record;
  }

  public boolean isChangeEnvelope() {
    return envelope != null;
  }

  /** The value of a change record, its envelope; null for other records. */
  public Struct envelope() {
    return envelope;
  }

  /** {@code <source schema>/<source table>} of a change record, else the topic. */
  public String tablePath() {
    if (source != null) {
      return tablePath(sourceSchema(), sourceTable());
    }
    return pathSegment(record.topic());
  }

  /** The Postgres schema of a change record; null for other records. */
  public String sourceSchema() {
    return source == null ? null : source.getString(ChangeEnvelope.SOURCE_SCHEMA);
  }

  /** The Postgres table of a change record; null for other records. */
  public String sourceTable() {
    return source == null ? null : source.getString(ChangeEnvelope.SOURCE_TABLE);
  }

  static String tablePath(String schema, String table) {
    return pathSegment(schema) + "/" + pathSegment(table);
  }

  /**
   * The record's time in milliseconds since the epoch: the commit time of a change (the change time
   * for snapshot reads without one), else the Kafka record timestamp.
   *
   * @throws DataException when the record has no time at all
   */
  public long timeMillis() {
    if (source != null) {
      Long commitMicros = source.getInt64(ChangeEnvelope.SOURCE_COMMIT_TS_US);
      if (commitMicros != null) {
        return Math.floorDiv(commitMicros, 1000L);
      }
      return Math.floorDiv(envelope.getInt64(ChangeEnvelope.TS_US), 1000L);
    }
    Long timestamp = record.timestamp();
    if (timestamp == null || timestamp < 0) {
      throw new DataException(
          "record at "
              + location()
              + " has no timestamp; time-based partitioning and rotate.interval.ms need one"
              + " (use producer or log-append timestamps)");
    }
    return timestamp;
  }

  /**
   * The value of {@code name}: from the row ({@code after}, or {@code before} for a delete) of a
   * change, from the top level of other structs and maps; null when absent.
   */
  public Object field(String name) {
    return fieldWithSchema(name).value();
  }

  /** Like {@link #field}, with the field's schema (null for schemaless values). */
  public SchemaAndValue fieldWithSchema(String name) {
    Object value = record.value();
    if (envelope != null) {
      Struct row = envelope.getStruct(ChangeEnvelope.AFTER);
      value = row != null ? row : envelope.getStruct(ChangeEnvelope.BEFORE);
    }
    if (value instanceof Struct struct) {
      Field field = struct.schema().field(name);
      return field == null
          ? SchemaAndValue.NULL
          : new SchemaAndValue(field.schema(), struct.get(field));
    }
    if (value instanceof Map<?, ?> map) {
      return new SchemaAndValue(null, map.get(name));
    }
    return SchemaAndValue.NULL;
  }

  /** {@code topic/partition/offset}, for error messages. */
  public String location() {
    return record.topic() + "/" + record.kafkaPartition() + "/" + record.kafkaOffset();
  }

  /** One level of an object key from a name: see {@link PathSegments}. */
  public static String pathSegment(String text) {
    return PathSegments.of(text);
  }
}
