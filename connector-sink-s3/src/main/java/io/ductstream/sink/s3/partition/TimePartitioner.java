package io.ductstream.sink.s3.partition;

import io.ductstream.contract.envelope.SemanticTypes;
import io.ductstream.sink.s3.record.RecordView;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.DataException;

/**
 * Paths from the record time (a change's commit time), e.g. {@code date=2026-11-25/hour=18}; the
 * formatter carries the time zone. Formatting runs once per minute of record time, not per record,
 * when the pattern has no field finer than minutes.
 */
public final class TimePartitioner implements Partitioner {
  private static final long MINUTE_MS = 60_000L;

  private final DateTimeFormatter format;
  private final String field;
  private long cachedMinute = Long.MIN_VALUE;
  private String cachedPath;
  private final boolean minuteResolution;

  /** By the record time (a change's commit time). */
  public TimePartitioner(DateTimeFormatter format) {
    this(format, null);
  }

  /**
   * By the time in {@code field} (a timestamp or date column; records where it is null or absent
   * fall back to the record time), or by the record time when {@code field} is null.
   */
  public TimePartitioner(DateTimeFormatter format, String field) {
    this.format = format;
    this.field = field;
    // A pattern with seconds or finer cannot reuse one path per minute.
    String probe1 = format.format(Instant.ofEpochMilli(0));
    String probe2 = format.format(Instant.ofEpochMilli(59_999));
    this.minuteResolution = probe1.equals(probe2);
  }

  /** True: by the record time, or by a field that falls back to it when null. */
  @Override
  public boolean usesRecordTime() {
    return true;
  }

  @Override
  public String path(RecordView record) {
    long millis = field == null ? record.timeMillis() : fieldMillis(record);
    if (!minuteResolution) {
      return format.format(Instant.ofEpochMilli(millis));
    }
    long minute = Math.floorDiv(millis, MINUTE_MS);
    if (minute != cachedMinute) {
      cachedPath = format.format(Instant.ofEpochMilli(minute * MINUTE_MS));
      cachedMinute = minute;
    }
    return cachedPath;
  }

  private long fieldMillis(RecordView record) {
    SchemaAndValue value = record.fieldWithSchema(field);
    Object v = value.value();
    if (v instanceof Date date) {
      return date.getTime();
    }
    if (v instanceof Number number) {
      String name = value.schema() == null ? null : value.schema().name();
      long n = number.longValue();
      return SemanticTypes.TIMESTAMP_TZ_MICROS.equals(name)
              || SemanticTypes.TIMESTAMP_MICROS.equals(name)
          ? Math.floorDiv(n, 1000L)
          : n;
    }
    if (v == null) {
      return record.timeMillis();
    }
    throw new DataException(
        "partitioner.field "
            + field
            + " of the record at "
            + record.location()
            + " is a "
            + v.getClass().getSimpleName()
            + ", not a time; use a timestamp or date column, or leave partitioner.field empty to"
            + " partition by commit time");
  }
}
