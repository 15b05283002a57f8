package io.ductstream.controlplane.cli;

import io.ductstream.contract.pg.PostgresDsn;
import io.ductstream.controlplane.flow.FlowDefinition;
import io.ductstream.controlplane.flow.FlowState;
import io.ductstream.controlplane.health.FlowHealth;
import io.ductstream.controlplane.metrics.ProcessMetrics;
import io.ductstream.controlplane.runtime.FlowRunException;
import io.ductstream.controlplane.runtime.FlowRunner;
import io.ductstream.controlplane.runtime.RunEnd;
import io.ductstream.controlplane.runtime.RunOptions;
import io.ductstream.controlplane.store.CheckpointStore;
import io.ductstream.controlplane.store.FlowLease;
import io.ductstream.controlplane.store.FlowStore;
import io.ductstream.controlplane.translate.FlowTranslator;
import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ductstream-worker}'s run of one flow: takes the flow's lease, runs it until caught up (max
 * empty reads) or SIGTERM (which drains, checkpoints and exits 0), and records a failure in the
 * flow's state before exiting non-zero with the reason.
 */
final class FlowProcess {
  private static final Logger log = LoggerFactory.getLogger(FlowProcess.class);

  private FlowProcess() {}

  static int run(
      FlowDefinition flow,
      RunOptions options,
      FlowTranslator translator,
      CheckpointStore checkpoints,
      FlowStore flows,
      PostgresDsn store,
      ProcessMetrics metrics,
      PrintWriter out) {
    FlowLease lease;
    try {
      lease = FlowLease.acquire(store, flow.id(), FlowLease.holderName("ductstream-worker"));
    } catch (FlowLease.HeldException e) {
      throw new CommandFailure(e.getMessage());
    }
    markRunning(flows, flow);
    FlowRunner runner =
        new FlowRunner(flow, options, translator, checkpoints)
            .onStarted(() -> recovered(flows, flow.id()))
            .meters(metrics.registry());
    CountDownLatch finished = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              log.info("stopping flow {}: draining, then storing the checkpoint", flow.name());
              runner.stop();
              try {
                finished.await(60, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "ductstream-worker-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try (lease) {
      FlowRunner.Summary summary = runner.run();
      log.info(
          "flow {} ({}) stopped{}: {} rows, checkpoint {}",
          flow.name(),
          flow.id(),
          summary.caughtUp() ? " caught up" : "",
          summary.rows(),
          summary.checkpointLsn().orElse("unchanged"));
      if (!summary.backfillSkipped().isEmpty()) {
        throw new CommandFailure(
            "the backfill of flow \""
                + flow.name()
                + "\" could not copy "
                + String.join("; ", summary.backfillSkipped()));
      }
      summary
          .heldByDdlEvent()
          .ifPresent(
              event -> {
                out.println(RunEnd.heldMessage(event));
                out.flush();
              });
      return 0;
    } catch (FlowRunException e) {
      markFailed(flows, flow.id(), e.getMessage());
      throw new CommandFailure("flow \"" + flow.name() + "\" failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CommandFailure("flow \"" + flow.name() + "\" was interrupted", e);
    } finally {
      finished.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running: it waits for the latch just released
      }
    }
  }

  /**
   * A flow never started through the API is running once a worker runs it, so its failures and
   * recoveries show in its state like those of a started flow.
   */
  private static void markRunning(FlowStore flows, FlowDefinition flow) {
    if (flow.state() != FlowState.CREATED) {
      return;
    }
    try {
      flows.updateState(
          flow.id(), FlowState.CREATED, FlowState.RUNNING, "run by ductstream-worker");
    } catch (RuntimeException e) {
      log.warn("could not record that flow {} runs: {}", flow.id(), e.getMessage());
    }
  }

  /** A failed flow that runs again is running again. */
  private static void recovered(FlowStore flows, String flowId) {
    try {
      new FlowHealth(flows).recovered(flowId);
    } catch (RuntimeException e) {
      log.warn("could not record the recovery of flow {}: {}", flowId, e.getMessage());
    }
  }

  /** Records the failure on a flow that was meant to run; other states are left alone. */
  private static void markFailed(FlowStore flows, String flowId, String reason) {
    try {
      new FlowHealth(flows).failed(flowId, reason);
    } catch (RuntimeException e) {
      log.warn("could not record the failure of flow {}: {}", flowId, e.getMessage());
    }
  }
}
