package io.ductstream.controlplane.runtime;

import io.ductstream.controlplane.flow.Checkpoint;
import io.ductstream.controlplane.flow.Endpoint;
import io.ductstream.controlplane.flow.EndpointType;
import io.ductstream.controlplane.flow.FlowDefinition;
import io.ductstream.controlplane.flow.FlowOptions;
import io.ductstream.controlplane.metrics.MicrometerPluginMetrics;
import io.ductstream.controlplane.store.CheckpointStore;
import io.ductstream.controlplane.translate.ConnectorConfig;
import io.ductstream.controlplane.translate.FlowTranslator;
import io.ductstream.metrics.MeterNames;
import io.ductstream.source.pg.PostgresSourceConnector;
import io.ductstream.source.pg.PostgresSourceTask;
import io.ductstream.source.pg.config.PostgresSourceConfig;
import io.ductstream.source.pg.jdbc.PgConnections;
import io.ductstream.source.pg.records.SourceOffsets;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.postgresql.replication.LogSequenceNumber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one flow in this process, the way a Kafka Connect worker runs its connectors, without Kafka
 * between them: the Postgres source task's records go to every destination (S3 sink tasks, a Kafka
 * producer), and a change is acknowledged to the source (so the slot advances) only after every
 * destination made it durable and the position was stored as the flow's checkpoint. Offsets live in
 * the control-plane store, in the flow's checkpoint row.
 *
 * <p>Order of a commit: ask each destination how far it is durable; store the checkpoint (source
 * offset and record sequence) of the last change durable everywhere; only then acknowledge those
 * changes to the source task. A crash between the two replays from the stored checkpoint; the slot
 * never gets ahead of it, so a replay never starts after changes it must rewrite.
 */
public final class FlowRunner {
  private static final Logger log = LoggerFactory.getLogger(FlowRunner.class);

  /**
   * Acknowledgement groups pending before the S3 destinations are told to upload what they hold.
   */
  static final int MAX_PENDING_GROUPS = 100_000;

  /**
   * How often, at most, a run with max empty reads uploads what its destinations hold to check
   * whether it is caught up (with nothing to upload it checks at every empty read).
   */
  static final Duration CATCH_UP_CHECK_INTERVAL = Duration.ofSeconds(1);

  /** How long a run with max empty reads polls for a change before it counts an empty read. */
  static final Duration BOUNDED_RUN_POLL = Duration.ofMillis(100);

  /** How long S3 objects stay open at most when the flow's rotate_interval does not say. */
  static final Duration DEFAULT_FORCE_INTERVAL = Duration.ofSeconds(60);

  private final FlowDefinition flow;
  private final RunOptions options;
  private final FlowTranslator translator;
  private final CheckpointStore checkpoints;
  private volatile boolean stopping;
  private volatile Runnable onStreaming = () -> {};
  private MeterRegistry meters;
  private final List<MicrometerPluginMetrics> pluginMetrics = new ArrayList<>();

  private final PendingAcks pending = new PendingAcks();
  private final List<Destination> destinations = new ArrayList<>();
  private PostgresSourceTask task;
  private long nextSequence;
  private long discardFrom;
  private Map<String, Map<String, Long>> watermarks = Map.of();
  private long rows;
  private Checkpoint lastCheckpoint;
  private BackfillRequest backfill;
  private CatchUp signalArrival;
  private List<String> backfillSkipped = List.of();
  private boolean streaming;
  private final TaskMetrics taskMetrics = new TaskMetrics();
  private volatile Progress progress;
  private OptionalLong heldByDdlEvent = OptionalLong.empty();

  public FlowRunner(
      FlowDefinition flow,
      RunOptions options,
      FlowTranslator translator,
      CheckpointStore checkpoints) {
    this.flow = flow;
    this.options = options;
    this.translator = translator;
    this.checkpoints = checkpoints;
  }

