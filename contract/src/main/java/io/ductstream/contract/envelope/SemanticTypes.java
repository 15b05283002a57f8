package io.ductstream.contract.envelope;

import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;

/**
 * Named Connect schemas for the Postgres values that Connect's own logical types cannot carry
 * exactly. The source emits them; every wire format maps them (see docs/types.md). A schema's name
 * is its identity: converters and writers dispatch on {@link Schema#name()}.
 *
 * <p>Connect's {@code Timestamp} and {@code Time} hold milliseconds while Postgres keeps
 * microseconds, so times are INT64 microseconds here. Postgres {@code infinity}/{@code -infinity}
 * timestamps and dates are the values DuckDB uses for them ({@link #TIMESTAMP_INFINITY} and the
 * constants beside it), which no finite value takes.
 */
public final class SemanticTypes {
  /**
   * {@code infinity} of a timestamp or timestamptz: {@link Long#MAX_VALUE} µs. A finite value that
   * would reach it (Postgres goes up to 294276-12-31, int64 µs since 1970 end in 294247) is carried
   * in the envelope's {@code overflow} instead.
   */
  public static final long TIMESTAMP_INFINITY = Long.MAX_VALUE;

  /**
   * {@code -infinity} of a timestamp or timestamptz: {@code Long.MIN_VALUE + 1} µs, as in DuckDB.
   */
  public static final long TIMESTAMP_NEGATIVE_INFINITY = Long.MIN_VALUE + 1;

  /** {@code infinity} of a date: {@link Integer#MAX_VALUE} days since 1970-01-01. */
  public static final int DATE_INFINITY_DAYS = Integer.MAX_VALUE;

  /** {@code -infinity} of a date: {@code Integer.MIN_VALUE + 1} days, as in DuckDB. */
  public static final int DATE_NEGATIVE_INFINITY_DAYS = Integer.MIN_VALUE + 1;

  /** STRING, canonical lower-case 8-4-4-4-12 form. */
  public static final String UUID = "io.ductstream.Uuid";

  /** STRING holding the json or jsonb text as Postgres prints it. */
  public static final String JSON = "io.ductstream.Json";

  /** INT64 microseconds since midnight, 0 to 86,400,000,000 (Postgres allows 24:00:00). */
  public static final String TIME_MICROS = "io.ductstream.TimeMicros";

  /** STRING {@code HH:MM:SS[.ffffff]+HH[:MM[:SS]]}, time of day with its UTC offset. */
  public static final String TIME_TZ = "io.ductstream.TimeTz";

  /** INT64 microseconds since 1970-01-01T00:00, wall-clock time without a zone (timestamp). */
  public static final String TIMESTAMP_MICROS = "io.ductstream.TimestampMicros";

  /** INT64 microseconds since the Unix epoch in UTC (timestamptz). */
  public static final String TIMESTAMP_TZ_MICROS = "io.ductstream.TimestampTzMicros";

  /**
   * STRUCT {@code {months INT32, days INT32, micros INT64}}: Postgres keeps the three parts apart
   * (a month is not 30 days), and so do we.
   */
  public static final String INTERVAL = "io.ductstream.Interval";

  /**
   * STRING holding an exact decimal: unconstrained {@code numeric} (whose scale varies per value)
   * and the special values {@code NaN}, {@code Infinity} and {@code -Infinity}.
   */
  public static final String NUMERIC = "io.ductstream.Numeric";

  /** STRING, inet in Postgres' text form ({@code 192.168.0.1/24}, {@code ::1}). */
  public static final String INET = "io.ductstream.Inet";

  /** STRING, cidr in Postgres' text form ({@code 10.0.0.0/8}). */
  public static final String CIDR = "io.ductstream.Cidr";

  /** STRING, macaddr or macaddr8 in Postgres' text form ({@code 08:00:2b:01:02:03}). */
  public static final String MACADDR = "io.ductstream.MacAddr";

  /** STRING of '0' and '1' characters, one per bit (bit, bit varying). */
  public static final String BITS = "io.ductstream.Bits";

  /** STRING holding an enum label; parameter {@link #PG_TYPE} names the enum type. */
  public static final String ENUM = "io.ductstream.Enum";

  /**
   * STRING holding the text form of a type with no mapping of its own; parameter {@link #PG_TYPE}
   * names the Postgres type so a consumer can parse it.
   */
  public static final String PG_TEXT = "io.ductstream.PgText";

  /** Schema parameter naming the Postgres type (schema-qualified for user types). */
  public static final String PG_TYPE = "pg.type";

  /** Schema parameter Connect's Decimal users agree on for the declared precision. */
  public static final String DECIMAL_PRECISION = "connect.decimal.precision";

  /** The interval struct's field names. */
  public static final String INTERVAL_MONTHS = "months";

  public static final String INTERVAL_DAYS = "days";
  public static final String INTERVAL_MICROS = "micros";

  private SemanticTypes() {}

  public static SchemaBuilder uuid() {
    return SchemaBuilder.string().name(UUID);
  }

  public static SchemaBuilder json() {
    return SchemaBuilder.string().name(JSON);
  }

  public static SchemaBuilder timeMicros() {
    return SchemaBuilder.int64().name(TIME_MICROS);
  }

  public static SchemaBuilder timeTz() {
    return SchemaBuilder.string().name(TIME_TZ);
  }

  public static SchemaBuilder timestampMicros() {
    return SchemaBuilder.int64().name(TIMESTAMP_MICROS);
  }

  public static SchemaBuilder timestampTzMicros() {
    return SchemaBuilder.int64().name(TIMESTAMP_TZ_MICROS);
  }

  public static SchemaBuilder interval() {
    return SchemaBuilder.struct()
        .name(INTERVAL)
        .field(INTERVAL_MONTHS, Schema.INT32_SCHEMA)
        .field(INTERVAL_DAYS, Schema.INT32_SCHEMA)
        .field(INTERVAL_MICROS, Schema.INT64_SCHEMA);
  }

  public static SchemaBuilder numeric() {
    return SchemaBuilder.string().name(NUMERIC);
  }

  /** Connect's Decimal with the declared precision recorded as a parameter. */
  public static SchemaBuilder decimal(int precision, int scale) {
    return Decimal.builder(scale).parameter(DECIMAL_PRECISION, Integer.toString(precision));
  }

  public static SchemaBuilder inet() {
    return SchemaBuilder.string().name(INET);
  }

  public static SchemaBuilder cidr() {
    return SchemaBuilder.string().name(CIDR);
  }

  public static SchemaBuilder macaddr() {
    return SchemaBuilder.string().name(MACADDR);
  }

  public static SchemaBuilder bits() {
    return SchemaBuilder.string().name(BITS);
  }

  public static SchemaBuilder enumeration(String pgType) {
    return SchemaBuilder.string().name(ENUM).parameter(PG_TYPE, pgType);
  }

  public static SchemaBuilder pgText(String pgType) {
    return SchemaBuilder.string().name(PG_TEXT).parameter(PG_TYPE, pgType);
  }
}
