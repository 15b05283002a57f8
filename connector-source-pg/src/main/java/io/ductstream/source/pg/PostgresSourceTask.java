package io.ductstream.source.pg;

import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

/** The task of {@link PostgresSourceConnector}: reads one replication slot. */
public class PostgresSourceTask extends SourceTask {
  @Override
  public String version() {
    return new PostgresSourceConnector().version();
  }

  @Override
  public void start(Map<String, String> props) {
    throw new ConnectException(PostgresSourceConnector.NOT_AVAILABLE);
  }

  @Override
  public List<SourceRecord> poll() {
    return null;
  }

  @Override
  public void stop() {}
}
