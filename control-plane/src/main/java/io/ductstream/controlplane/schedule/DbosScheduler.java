package io.ductstream.controlplane.schedule;

import dev.dbos.transact.DBOS;
import dev.dbos.transact.StartWorkflowOptions;
import dev.dbos.transact.config.DBOSConfig;
import dev.dbos.transact.exceptions.DBOSQueueDuplicatedException;
import dev.dbos.transact.workflow.Queue;
import dev.dbos.transact.workflow.Workflow;
import dev.dbos.transact.workflow.WorkflowClassName;
import dev.dbos.transact.workflow.WorkflowSchedule;
import io.ductstream.contract.pg.PostgresDsn;
import io.ductstream.controlplane.Causes;
import io.ductstream.controlplane.RequestException;
import io.ductstream.controlplane.flow.FlowDefinition;
import io.ductstream.controlplane.flow.RunTrigger;
import io.ductstream.controlplane.runtime.FlowRunDispatch;
import io.ductstream.controlplane.store.StoreException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flow runs as durable DBOS workflows: the one class that uses the DBOS Transact SDK. A {@code
 * runFlow} workflow records its start, runs the flow until caught up and records how it ended
 * (three steps, {@link FlowRunSteps}); runs wait on the queue {@code DUCTSTREAM_DBOS_QUEUE},
 * deduplicated by flow id, so a flow has at most one run enqueued or in flight. With a schedule,
 * each tick's workflow enqueues a run for every flow that should run. DBOS keeps its tables in the
 * store database (schema {@code dbos}) and, at start, resumes the runs a dead server left: the flow
 * goes on from its checkpoint.
 */
