package io.ductstream.controlplane.runtime;

import java.util.List;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Where a flow runner writes its changes. Records carry consecutive sequence numbers; a destination
 * says up to where what it received is durable.
 */
interface Destination extends AutoCloseable {
  /** A name for logs and errors: {@code s3 "lake"}, {@code kafka}. */
  String name();

  /** Writes {@code records}, numbered from {@code firstSequence}. */
  void deliver(List<SourceRecord> records, long firstSequence);

  /**
   * The first sequence number not yet durable here; {@code next} (the next number to be given) when
   * everything delivered is.
   */
  long durableBefore(long next);

  /** Makes everything delivered durable now, waiting for it. */
  void flush();

  @Override
  void close();
}
