package io.ductstream.format;

/**
 * Where a payload came from, for error messages: the topic always, partition and offset when the
 * caller knows them (Connect's {@code Converter.toConnectData} passes only the topic).
 */
public record RecordLocation(String topic, Integer partition, Long offset) {
  public static RecordLocation ofTopic(String topic) {
    return new RecordLocation(topic, null, null);
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("topic \"").append(topic).append('"');
    if (partition != null) {
      text.append(" partition ").append(partition);
    }
    if (offset != null) {
      text.append(" offset ").append(offset);
    }
    if (partition == null && offset == null) {
      text.append(
          " (partition and offset are not passed to converters; see the worker's error log)");
    }
    return text.toString();
  }
}
