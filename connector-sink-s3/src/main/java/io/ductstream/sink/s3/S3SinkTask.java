package io.ductstream.sink.s3;

import java.util.Collection;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;

/** The task of {@link S3SinkConnector}: writes the records of its topic partitions to objects. */
public class S3SinkTask extends SinkTask {
  @Override
  public String version() {
    return new S3SinkConnector().version();
  }

  @Override
  public void start(Map<String, String> props) {
    throw new ConnectException(S3SinkConnector.NOT_AVAILABLE);
  }

  @Override
  public void put(Collection<SinkRecord> records) {
    throw new ConnectException(S3SinkConnector.NOT_AVAILABLE);
  }

  @Override
  public void stop() {}
}