  /**
   * What a run did.
   *
   * @param backfillSkipped for a backfill run, the tables its source could not read, with why
   * @param heldByDdlEvent the DDL event the gate held the source at when it ended the run (a run
   *     until caught up only)
   */
  public record Summary(
      long rows,
      Duration duration,
      Optional<String> checkpointLsn,
      boolean caughtUp,
      List<String> backfillSkipped,
      OptionalLong heldByDdlEvent) {
    public double rowsPerSecond() {
      double seconds = Math.max(0.001, duration.toNanos() / 1e9);
      return rows / seconds;
    }
  }

  /**
   * Runs until {@link #stop()} is called, or (with max empty reads) until caught up; then uploads
   * what the destinations hold, stores the checkpoint and returns.
   *
   * @throws FlowRunException when the flow cannot start or a component fails; the checkpoint stays
   *     at what every destination confirmed
   */
  public Summary run() throws InterruptedException {
    long started = System.nanoTime();
    boolean caughtUp = false;
    try {
      List<ConnectorConfig> connectors = translator.translate(flow, Optional.empty());
      Map<String, String> sourceConfig =
          new LinkedHashMap<>(ConfigReferences.resolve(connectors.get(0).config()));
      Optional<Checkpoint> stored = checkpoints.find(flow.id());
      Optional<RunnerCheckpoint> runnerRow = stored.flatMap(RunnerCheckpoint::read);
      Optional<RunnerCheckpoint> resume =
          options.startLsn().isPresent()
              ? Optional.empty()
              : runnerRow.filter(RunnerCheckpoint::hasPosition);
      // -start-lsn starts the stream there; a checkpoint moved by PutCheckpoint (a row with an LSN
      // and no position of this runner) counts its transaction as delivered, as on Connect
      Optional<String> startLsn = options.startLsn();
      Optional<String> movedTo =
          startLsn.isPresent() || resume.isPresent()
              ? Optional.empty()
              : stored.map(Checkpoint::lsn).filter(lsn -> !lsn.equals("0/0"));
      startLsn.ifPresent(lsn -> sourceConfig.put(PostgresSourceConfig.START_LSN, lsn));
      if (options.maxEmptyReads() > 0) {
        // a run that ends once caught up waits this long for a change before an empty read (unless
        // the flow sets batch_timeout): its end is noticed a tenth of a second after the last
        // change instead of the source's default half second
        sourceConfig.putIfAbsent(
            PostgresSourceConfig.POLL_INTERVAL_MS, Long.toString(BOUNDED_RUN_POLL.toMillis()));
      }
      options
          .snapshotWorkers()
          .ifPresent(
              n -> sourceConfig.put(FlowTranslator.SNAPSHOT_MAX_THREADS, Integer.toString(n)));
      long storedSequence = runnerRow.map(RunnerCheckpoint::sequence).orElse(-1L);
      nextSequence =
          resume.isPresent()
              ? storedSequence
              : Math.max(
                  RunnerCheckpoint.freshSequence(System.currentTimeMillis()), storedSequence + 1);
      // what an earlier run wrote after its checkpoint is deleted from this point on
      discardFrom = storedSequence >= 0 ? storedSequence : nextSequence;
      watermarks = runnerRow.map(RunnerCheckpoint::watermarks).orElse(Map.of());
      PostgresSourceConfig source = new PostgresSourceConfig(sourceConfig);
      Optional<String> requested = startLsn.or(() -> movedTo);
      if (requested.isPresent()) {
        refuseUnreplayable(source, requested.get());
      }
      OffsetStorageReader offsets =
          resume
              .map(RunnerCheckpoint::reader)
              .or(() -> movedTo.map(RunnerCheckpoint::movedTo))
              .orElseGet(RunnerCheckpoint::empty);
      // the source checks its slot and publication and opens its replication session while the
      // destinations build their clients and look at their buckets: each waits on its own server
      PluginMetrics sourceMetrics = pluginMetrics(Map.of(MeterNames.FLOW, flow.name()));
      CompletableFuture<Void> sourceStart =
          CompletableFuture.runAsync(
              () -> startSource(sourceConfig, offsets, sourceMetrics),
              job -> {
                Thread thread = new Thread(job, "ductstream-source-start");
                thread.setDaemon(true);
                thread.start();
              });
      try {
        openDestinations(connectors, sourceConfig);
        if (resume.isEmpty()) {
          // numbers this run's records before it writes any: a crash before its first commit
          // leaves objects the next run can recognise as uncommitted
          lastCheckpoint =
              checkpoints.put(
                  RunnerCheckpoint.reservation(flow.id(), requested.orElse("0/0"), nextSequence),
                  Optional.empty());
        }
      } catch (RuntimeException | Error e) {
        awaitStart(sourceStart, e);
        throw e;
      }
      awaitStart(sourceStart, null);
      log.info(
          "flow {} ({}) running: source {} slot {}, {} destination(s){}",
          flow.name(),
          flow.id(),
          source.dsn().masked(),
          source.slotName(),
          destinations.size(),
          resume.isPresent()
              ? ", resuming at " + RunnerCheckpoint.lsnText(resume.get().offset())
              : requested.map(lsn -> ", starting at " + lsn).orElse(""));
      if (options.backfill().isPresent()) {
        backfill = BackfillRequest.send(source, options.backfill().get());
        signalArrival = new CatchUp(source.dsn(), source.slotName());
        log.info(
            "flow {}: asked its source to copy {} again while streaming goes on (signal {})",
            flow.name(),
            backfill.tables(),
            backfill.id());
      }
      caughtUp = loop(new CatchUp(source.dsn(), source.slotName()));
      return new Summary(
          rows,
          Duration.ofNanos(System.nanoTime() - started),
          Optional.ofNullable(lastCheckpoint).map(Checkpoint::lsn),
          caughtUp,
          backfillSkipped,
          heldByDdlEvent);
    } catch (FlowRunException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new FlowRunException(reason(e), e);
    } finally {
      closeAll();
    }
  }

