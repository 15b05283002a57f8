package io.ductstream.source.pg;

import io.ductstream.source.pg.backfill.BackfillProgress;
import io.ductstream.source.pg.config.PostgresSourceConfig;
import io.ductstream.source.pg.records.ChangeRecord;
import io.ductstream.source.pg.records.SourceOffsets;
import io.ductstream.source.pg.records.TransactionAcks;
import io.ductstream.source.pg.replication.ChangeQueue;
import io.ductstream.source.pg.replication.ReplicationReader;
import io.ductstream.source.pg.replication.ReplicationSetup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams the slot: a reader thread decodes pgoutput into records, {@link #poll()} hands them to
 * the runtime, and {@link #commitRecord} counts what the runtime made durable, which is the only
 * thing that moves the slot's confirmed position.
 */
public class PostgresSourceTask extends SourceTask {
  private static final Logger log = LoggerFactory.getLogger(PostgresSourceTask.class);

  private PostgresSourceConfig config;
  private ChangeQueue queue;
  private TransactionAcks acks;
  private ReplicationReader reader;

  @Override
  public String version() {
    return new PostgresSourceConnector().version();
  }

  @Override
  public void start(Map<String, String> props) {
    config = new PostgresSourceConfig(props);
    List<String> tables = tables(props);
    Map<String, Object> stored = storedOffset();
    SourceOffsets.Position resume = SourceOffsets.Position.from(stored);
    queue = new ChangeQueue(config.maxQueueBytes());
    acks = new TransactionAcks(0);
    reader =
        new ReplicationReader(
            config,
            tables,
            ReplicationSetup.capturedFilter(config),
            queue,
            acks,
            spoolDirectory(),
            config.slotActiveWait());
    try {
      reader.start(
          "ductstream-replication-" + config.slotName(), resume, BackfillProgress.from(stored));
    } catch (SQLException e) {
      throw new ConnectException(
          "cannot start replication from " + config.dsn().masked() + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectException("interrupted while starting replication", e);
    }
    log.info("task started; resuming after {}", resume);
  }

  @Override
  public List<SourceRecord> poll() throws InterruptedException {
    List<SourceRecord> records = queue.poll(config.maxBatchSize(), config.pollInterval());
    return records.isEmpty() ? null : records;
  }

  @Override
  public void commitRecord(SourceRecord record, RecordMetadata metadata) {
    if (record instanceof ChangeRecord change) {
      acks.ack(change.transaction());
    }
  }

  @Override
  public void stop() {
    if (reader != null) {
      reader.stop();
    }
  }

  private Map<String, Object> storedOffset() {
    String database = config.dsn().database();
    return context
        .offsetStorageReader()
        .offset(SourceOffsets.partition(database, config.slotName()));
  }

  private static List<String> tables(Map<String, String> props) {
    String tables = props.getOrDefault(PostgresSourceConnector.TASK_TABLES, "");
    return tables.isBlank() ? List.of() : Arrays.asList(tables.split(","));
  }

  private static Path spoolDirectory() {
    try {
      return Files.createTempDirectory("ductstream-spool-");
    } catch (java.io.IOException e) {
      throw new ConfigException(
          "cannot create a temporary directory for streamed transactions under "
              + System.getProperty("java.io.tmpdir")
              + ": "
              + e.getMessage());
    }
  }
}
