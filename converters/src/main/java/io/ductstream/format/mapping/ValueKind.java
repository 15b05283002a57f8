package io.ductstream.format.mapping;

import io.ductstream.contract.envelope.SemanticTypes;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;

/**
 * What a Connect schema means for the wire formats: its base type refined by its logical or
 * semantic name. Every format's schema mapper and value codec switches on this, so a new semantic
 * type is one new constant here plus one case per format.
 */
public enum ValueKind {
  INT8,
  INT16,
  INT32,
  INT64,
  FLOAT32,
  FLOAT64,
  BOOLEAN,
  STRING,
  BYTES,
  /** Connect {@code Decimal}: BigDecimal with the schema's scale. */
  DECIMAL,
  /** Connect {@code Date}: days since the epoch. */
  DATE,
  /** Connect {@code Time}: milliseconds since midnight. */
  TIME_MILLIS,
  /** Connect {@code Timestamp}: milliseconds since the epoch. */
  TIMESTAMP_MILLIS,
  TIME_MICROS,
  /** Wall-clock timestamp without a zone, microseconds. */
  TIMESTAMP_MICROS,
  /** Instant in UTC, microseconds. */
  TIMESTAMP_TZ_MICROS,
  UUID,
  JSON,
  /** {@code {months, days, micros}}. */
  INTERVAL,
  ARRAY,
  MAP,
  STRUCT;

  /** The kind of {@code schema}; a name whose base type does not fit falls back to the base. */
  public static ValueKind of(Schema schema) {
    String name = schema.name();
    Schema.Type type = schema.type();
    if (name != null) {
      ValueKind named = named(name);
      if (named != null && named.baseType() == type) {
        return named;
      }
    }
    return switch (type) {
      case INT8 -> INT8;
      case INT16 -> INT16;
      case INT32 -> INT32;
      case INT64 -> INT64;
      case FLOAT32 -> FLOAT32;
      case FLOAT64 -> FLOAT64;
      case BOOLEAN -> BOOLEAN;
      case STRING -> STRING;
      case BYTES -> BYTES;
      case ARRAY -> ARRAY;
      case MAP -> MAP;
      case STRUCT -> STRUCT;
    };
  }

  private static ValueKind named(String name) {
    return switch (name) {
      case Decimal.LOGICAL_NAME -> DECIMAL;
      case Date.LOGICAL_NAME -> DATE;
      case Time.LOGICAL_NAME -> TIME_MILLIS;
      case Timestamp.LOGICAL_NAME -> TIMESTAMP_MILLIS;
      case SemanticTypes.TIME_MICROS -> TIME_MICROS;
      case SemanticTypes.TIMESTAMP_MICROS -> TIMESTAMP_MICROS;
      case SemanticTypes.TIMESTAMP_TZ_MICROS -> TIMESTAMP_TZ_MICROS;
      case SemanticTypes.UUID -> UUID;
      case SemanticTypes.JSON -> JSON;
      case SemanticTypes.INTERVAL -> INTERVAL;
      default -> null;
    };
  }

  /** The Connect type that carries values of this kind. */
  public Schema.Type baseType() {
    return switch (this) {
      case INT8 -> Schema.Type.INT8;
      case INT16 -> Schema.Type.INT16;
      case INT32, DATE, TIME_MILLIS -> Schema.Type.INT32;
      case INT64, TIMESTAMP_MILLIS, TIME_MICROS, TIMESTAMP_MICROS, TIMESTAMP_TZ_MICROS ->
          Schema.Type.INT64;
      case FLOAT32 -> Schema.Type.FLOAT32;
      case FLOAT64 -> Schema.Type.FLOAT64;
      case BOOLEAN -> Schema.Type.BOOLEAN;
      case STRING, UUID, JSON -> Schema.Type.STRING;
      case BYTES, DECIMAL -> Schema.Type.BYTES;
      case ARRAY -> Schema.Type.ARRAY;
      case MAP -> Schema.Type.MAP;
      case STRUCT, INTERVAL -> Schema.Type.STRUCT;
    };
  }
}