  /** Called once the run's tasks have started and its first read is done. */
  public FlowRunner onStarted(Runnable action) {
    this.onStreaming = action;
    return this;
  }

  /**
   * The registry the tasks' plugin metrics go to, tagged with the flow (and the destination of an
   * S3 sink); without one the tasks publish none.
   */
  public FlowRunner meters(MeterRegistry registry) {
    this.meters = registry;
    return this;
  }

  /** Where the run is, measured once a second; {@link RunProgress#STARTING} before it streams. */
  public RunProgress progress() {
    Progress current = progress;
    return current == null ? RunProgress.STARTING : current.current();
  }

  /** Asks a running {@link #run()} to finish: it uploads, checkpoints and returns. */
  public void stop() {
    stopping = true;
  }

  private boolean loop(CatchUp catchUp) throws InterruptedException {
    long lastCommit = System.nanoTime();
    long lastForced = lastCommit;
    long forceNanos = forceInterval().toNanos();
    Progress progress = new Progress(flow.name(), options.progressInterval(), catchUp, taskMetrics);
    this.progress = progress;
    int emptyReads = 0;
    long nextCatchUpCheck = System.nanoTime();
    boolean backfillMarked = false;
    boolean announced = false;
    DdlGateStop gate = new DdlGateStop(options.maxEmptyReads(), task::heldByDdlEvent);
    while (!stopping) {
      if (Thread.interrupted()) {
        throw new InterruptedException("flow run interrupted");
      }
      List<SourceRecord> records = task.poll();
      if (!announced) {
        announced = true;
        onStreaming.run();
      }
      if (records == null || records.isEmpty()) {
        emptyReads++;
        OptionalLong held = gate.endsRunAt(emptyReads);
        if (held.isPresent()) {
          // the source hands over what came before the held change, then says it is held: what
          // it handed over since the empty read is polled now, and the run ends after it
          List<SourceRecord> beforeHold = task.poll();
          if (beforeHold != null && !beforeHold.isEmpty()) {
            emptyReads = 0;
            deliver(beforeHold);
          } else {
            // the slot cannot pass the held change: the run would never catch up
            drain();
            heldByDdlEvent = held;
            log.info(
                "flow {} {}: ending the run",
                flow.name(),
                DdlGateStop.heldMessage(held.getAsLong()));
            progress.summary(rows, lastCheckpoint);
            return false;
          }
        }
        if (options.maxEmptyReads() > 0
            && emptyReads >= options.maxEmptyReads()
            && (pending.isEmpty() || System.nanoTime() >= nextCatchUpCheck)) {
          // a check that must upload what the S3 destinations hold comes at most once a second;
          // with everything committed it is one short query, asked at every empty read (the
          // stream's end is then a poll away, not a second)
          nextCatchUpCheck = System.nanoTime() + CATCH_UP_CHECK_INTERVAL.toNanos();
          drain();
          boolean backfilled = backfill == null || backfillDone();
          if (backfilled && !backfillMarked && backfill != null) {
            // the backfill's last rows come before a point marked from now on
            backfillMarked = true;
            catchUp.markAgain();
          }
          if (backfilled && catchUp.caughtUp()) {
            log.info(
                "flow {} is caught up after {} empty read(s) in a row: stopping",
                flow.name(),
                emptyReads);
            progress.summary(rows, lastCheckpoint);
            return true;
          }
        }
      } else {
        emptyReads = 0;
        deliver(records);
      }
      long now = System.nanoTime();
      if (now - lastCommit >= options.commitInterval().toNanos()
          || pending.groups() > MAX_PENDING_GROUPS) {
        if (!commit()
            && pending.endsResumable()
            && (pending.groups() > MAX_PENDING_GROUPS || now - lastForced >= forceNanos)) {
          drain();
          lastForced = now;
        }
        lastCommit = now;
      }
      progress.tick(rows, lastCheckpoint, pending.oldestTimestamp());
      progress.measure(rows, pending.oldestTimestamp(), streaming);
    }
    drain();
    progress.summary(rows, lastCheckpoint);
    return false;
  }

