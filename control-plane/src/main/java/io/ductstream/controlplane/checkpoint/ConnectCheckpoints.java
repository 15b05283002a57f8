package io.ductstream.controlplane.checkpoint;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.ductstream.contract.pg.PostgresDsn;
import io.ductstream.controlplane.RequestException;
import io.ductstream.controlplane.connect.ConnectClient;
import io.ductstream.controlplane.connect.ConnectorOffset;
import io.ductstream.controlplane.connect.ConnectorState;
import io.ductstream.controlplane.flow.Checkpoint;
import io.ductstream.controlplane.flow.FlowDefinition;
import io.ductstream.controlplane.flow.FlowOptions;
import io.ductstream.controlplane.flow.FlowState;
import io.ductstream.controlplane.flow.OptionRules;
import io.ductstream.controlplane.json.JsonValues;
import io.ductstream.controlplane.store.CheckpointStore;
import io.ductstream.controlplane.translate.FlowTranslator;
import io.ductstream.source.pg.records.SourceOffsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.postgresql.replication.LogSequenceNumber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checkpoints of flows that run on a Kafka Connect cluster, kept in step with the committed
 * offset of each flow's source connector: {@link #sync} copies the offset into the flow's
 * checkpoint row, {@link #move} and {@link #reset} change the offset itself (stop the connector,
 * {@code PATCH} or {@code DELETE} its offsets, bring it back to the state the flow is in), so the
 * next run really starts where the checkpoint says. The three hold a per-flow lock, so a sync never
 * writes back an offset that a move just replaced.
 */
public final class ConnectCheckpoints {
  /** Metadata key naming what wrote the checkpoint. */
  public static final String RUNNER = "runner";

  /** The {@link #RUNNER} of checkpoints kept from Connect's offsets. */
  public static final String CONNECT_RUNNER = "connect";

  /** Metadata key of the source connector's offset (JSON) the checkpoint was read from. */
  public static final String OFFSET = "offset";

  /**
   * How long the stop and the change together may take: well within the API's longest call (60 s)
   * and the admin CLI's deadline (30 s). A stop usually takes well under a second.
   */
  static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

  private static final Logger log = LoggerFactory.getLogger(ConnectCheckpoints.class);

  private final ConnectClient connect;
  private final CheckpointStore store;
  private final FlowTranslator translator;
  private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

  public ConnectCheckpoints(
      ConnectClient connect, CheckpointStore store, FlowTranslator translator) {
    this.connect = connect;
    this.store = store;
    this.translator = translator;
  }

  /**
   * Writes the committed offset of the flow's source connector into its checkpoint when it moved.
   *
   * @return the new checkpoint, or empty when Connect has no offset for it or it did not change
   */
  public Optional<Checkpoint> sync(FlowDefinition flow) {
    return locked(
        flow.id(),
        () -> {
          Optional<ConnectorOffset> offset = committedOffset(flow);
          if (offset.isEmpty()) {
            return Optional.empty();
          }
          long lsn =
              (long) offset.get().offset().getFieldsOrThrow(SourceOffsets.LSN).getNumberValue();
          Checkpoint read =
              new Checkpoint(
                  flow.id(),
                  LogSequenceNumber.valueOf(lsn).asString(),
                  Map.of(
                      RUNNER,
                      CONNECT_RUNNER,
                      OFFSET,
                      JsonValues.printWholeNumbers(
                          Value.newBuilder().setStructValue(offset.get().offset()).build())),
                  Instant.EPOCH);
          Optional<Checkpoint> stored = store.find(flow.id());
          if (stored.isPresent()
              && stored.get().lsn().equals(read.lsn())
              && stored.get().metadata().equals(read.metadata())) {
            return Optional.empty();
          }
          return Optional.of(store.put(read, Optional.empty()));
        });
  }

