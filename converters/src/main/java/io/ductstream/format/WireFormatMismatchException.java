package io.ductstream.format;

import org.apache.kafka.connect.errors.ConnectException;

/**
 * A payload that is not in the declared wire format (wrong magic bytes, unknown fingerprint with no
 * schema header, undecodable body) read with {@code enforce=true}. It is not a {@code
 * DataException}: it means the pipeline is misconfigured, not that one record is bad. Names the
 * topic and, where the caller knows them, the partition and offset.
 */
public class WireFormatMismatchException extends ConnectException {
  private final String topic;
  private final Integer partition;
  private final Long offset;

  public WireFormatMismatchException(
      String message, String topic, Integer partition, Long offset, Throwable cause) {
    super(message, cause);
    this.topic = topic;
    this.partition = partition;
    this.offset = offset;
  }

  public String topic() {
    return topic;
  }

  /** The partition, or null when the caller (Connect's converter API) does not pass it. */
  public Integer partition() {
    return partition;
  }

  /** The offset, or null when the caller (Connect's converter API) does not pass it. */
  public Long offset() {
    return offset;
  }
}
