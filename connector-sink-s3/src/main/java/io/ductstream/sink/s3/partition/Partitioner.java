package io.ductstream.sink.s3.partition;

import io.ductstream.sink.s3.config.S3SinkConfig;
import io.ductstream.sink.s3.record.RecordView;

/**
 * Groups records into object paths below their table path: {@code ""} (table), a formatted time
 * (time) or field values (field). A new partitioner is one new class.
 */
public interface Partitioner {
  /** The partition path of a record, without leading or trailing '/'; "" for none. */
  String path(RecordView record);

  /**
   * True when {@link #path} may read the record time (so each record must have one; the writer
   * reads it up front, as rotation by record time does).
   */
  default boolean usesRecordTime() {
    return false;
  }

  /** The partitioner the config asks for. */
  static Partitioner of(S3SinkConfig config) {
    return switch (config.partitioner()) {
      case TABLE -> record -> "";
      case TIME ->
          new TimePartitioner(
              config.pathFormat(),
              config.partitionerFields().isEmpty() ? null : config.partitionerFields().get(0));
      case FIELD -> new FieldPartitioner(config.partitionerFields());
    };
  }
}