  /**
   * Sets the offset of the flow's source connector to {@code lsn} (the transaction committed at
   * {@code lsn} and everything before it count as delivered) and stores the checkpoint. A flow
   * whose connector does not exist yet (never started) gets only the stored checkpoint, which its
   * start passes on as {@code start.lsn}.
   */
  public Checkpoint move(FlowDefinition flow, String lsn, Map<String, String> metadata) {
    return locked(
        flow.id(),
        () -> {
          String connector = FlowTranslator.sourceConnectorName(flow.name());
          Map<String, String> stored = new LinkedHashMap<>(metadata);
          if (connect.status(connector).state().equals(ConnectorState.MISSING)) {
            return store.put(
                new Checkpoint(flow.id(), lsn, stored, Instant.EPOCH), Optional.empty());
          }
          String partition = partitionJson(flow);
          String offset =
              "{"
                  + JsonValues.quote(SourceOffsets.LSN)
                  + ":"
                  + LogSequenceNumber.valueOf(lsn).asLong()
                  + "}";
          stored.put(RUNNER, CONNECT_RUNNER);
          stored.put(OFFSET, offset);
          return whileStopped(
              flow,
              connector,
              () -> {
                connect.alterOffset(connector, partition, offset);
                return store.put(
                    new Checkpoint(flow.id(), lsn, stored, Instant.EPOCH), Optional.empty());
              });
        });
  }

  /**
   * Forgets the offsets of the flow's source connector and its stored checkpoint: the next run
   * starts as a first one (a new snapshot, unless the flow's {@code snapshot_mode} says never).
   *
   * @return false if there was no checkpoint and no offset
   */
  public boolean reset(FlowDefinition flow) {
    return locked(
        flow.id(),
        () -> {
          String connector = FlowTranslator.sourceConnectorName(flow.name());
          ConnectorState state = connect.status(connector);
          if (state.state().equals(ConnectorState.MISSING)) {
            return store.delete(flow.id());
          }
          boolean hadOffset = committedOffset(flow).isPresent();
          return whileStopped(
              flow,
              connector,
              () -> {
                connect.resetOffsets(connector);
                // The config may still carry the old checkpoint as start.lsn.
                connect.putConfig(translator.translate(flow, Optional.empty()).get(0));
                return store.delete(flow.id()) || hadOffset;
              });
        });
  }

  /**
   * Forgets the offsets of the flow's connectors before they are deleted with the flow, so that a
   * new flow of the same name (and so the same connector names) starts as a first run instead of
   * inheriting them (Connect keeps offsets by connector name, past the connector's deletion).
   * Connectors Connect does not know are skipped.
   */
  public void forget(FlowDefinition flow, List<String> connectors) {
    locked(
        flow.id(),
        () -> {
          for (String connector : connectors) {
            if (connect.status(connector).state().equals(ConnectorState.MISSING)) {
              continue;
            }
            long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
            connect.stop(connector);
            awaitStopped(connector, deadline);
            retryWhileStopping(
                () -> {
                  connect.resetOffsets(connector);
                  return null;
                },
                deadline);
          }
          return null;
        });
  }

  /**
   * Stops the connector, runs {@code change} (retrying while Connect says the connector has not
   * finished stopping), then resumes or pauses the connector as the flow's state says, whether the
   * change worked or not.
   */
  private <T> T whileStopped(FlowDefinition flow, String connector, Supplier<T> change) {
    long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
    connect.stop(connector);
    RuntimeException failure = null;
    try {
      awaitStopped(connector, deadline);
      return retryWhileStopping(change, deadline);
    } catch (RuntimeException e) {
      failure = e;
      throw e;
    } finally {
      try {
        restore(flow, connector);
      } catch (RuntimeException e) {
        if (failure == null) {
          throw e;
        }
        failure.addSuppressed(e);
      }
    }
  }

  private void restore(FlowDefinition flow, String connector) {
    FlowState state = flow.state();
    if (state == FlowState.PAUSED || state == FlowState.STOPPING || state == FlowState.CREATED) {
      connect.pause(connector);
    } else {
      connect.resume(connector);
    }
    log.info("connector {} of flow {} back to the flow's state {}", connector, flow.id(), state);
  }

