package io.ductstream.controlplane.runtime;

import io.ductstream.contract.pg.PostgresDsn;
import io.ductstream.controlplane.flow.FlowDefinition;
import io.ductstream.controlplane.flow.FlowState;
import io.ductstream.controlplane.health.FlowHealth;
import io.ductstream.controlplane.store.CheckpointStore;
import io.ductstream.controlplane.store.FlowLease;
import io.ductstream.controlplane.store.FlowStore;
import io.ductstream.controlplane.translate.FlowTranslator;
import io.ductstream.metrics.MeterNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API server's flows when no Kafka Connect cluster runs them: each started flow runs in a
 * thread of this process with a {@link FlowRunner}, holding the flow's lease. A run that fails
 * moves the flow to {@code failed} with the reason and is tried again with a growing pause; once it
 * runs again the flow is {@code running} again. Pause, stop and delete end the run (it drains and
 * checkpoints first); the server's restart starts again every flow in state running or failed.
 *
 * <p>With DBOS ({@link StartedFlows#LEFT_TO_SCHEDULED_RUNS}) started flows are not run here
 * continuously: DBOS runs them on its schedule and on RunFlowOnce with {@link #runUntilCaughtUp},
 * one run at a time per flow, which pause, stop and delete end as before.
 */
public final class FlowRunners implements FlowRunDispatch, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FlowRunners.class);
  private static final Duration FIRST_RETRY = Duration.ofSeconds(5);
  private static final Duration LAST_RETRY = Duration.ofMinutes(2);
  private static final Duration STOP_WAIT = Duration.ofSeconds(60);

  private final FlowStore flows;
  private final CheckpointStore checkpoints;
  private final FlowTranslator translator;
  private final PostgresDsn store;
  private final int runOnceMaxEmptyReads;
  private final Map<String, Run> runs = new ConcurrentHashMap<>();
  private final FlowHealth health;
  private final StartedFlows startedFlows;

  /** Who runs the flows in state running. */
  public enum StartedFlows {
    /** This class, each in a thread until paused. */
    RUN_CONTINUOUSLY,
    /** Scheduled runs until caught up (DBOS), through {@link #runUntilCaughtUp}. */
    LEFT_TO_SCHEDULED_RUNS
  }

  private MeterRegistry meters = new CompositeMeterRegistry(); // none: counts go nowhere

  public FlowRunners(
      FlowStore flows,
      CheckpointStore checkpoints,
      FlowTranslator translator,
      PostgresDsn store,
      int runOnceMaxEmptyReads) {
    this(
        flows, checkpoints, translator, store, runOnceMaxEmptyReads, StartedFlows.RUN_CONTINUOUSLY);
  }

  public FlowRunners(
      FlowStore flows,
      CheckpointStore checkpoints,
      FlowTranslator translator,
      PostgresDsn store,
      int runOnceMaxEmptyReads,
      StartedFlows startedFlows) {
    this.startedFlows = startedFlows;
    this.flows = flows;
    this.checkpoints = checkpoints;
    this.translator = translator;
    this.store = store;
    this.runOnceMaxEmptyReads = runOnceMaxEmptyReads;
    this.health = new FlowHealth(flows);
  }

  /**
   * The registry for the flows' meters: their tasks' plugin metrics and {@link
   * MeterNames#TASK_RESTARTS}. Set before any flow starts.
   */
  public FlowRunners meters(MeterRegistry registry) {
    this.meters = registry;
    return this;
  }

  /**
   * Starts every flow the store says should run (running, or failed: tried again). A store it
   * cannot read (e.g. secrets encrypted with another key) is logged: the API still serves.
   */
  public void startStored() {
    if (startedFlows == StartedFlows.LEFT_TO_SCHEDULED_RUNS) {
      return;
    }
    try {
      startStoredFlows();
    } catch (RuntimeException e) {
      log.error("cannot start the stored flows: {}", e.getMessage());
    }
  }

  private void startStoredFlows() {
    String after = "";
    while (true) {
      List<FlowDefinition> page = flows.list(100, after);
      for (FlowDefinition flow : page) {
        if (flow.state() == FlowState.RUNNING || flow.state() == FlowState.FAILED) {
          start(flow);
        }
      }
      if (page.size() < 100) {
        return;
      }
      after = page.get(page.size() - 1).name();
    }
  }

  /**
   * Runs the flow until stopped (a run already going on for it is stopped first); with scheduled
   * runs, leaves it to them.
   */
  public void start(FlowDefinition flow) {
    if (startedFlows == StartedFlows.LEFT_TO_SCHEDULED_RUNS) {
      return;
    }
    stop(flow.id());
    Run run = new Run(flow, RunOptions.continuous(), true);
    runs.put(flow.id(), run);
    run.thread.start();
  }

  /**
   * Runs the flow once, until caught up, unless a run of it is going on.
   *
   * @return false when a run of the flow is already going on
   */
  @Override
  public boolean dispatch(FlowDefinition flow) {
    return startOnce(flow).isPresent();
  }

  /**
   * Runs the flow once until caught up, as {@link #dispatch} does, and waits for its end. An
   * interrupted wait stops the run (it drains and checkpoints) and is passed on.
   *
   * @return how the run ended; empty when a run of the flow was already going on
   */
  public Optional<RunEnd> runUntilCaughtUp(FlowDefinition flow) throws InterruptedException {
    Optional<Run> started = startOnce(flow);
    if (started.isEmpty()) {
      return Optional.empty();
    }
    Run run = started.get();
    try {
      run.thread.join();
    } catch (InterruptedException e) {
      if (runs.remove(flow.id(), run)) {
        run.stop();
      }
      throw e;
    }
    // no end recorded: stopped before it started streaming, or interrupted
    return Optional.of(
        run.end != null ? run.end : new RunEnd(RunEnd.Kind.STOPPED, 0, Optional.empty(), ""));
  }

  /** Starts a run of the flow until caught up, unless a run of it goes on. */
  private Optional<Run> startOnce(FlowDefinition flow) {
    Run run = new Run(flow, RunOptions.untilCaughtUp(runOnceMaxEmptyReads), false);
    if (runs.putIfAbsent(flow.id(), run) != null) {
      return Optional.empty();
    }
    run.thread.start();
    return Optional.of(run);
  }

  /** True while a run of the flow goes on in this process. */
  public boolean running(String flowId) {
    return runs.containsKey(flowId);
  }

  /** The last failure of the flow's run in this process, if its last attempt failed. */
  public Optional<String> lastError(String flowId) {
    Run run = runs.get(flowId);
    return run == null ? Optional.empty() : Optional.ofNullable(run.lastError);
  }

  /** Where the flow's run in this process is, if one goes on. */
  public Optional<RunProgress> progress(String flowId) {
    Run run = runs.get(flowId);
    FlowRunner runner = run == null ? null : run.runner;
    return runner == null ? Optional.empty() : Optional.of(runner.progress());
  }

  /** Ends the flow's run, if any: it drains and checkpoints, then this returns. */
  public void stop(String flowId) {
    Run run = runs.remove(flowId);
    if (run != null) {
      run.stop();
    }
  }

  @Override
  public void close() {
    List.copyOf(runs.keySet()).forEach(this::stop);
  }

  private final class Run implements Runnable {
    final FlowDefinition flow;
    final RunOptions options;
    final boolean continuous;
    final Thread thread;
    volatile boolean stopped;
    volatile FlowRunner runner;
    volatile String lastError;
    volatile RunEnd end;

    Run(FlowDefinition flow, RunOptions options, boolean continuous) {
      this.flow = flow;
      this.options = options;
      this.continuous = continuous;
      this.thread = new Thread(this, "ductstream-flow-" + flow.name());
      // a flow that had failed when it was last run is running again once its run streams
      this.lastError = flow.state() == FlowState.FAILED ? "failed before" : null;
    }

    @Override
    public void run() {
      Duration pause = FIRST_RETRY;
      Counter restarts =
          Counter.builder(MeterNames.counterBase(MeterNames.TASK_RESTARTS))
              .description("Runs of the flow started again after a failure")
              .tag(MeterNames.FLOW, flow.name())
              .register(meters);
      boolean retry = false;
      try {
        while (!stopped) {
          if (retry) {
            restarts.increment();
          }
          retry = true;
          try (FlowLease lease =
              FlowLease.acquire(store, flow.id(), FlowLease.holderName("ductstream"))) {
            FlowRunner current =
                new FlowRunner(flow, options, translator, checkpoints)
                    .onStarted(this::recovered)
                    .meters(meters);
            runner = current;
            if (stopped) {
              return;
            }
            FlowRunner.Summary summary = current.run();
            log.info(
                "flow {} ({}) run ended: {} rows, checkpoint {}",
                flow.name(),
                flow.id(),
                summary.rows(),
                summary.checkpointLsn().orElse("unchanged"));
            end = RunEnd.of(summary);
            if (!continuous || stopped) {
              return;
            }
          } catch (FlowLease.HeldException e) {
            if (!continuous) {
              // a one-off run has nothing to do while another process runs the flow
              log.info("flow {} ({}) not run: {}", flow.name(), flow.id(), e.getMessage());
              end = new RunEnd(RunEnd.Kind.HELD_ELSEWHERE, 0, Optional.empty(), e.getMessage());
              return;
            }
            failed(e.getMessage());
          } catch (FlowRunException e) {
            failed(e.getMessage());
            if (!continuous) {
              return;
            }
          } catch (RuntimeException e) {
            failed(FlowRunner.reason(e));
            if (!continuous) {
              return;
            }
          }
          sleep(pause);
          pause =
              pause.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : pause.multipliedBy(2);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        runs.remove(flow.id(), this);
      }
    }

    void stop() {
      stopped = true;
      FlowRunner current = runner;
      if (current != null) {
        current.stop();
      }
      try {
        thread.join(STOP_WAIT.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private void sleep(Duration pause) throws InterruptedException {
      long until = System.nanoTime() + pause.toNanos();
      while (!stopped && System.nanoTime() < until) {
        TimeUnit.MILLISECONDS.sleep(Math.min(250, pause.toMillis()));
      }
    }

    private void failed(String reason) {
      lastError = reason;
      end = new RunEnd(RunEnd.Kind.FAILED, 0, Optional.empty(), reason);
      log.error("flow {} ({}) failed: {}", flow.name(), flow.id(), reason);
      if (stopped) {
        return;
      }
      try {
        health.failed(flow.id(), reason);
      } catch (RuntimeException e) {
        log.warn("could not record the failure of flow {}: {}", flow.id(), e.getMessage());
      }
    }

    private void recovered() {
      if (lastError == null) {
        return;
      }
      lastError = null;
      try {
        health.recovered(flow.id());
      } catch (RuntimeException e) {
        log.warn("could not record the recovery of flow {}: {}", flow.id(), e.getMessage());
      }
    }
  }
}