  /**
   * True once the source has copied the tables of this run's backfill.
   *
   * @throws FlowRunException when the stream passed the signal row without the source seeing it
   */
  private boolean backfillDone() {
    Optional<List<String>> outcome = task.backfillOutcome(backfill.id());
    if (outcome.isPresent()) {
      if (backfillSkipped.isEmpty() && !outcome.get().isEmpty()) {
        log.error("flow {}: the backfill skipped {}", flow.name(), outcome.get());
      }
      backfillSkipped = outcome.get();
      return true;
    }
    if (!task.signalSeen(backfill.id()) && signalArrival.caughtUp()) {
      throw new FlowRunException(
          "the source streamed past backfill signal "
              + backfill.id()
              + " without reading it; check that its signal table is in the publication and"
              + " that no other connector reads the same slot");
    }
    return false;
  }

  private void deliver(List<SourceRecord> records) {
    long first = nextSequence;
    for (SourceRecord record : records) {
      pending.add(nextSequence++, record);
    }
    for (Destination destination : destinations) {
      destination.deliver(records, first);
    }
    rows += records.size();
    Map<String, ?> lastOffset = records.get(records.size() - 1).sourceOffset();
    streaming |= !SourceOffsets.isSnapshot(lastOffset);
  }

  /**
   * Makes everything delivered durable and commits it, when the last record handed over is one a
   * restart can resume after (not in the middle of a snapshot chunk).
   */
  private void drain() {
    if (pending.isEmpty()) {
      return;
    }
    destinations.forEach(Destination::flush);
    commit();
  }