  private void awaitStopped(String connector, long deadline) {
    ConnectorState state = connect.status(connector);
    // Its tasks may take a moment longer; retryWhileStopping covers that.
    while (!state.state().equals(ConnectorState.STOPPED)) {
      if (System.nanoTime() > deadline) {
        throw new RequestException(
            RequestException.Kind.UNAVAILABLE,
            "connector "
                + connector
                + " did not stop within "
                + STOP_TIMEOUT.toSeconds()
                + " s (it is "
                + state.state()
                + " with "
                + state.tasks().size()
                + " task(s)); its offsets are unchanged, retry shortly");
      }
      pause();
      state = connect.status(connector);
    }
  }

  /**
   * Connect refuses to change offsets (400) until the stop has reached every worker; that passes.
   */
  private <T> T retryWhileStopping(Supplier<T> change, long deadline) {
    while (true) {
      try {
        return change.get();
      } catch (RequestException e) {
        boolean stopping =
            e.kind() == RequestException.Kind.UNAVAILABLE
                || (e.kind() == RequestException.Kind.FAILED_PRECONDITION
                    && e.getMessage().contains("STOPPED"));
        if (!stopping || System.nanoTime() > deadline) {
          throw e;
        }
        pause();
      }
    }
  }

  private static void pause() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RequestException(
          RequestException.Kind.UNAVAILABLE, "interrupted while waiting for Kafka Connect", e);
    }
  }

  /** The committed offset of the flow's slot, if Connect has one with an LSN. */
  private Optional<ConnectorOffset> committedOffset(FlowDefinition flow) {
    String slot = FlowTranslator.slotName(flow);
    return connect.offsets(FlowTranslator.sourceConnectorName(flow.name())).stream()
        .filter(
            o ->
                o.offset()
                    .getFieldsOrDefault(SourceOffsets.LSN, Value.getDefaultInstance())
                    .hasNumberValue())
        .filter(o -> slot.equals(text(o.partition(), SourceOffsets.SLOT).orElse(slot)))
        .findFirst();
  }

  /**
   * The source partition as the connector writes it, {@code {"database": ..., "slot": ...}} in that
   * order: from the committed offset when there is one, else from the flow's source.
   */
  private String partitionJson(FlowDefinition flow) {
    String slot = FlowTranslator.slotName(flow);
    String database =
        committedOffset(flow)
            .flatMap(o -> text(o.partition(), SourceOffsets.DATABASE))
            .orElseGet(() -> databaseOf(flow));
    return "{"
        + JsonValues.quote(SourceOffsets.DATABASE)
        + ":"
        + JsonValues.quote(database)
        + ","
        + JsonValues.quote(SourceOffsets.SLOT)
        + ":"
        + JsonValues.quote(slot)
        + "}";
  }

  private static String databaseOf(FlowDefinition flow) {
    Optional<String> dsn = flow.source().option(FlowOptions.DSN);
    String database =
        dsn.isPresent() && !OptionRules.hasReference(dsn.get())
            ? PostgresDsn.read(dsn.get()).database()
            : flow.source().option(FlowOptions.DATABASE).orElse("");
    if (database.isEmpty() || OptionRules.hasReference(database)) {
      throw RequestException.failedPrecondition(
          "flow \""
              + flow.id()
              + "\" has no committed offset yet and its source names its database through a"
              + " config provider reference, which only the Kafka Connect worker resolves; let the"
              + " flow run until it has an offset, then move its checkpoint");
    }
    return database;
  }

  private static Optional<String> text(Struct struct, String field) {
    Value value = struct.getFieldsOrDefault(field, Value.getDefaultInstance());
    return value.hasStringValue() ? Optional.of(value.getStringValue()) : Optional.empty();
  }

  private <T> T locked(String flowId, Supplier<T> work) {
    ReentrantLock lock = locks.computeIfAbsent(flowId, id -> new ReentrantLock());
    lock.lock();
    try {
      return work.get();
    } finally {
      lock.unlock();
    }
  }
}
