package io.ductstream.sink.s3.partition;

import io.ductstream.sink.s3.record.RecordView;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * Paths from the record time (a change's commit time), e.g. {@code date=2026-11-25/hour=18}; the
 * formatter carries the time zone. Formatting runs once per minute of record time, not per record,
 * when the pattern has no field finer than minutes.
 */
public final class TimePartitioner implements Partitioner {
  private static final long MINUTE_MS = 60_000L;

  private final DateTimeFormatter format;
  private long cachedMinute = Long.MIN_VALUE;
  private String cachedPath;
  private final boolean minuteResolution;

  public TimePartitioner(DateTimeFormatter format) {
    this.format = format;
    // A pattern with seconds or finer cannot reuse one path per minute.
    String probe1 = format.format(Instant.ofEpochMilli(0));
    String probe2 = format.format(Instant.ofEpochMilli(59_999));
    this.minuteResolution = probe1.equals(probe2);
  }

  @Override
  public String path(RecordView record) {
    long millis = record.timeMillis();
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
}