  /**
   * Stores and acknowledges what every destination has made durable, up to the last record a
   * restart can resume after. Where destinations are durable beyond that point for some topics, the
   * replay must number the records after it as this run did: so the rows after it must be streamed
   * changes (a snapshot re-reads differently), or the commit waits.
   *
   * @return whether something was committed
   */
  private boolean commit() {
    long durable = nextSequence;
    for (Destination destination : destinations) {
      durable = Math.min(durable, destination.durableBefore(nextSequence));
    }
    int count = pending.committable(durable);
    if (count == 0) {
      return false;
    }
    List<PendingAcks.Group> head = pending.peek(count);
    PendingAcks.Group last = head.get(head.size() - 1);
    long sequence = last.last + 1;
    Map<String, Map<String, Long>> marks = new LinkedHashMap<>();
    boolean beyond = false;
    for (Destination destination : destinations) {
      if (destination instanceof S3Destination s3) {
        Map<String, Long> topics = s3.watermarks(sequence);
        marks.put(s3.destinationName(), topics);
        beyond |= !topics.isEmpty();
      }
    }
    if (beyond && pending.tailHasSnapshotRows(count)) {
      return false;
    }
    List<PendingAcks.Group> done = pending.take(count);
    RunnerCheckpoint position =
        new RunnerCheckpoint(copy(last.partition), copy(last.offset), sequence, marks);
    lastCheckpoint = checkpoints.put(position.toCheckpoint(flow.id()), Optional.empty());
    for (Destination destination : destinations) {
      if (destination instanceof S3Destination s3) {
        s3.checkpointStored(sequence, marks.get(s3.destinationName()));
      }
    }
    boolean settled = false;
    for (PendingAcks.Group group : done) {
      SourceRecord acknowledgement = group.acknowledgement();
      for (int i = 0; i < group.count; i++) {
        task.commitRecord(acknowledgement, null);
      }
      for (SourceRecord settlement : group.settlements()) {
        task.commitRecord(settlement, null);
        settled = true;
      }
    }
    try {
      task.commit();
      if (settled) {
        // the checkpoint holding the backfill plans was stored before their records were
        // acknowledged: a second commit tells the task so, and the signals' transactions may be
        // confirmed now rather than at the next checkpoint (which an idle flow may never make)
        task.commit();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return true;
  }

  /**
   * How long changes may wait for the S3 destinations to cut their objects on their own before the
   * runner makes them upload: the destinations' rotate_interval, else a minute. A flow without S3
   * destinations commits every commit interval.
   */
  private Duration forceInterval() {
    Duration interval = null;
    for (Endpoint destination : flow.destinations()) {
      if (destination.type() == EndpointType.S3) {
        Duration rotate =
            destination
                .option(FlowOptions.ROTATE_INTERVAL)
                .map(io.ductstream.controlplane.flow.DurationText::parse)
                .orElse(DEFAULT_FORCE_INTERVAL);
        interval = interval == null || rotate.compareTo(interval) < 0 ? rotate : interval;
      }
    }
    return interval == null ? options.commitInterval() : interval;
  }

  private void openDestinations(
      List<ConnectorConfig> connectors, Map<String, String> sourceConfig) {
    int s3 = 0;
    for (Endpoint destination : flow.destinations()) {
      if (destination.type() == EndpointType.S3) {
        s3++;
        ConnectorConfig sink = connectors.get(s3);
        destinations.add(
            new S3Destination(
                destination.name(),
                ConfigReferences.resolve(sink.config()),
                watermarks.getOrDefault(destination.name(), Map.of()),
                discardFrom,
                pluginMetrics(
                    Map.of(
                        MeterNames.FLOW,
                        flow.name(),
                        MeterNames.DESTINATION,
                        destination.name()))));
      } else if (destination.type() == EndpointType.KAFKA) {
        destinations.add(
            new KafkaDestination(producerSettings(destination, sourceConfig), sourceConfig));
      }
    }
    if (destinations.isEmpty()) {
      throw new FlowRunException(
          "flow \"" + flow.name() + "\" has no destination to run; add an s3 or kafka destination");
    }
  }

  private static Map<String, String> producerSettings(
      Endpoint kafka, Map<String, String> sourceConfig) {
    Map<String, String> settings = new HashMap<>();
    String prefix = "producer.override.";
    sourceConfig.forEach(
        (key, value) -> {
          if (key.startsWith(prefix)) {
            settings.put(key.substring(prefix.length()), value);
          }
        });
    String brokers =
        kafka
            .option(FlowOptions.BROKERS)
            .orElseThrow(
                () ->
                    new FlowRunException(
                        "kafka destination \""
                            + kafka.name()
                            + "\" has no brokers option: the flow runner writes to the brokers it"
                            + " names (on a Kafka Connect cluster the workers' own Kafka is used);"
                            + " add \"brokers\": \"host:9092\" to its options"));
    settings.put("bootstrap.servers", brokers);
    settings.putIfAbsent("client.id", "ductstream-" + kafka.name());
    return settings;
  }

  /**
   * Waits for the source's start; its failure is thrown, unless {@code failed} (the destinations'
   * failure) is already on its way, which then carries it as suppressed. Either way the task, when
   * it started, is there for {@link #closeAll()} to stop.
   */
  private static void awaitStart(CompletableFuture<Void> start, Throwable failed) {
    try {
      start.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (failed != null) {
        failed.addSuppressed(cause);
      } else if (cause instanceof RuntimeException runtime) {
        throw runtime;
      } else if (cause instanceof Error error) {
        throw error;
      } else {
        throw new FlowRunException(reason(cause), cause);
      }
    }
  }

  private void startSource(
      Map<String, String> sourceConfig, OffsetStorageReader offsets, PluginMetrics metrics) {
    PostgresSourceConnector connector = new PostgresSourceConnector();
    connector.initialize(new S3Destination.NoConnectorContext());
    Connectors.validate(connector, sourceConfig, "Postgres source");
    connector.start(sourceConfig);
    Map<String, String> taskConfig;
    try {
      taskConfig = connector.taskConfigs(1).get(0);
    } finally {
      connector.stop();
    }
    PostgresSourceTask task = new PostgresSourceTask();
    // set before start: a task that fails half-way through its start is still stopped by closeAll
    this.task = task;
    taskMetrics.forwardTo(metrics);
    task.initialize(
        new SourceTaskContext() {
          @Override
          public Map<String, String> configs() {
            return taskConfig;
          }

          @Override
          public OffsetStorageReader offsetStorageReader() {
            return offsets;
          }

          @Override
          public PluginMetrics pluginMetrics() {
            return taskMetrics;
          }
        });
    task.start(taskConfig);
  }

  /** Plugin metrics for a task of this run, or null without a registry. */
  private PluginMetrics pluginMetrics(Map<String, String> tags) {
    if (meters == null) {
      return null;
    }
    MicrometerPluginMetrics metrics = new MicrometerPluginMetrics(meters, tags);
    pluginMetrics.add(metrics);
    return metrics;
  }

  /**
   * A start position before the slot's confirmed position cannot be replayed: Postgres has released
   * that WAL. Refused rather than silently started later.
   */
  private static void refuseUnreplayable(PostgresSourceConfig source, String lsn) {
    long requested = LogSequenceNumber.valueOf(lsn).asLong();
    OptionalLong confirmed;
    try (Connection connection = PgConnections.open(source.dsn())) {
      confirmed = CatchUp.confirmed(connection, source.slotName());
    } catch (SQLException e) {
      return; // the source task reports an unreachable database itself
    }
    if (confirmed.isPresent() && Long.compareUnsigned(requested, confirmed.getAsLong()) < 0) {
      throw new FlowRunException(
          "cannot start at "
              + lsn
              + ": replication slot \""
              + source.slotName()
              + "\" has confirmed "
              + LogSequenceNumber.valueOf(confirmed.getAsLong()).asString()
              + " and Postgres keeps no WAL before it; start at or after that position, or copy the"
              + " tables again (ductstream-admin checkpoint reset with snapshot_mode when_needed, or"
              + " drop the slot)");
    }
  }

  private void closeAll() {
    if (task != null) {
      try {
        task.stop();
      } catch (RuntimeException e) {
        log.warn("stopping the source task of flow {}: {}", flow.name(), e.getMessage());
      }
    }
    for (Destination destination : destinations) {
      try {
        destination.close();
      } catch (RuntimeException e) {
        log.warn("closing the {} of flow {}: {}", destination.name(), flow.name(), e.getMessage());
      }
    }
    destinations.clear();
    pluginMetrics.forEach(MicrometerPluginMetrics::close);
    pluginMetrics.clear();
    taskMetrics.close();
  }

  private static Map<String, Object> copy(Map<String, ?> map) {
    return map == null ? Map.of() : new LinkedHashMap<>(map);
  }

  /** The failure's message, with its causes' where it adds to it. */
  static String reason(Throwable e) {
    StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
    Throwable cause = e.getCause();
    while (cause != null && cause != e) {
      String message = cause.getMessage();
      if (message != null && !text.toString().contains(message)) {
        text.append(": ").append(message);
      }
      cause = cause.getCause();
    }
    return text.toString();
  }
}