public final class DbosScheduler implements FlowRunDispatch, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DbosScheduler.class);

  /** DBOS's names of our workflows; kept across versions, as pending runs are stored by them. */
  static final String WORKFLOWS_CLASS = "ductstream.FlowRuns";

  static final String RUN_FLOW = "runFlow";
  static final String ENQUEUE_SCHEDULED_RUNS = "enqueueScheduledRuns";
  static final String SCHEDULE_NAME = "ductstream-flow-runs";

  /**
   * DBOS resumes only the pending workflows of its own application version; a fixed one lets a
   * newer DuctStream resume the runs an older one left. Change it only if the steps of runFlow
   * change.
   */
  static final String APP_VERSION = "ductstream-flow-runs-1";

  private final Settings settings;
  private final PostgresDsn store;
  private final DBOS dbos;
  private final Queue queue;
  private final FlowRunWorkflows workflows;
  private volatile boolean launched;

  /** The workflows' interface: DBOS's proxy makes each call a durable workflow. */
  public interface FlowRunWorkflows {
    String runFlow(String flowId, String trigger) throws InterruptedException;

    void enqueueScheduledRuns(Instant scheduled, Object context);
  }

  /**
   * What the server's DBOS settings say (config.DbosSettings, checked when they are read).
   *
   * @param schedule the 6-field cron, or empty for runs by RunFlowOnce only
   */
  public record Settings(String appName, String queueName, Optional<String> schedule) {}

  /** Registers the workflows and the queue; {@link #launch()} starts DBOS. */
  public DbosScheduler(Settings settings, PostgresDsn store, FlowRunSteps steps) {
    this.settings = settings;
    this.store = store;
    this.dbos =
        new DBOS(
            DBOSConfig.defaults(settings.appName())
                .withDatabaseUrl(store.jdbcUrl())
                .withDbUser(store.user())
                .withDbPassword(store.password())
                .withAppVersion(APP_VERSION));
    this.queue = new Queue(settings.queueName());
    dbos.registerQueue(queue);
    this.workflows = dbos.registerProxy(FlowRunWorkflows.class, new Workflows(steps));
  }

  /**
   * Starts DBOS (its tables are created or migrated first; runs a dead server left are resumed),
   * then puts the schedule in place, or removes one an earlier start left.
   *
   * @throws StoreException when DBOS cannot start on the store
   */
  public void launch() {
    try {
      dbos.launch();
    } catch (RuntimeException e) {
      throw new StoreException(
          "cannot start DBOS ("
              + "DUCTSTREAM_DBOS_ENABLED"
              + ") on the store at "
              + store.masked()
              + ": "
              + Causes.firstLine(e)
              + "; DBOS keeps its tables in schema dbos there and needs the uuid-ossp extension",
          e);
    }
    launched = true;
    if (settings.schedule().isPresent()) {
      dbos.applySchedules(
          new WorkflowSchedule(
              SCHEDULE_NAME, ENQUEUE_SCHEDULED_RUNS, WORKFLOWS_CLASS, settings.schedule().get()));
      log.info(
          "DBOS {}: flow runs on queue {}, every running flow on schedule \"{}\"",
          settings.appName(),
          settings.queueName(),
          settings.schedule().get());
    } else {
      if (dbos.getSchedule(SCHEDULE_NAME).isPresent()) {
        dbos.deleteSchedule(SCHEDULE_NAME);
      }
      log.info(
          "DBOS {}: flow runs on queue {} when RunFlowOnce asks (no schedule)",
          settings.appName(),
          settings.queueName());
    }
  }

  /**
   * Enqueues one durable run of the flow.
   *
   * @return false when a run of it is enqueued or in flight already
   * @throws RequestException UNAVAILABLE while DBOS is starting (the API serves before it is up)
   */
  @Override
  public boolean dispatch(FlowDefinition flow) {
    if (!launched) {
      throw new RequestException(
          RequestException.Kind.UNAVAILABLE,
          "DBOS is still starting (its tables in the store are being created or migrated); call"
              + " RunFlowOnce again in a moment");
    }
    return enqueue(flow.id(), RunTrigger.RUN_ONCE);
  }

  private boolean enqueue(String flowId, RunTrigger trigger) {
    try {
      dbos.startWorkflow(
          () -> workflows.runFlow(flowId, trigger.storeName()),
          new StartWorkflowOptions(queue).withDeduplicationId(flowId));
      return true;
    } catch (DBOSQueueDuplicatedException e) {
      log.debug("flow {}: a run is enqueued or in flight already", flowId);
      return false;
    }
  }

  /** Stops DBOS: no more ticks or dequeues; runs in flight resume at the next start. */
  @Override
  public void close() {
    dbos.shutdown();
  }

  @WorkflowClassName(WORKFLOWS_CLASS)
  private final class Workflows implements FlowRunWorkflows {
    private final FlowRunSteps steps;

    Workflows(FlowRunSteps steps) {
      this.steps = steps;
    }

    @Override
    @Workflow(name = RUN_FLOW)
    public String runFlow(String flowId, String trigger) throws InterruptedException {
      String runId = DBOS.workflowId();
      RunTrigger cause = RunTrigger.fromStoreName(trigger);
      dbos.runStep(() -> steps.started(runId, flowId, cause), "recordStart");
      FlowRunSteps.Result result =
          dbos.runStep(() -> steps.run(runId, flowId, cause), "runUntilCaughtUp");
      dbos.runStep(() -> steps.finished(runId, result), "recordEnd");
      log.info(
          "flow {} run {} ({}): {}, {} rows{}",
          flowId,
          runId,
          trigger,
          result.status().storeName(),
          result.rows(),
          result.error().isEmpty() ? "" : ": " + result.error());
      return result.status().storeName();
    }

    @Override
    @Workflow(name = ENQUEUE_SCHEDULED_RUNS)
    public void enqueueScheduledRuns(Instant scheduled, Object context) {
      List<String> flowIds = dbos.runStep(steps::flowsToRun, "listFlowsToRun");
      for (String flowId : flowIds) {
        if (!enqueue(flowId, RunTrigger.SCHEDULE)) {
          log.debug("flow {}: its run is still in flight at the tick of {}", flowId, scheduled);
        }
      }
    }
  }
}
