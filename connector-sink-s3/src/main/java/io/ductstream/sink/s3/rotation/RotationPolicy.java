package io.ductstream.sink.s3.rotation;

import io.ductstream.sink.s3.config.S3SinkConfig;
import java.io.IOException;

/**
 * When the open objects of a topic partition (its segment) are finished: by records or bytes in one
 * object, by record time since the segment's first record, by wall-clock age of the segment. Count
 * and record time depend only on the records, so they cut a replay at the same offsets; bytes and
 * wall clock do not (see {@code SegmentIndex} for how replays still converge).
 */
public record RotationPolicy(
    int flushSize, long rotateBytes, long recordIntervalMs, long scheduleIntervalMs) {

  public static RotationPolicy of(S3SinkConfig config) {
    return new RotationPolicy(
        config.flushSize(),
        config.rotateBytes(),
        config.rotateIntervalMs(),
        config.rotateScheduleIntervalMs());
  }

  /**
   * Before a record is added: true when its time is {@code rotate.interval.ms} or more after the
   * segment's first record.
   */
  public boolean cutBefore(long segmentFirstTimeMs, long recordTimeMs) {
    return recordIntervalMs > 0 && recordTimeMs - segmentFirstTimeMs >= recordIntervalMs;
  }

  /** An object's size as its writer estimates it, asked only when the count does not decide. */
  @FunctionalInterface
  public interface Size {
    boolean reached(long bytes) throws IOException;
  }

  /** After a record was added to an object: true when that object is full. */
  public boolean cutAfter(long objectRows, Size objectSize) throws IOException {
    return objectRows >= flushSize || objectSize.reached(rotateBytes);
  }

  /** True when a segment opened at {@code openedAtMs} (wall clock) is due at {@code nowMs}. */
  public boolean cutOnSchedule(long openedAtMs, long nowMs) {
    return scheduleIntervalMs > 0 && nowMs - openedAtMs >= scheduleIntervalMs;
  }

  /** True when record time matters to rotation (so each record's time must be known). */
  public boolean usesRecordTime() {
    return recordIntervalMs > 0;
  }
}
