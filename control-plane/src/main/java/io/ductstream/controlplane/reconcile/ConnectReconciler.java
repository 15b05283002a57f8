package io.ductstream.controlplane.reconcile;

import io.ductstream.controlplane.RequestException;
import io.ductstream.controlplane.checkpoint.ConnectCheckpoints;
import io.ductstream.controlplane.connect.ConnectClient;
import io.ductstream.controlplane.connect.ConnectorState;
import io.ductstream.controlplane.flow.FlowDefinition;
import io.ductstream.controlplane.flow.FlowState;
import io.ductstream.controlplane.health.FlowHealth;
import io.ductstream.controlplane.store.FlowStore;
import io.ductstream.controlplane.store.StoreException;
import io.ductstream.controlplane.translate.ConnectorConfig;
import io.ductstream.controlplane.translate.FlowTranslator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the stored state of flows on a Kafka Connect cluster tell the truth: every interval it
 * reads the status of each running, failed or DDL-gated flow's connectors; a FAILED connector or
 * task fails the flow with Connect's reason, and a failed flow whose connectors and tasks all run
 * again is running again ({@link FlowHealth}). It also copies each such flow's committed source
 * offset into its checkpoint ({@link ConnectCheckpoints#sync}). A Connect cluster it cannot reach
 * changes no flow: that is Connect's outage, reported by the flow status, not the flow's failure.
 */
public final class ConnectReconciler implements AutoCloseable {
  static final int PAGE_SIZE = 100;
  private static final Set<FlowState> WATCHED =
      Set.of(FlowState.RUNNING, FlowState.FAILED, FlowState.AWAITING_DDL_APPROVAL);

  private static final Logger log = LoggerFactory.getLogger(ConnectReconciler.class);

  private final FlowStore flows;
  private final FlowTranslator translator;
  private final ConnectClient connect;
  private final FlowHealth health;
  private final ConnectCheckpoints checkpoints;
  private final Duration interval;
  private ScheduledExecutorService timer;
  private String lastProblem = "";

  public ConnectReconciler(
      FlowStore flows,
      FlowTranslator translator,
      ConnectClient connect,
      FlowHealth health,
      ConnectCheckpoints checkpoints,
      Duration interval) {
    this.flows = flows;
    this.translator = translator;
    this.connect = connect;
    this.health = health;
    this.checkpoints = checkpoints;
    this.interval = interval;
  }

  /** Runs {@link #reconcileAll()} every interval on a daemon thread, the first time right away. */
  public synchronized void start() {
    if (timer != null) {
      throw new IllegalStateException("the reconciler is already started");
    }
    timer =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "ductstream-connect-reconciler");
              thread.setDaemon(true);
              return thread;
            });
    timer.scheduleWithFixedDelay(
        this::reconcileAllLogged, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    log.info(
        "reconciling flows with Kafka Connect at {} every {} s",
        connect.maskedUrl(),
        interval.toSeconds());
  }

  /** One pass over every watched flow. */
  public void reconcileAll() {
    String after = "";
    while (true) {
      List<FlowDefinition> page = flows.list(PAGE_SIZE, after);
      for (FlowDefinition flow : page) {
        if (WATCHED.contains(flow.state())) {
          reconcileOne(flow);
        }
      }
      if (page.size() < PAGE_SIZE) {
        return;
      }
      after = page.get(page.size() - 1).name();
    }
  }

  /** An unreachable Connect cluster ends the pass; another flow's problem does not. */
  private void reconcileOne(FlowDefinition flow) {
    try {
      reconcile(flow);
    } catch (RequestException e) {
      if (e.kind() == RequestException.Kind.UNAVAILABLE) {
        throw e;
      }
      log.warn("cannot reconcile flow {} ({}): {}", flow.name(), flow.id(), e.getMessage());
    }
  }

  /** The flow's health from its connectors' states, then its checkpoint from their offsets. */
  void reconcile(FlowDefinition flow) {
    List<ConnectorState> states = new ArrayList<>();
    for (ConnectorConfig connector : translator.translate(flow, Optional.empty())) {
      states.add(connect.status(connector.name()));
    }
    Optional<String> failure =
        states.stream().map(ConnectorState::failure).flatMap(Optional::stream).findFirst();
    if (failure.isPresent()) {
      health.failed(flow.id(), failure.get());
    } else if (states.stream().allMatch(ConnectorState::running)) {
      health.recovered(flow.id());
    }
    try {
      checkpoints.sync(flow);
    } catch (RequestException e) {
      if (e.kind() != RequestException.Kind.NOT_FOUND) {
        throw e;
      }
      // the flow was deleted during the pass
    }
  }

  /** A failed pass is logged once per distinct problem and tried again next interval. */
  private void reconcileAllLogged() {
    try {
      reconcileAll();
      if (!lastProblem.isEmpty()) {
        log.info("reconciling flows with Kafka Connect works again");
        lastProblem = "";
      }
    } catch (RequestException | StoreException e) {
      if (!e.getMessage().equals(lastProblem)) {
        log.warn("cannot reconcile flows with Kafka Connect: {}", e.getMessage());
        lastProblem = e.getMessage();
      }
    } catch (RuntimeException e) {
      log.error("reconciling flows with Kafka Connect failed", e);
    }
  }

  @Override
  public synchronized void close() {
    if (timer == null) {
      return;
    }
    timer.shutdownNow();
    try {
      if (!timer.awaitTermination(30, TimeUnit.SECONDS)) {
        log.warn("the Kafka Connect reconciler did not stop within 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    timer = null;
  }
}
