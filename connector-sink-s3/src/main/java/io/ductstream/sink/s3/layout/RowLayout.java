package io.ductstream.sink.s3.layout;

import io.ductstream.sink.s3.config.S3SinkConfig;
import io.ductstream.sink.s3.record.RecordView;

/**
 * Which row each record is written as ({@code layout}): change envelopes as flat rows or as they
 * are. A new layout is one new class.
 */
public interface RowLayout {
  /** The shape of the row of a record with a value; on the task thread. */
  RowShape shape(RecordView record);

  /** The layout the config asks for; one per task (a flat layout keeps per-thread state). */
  static RowLayout of(S3SinkConfig config) {
    return config.flatLayout() ? new FlatLayout() : new EnvelopeLayout();
  }
}
