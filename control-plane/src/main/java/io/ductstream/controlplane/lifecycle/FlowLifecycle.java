package io.ductstream.controlplane.lifecycle;

import io.ductstream.controlplane.RequestException;
import io.ductstream.controlplane.checkpoint.ConnectCheckpoints;
import io.ductstream.controlplane.connect.ConnectClient;
import io.ductstream.controlplane.connect.ConnectorState;
import io.ductstream.controlplane.flow.Checkpoint;
import io.ductstream.controlplane.flow.Endpoint;
import io.ductstream.controlplane.flow.FlowAction;
import io.ductstream.controlplane.flow.FlowDefinition;
import io.ductstream.controlplane.flow.FlowState;
import io.ductstream.controlplane.flow.FlowValidator;
import io.ductstream.controlplane.flow.Secrets;
import io.ductstream.controlplane.runtime.FlowRunDispatch;
import io.ductstream.controlplane.runtime.FlowRunners;
import io.ductstream.controlplane.store.CheckpointStore;
import io.ductstream.controlplane.store.FlowStore;
import io.ductstream.controlplane.translate.ConnectorConfig;
import io.ductstream.controlplane.translate.FlowTranslator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates, changes and drives flows: validates them, keeps them in the store and, when a Kafka
 * Connect cluster is configured, applies each change to its connectors first. The store changes
 * only after Connect accepted, so a refused change leaves the flow as it was.
 */
public final class FlowLifecycle {
  private static final Logger log = LoggerFactory.getLogger(FlowLifecycle.class);

  private final FlowStore flows;
  private final CheckpointStore checkpoints;
  private final FlowValidator validator;
  private final FlowTranslator translator;
  private final Optional<ConnectClient> connect;
  private Optional<FlowRunners> runners = Optional.empty();
  private Optional<FlowRunDispatch> oneOffRuns = Optional.empty();
  private Optional<ConnectCheckpoints> connectOffsets = Optional.empty();

  public FlowLifecycle(
      FlowStore flows,
      CheckpointStore checkpoints,
      FlowValidator validator,
      FlowTranslator translator,
      Optional<ConnectClient> connect) {
    this.flows = flows;
    this.checkpoints = checkpoints;
    this.validator = validator;
    this.translator = translator;
    this.connect = connect;
  }

  /**
   * Runs started flows in this process (when no Kafka Connect cluster is configured): StartFlow and
   * ResumeFlow start them, PauseFlow, StopFlow and DeleteFlow end them.
   */
  public FlowLifecycle runningFlowsIn(FlowRunners inProcess) {
    if (connect.isPresent()) {
      throw new IllegalStateException("flows run on the Connect cluster");
    }
    this.runners = Optional.of(inProcess);
    this.oneOffRuns = Optional.of(inProcess);
    return this;
  }

  /** RunFlowOnce dispatches its runs to {@code dispatch} (DBOS's queue) instead. */
  public FlowLifecycle dispatchingRunsTo(FlowRunDispatch dispatch) {
    this.oneOffRuns = Optional.of(dispatch);
    return this;
  }

  /** Forgets a deleted flow's Connect offsets with {@code offsets} before its connectors go. */
  public FlowLifecycle forgettingOffsetsWith(ConnectCheckpoints offsets) {
    this.connectOffsets = Optional.of(offsets);
    return this;
  }

  /**
   * Runs the flow once, until caught up, in this process (through DBOS's queue when enabled).
   *
   * @return false when a run of the flow is already going on (or enqueued)
   * @throws RequestException FAILED_PRECONDITION when the flows run on a Kafka Connect cluster
   */
  public boolean runOnce(String flowId) {
    FlowDefinition flow = flows.require(flowId);
    if (oneOffRuns.isEmpty()) {
      throw RequestException.failedPrecondition(
          "flow \""
              + flowId
              + "\" runs on the Kafka Connect cluster at DUCTSTREAM_CONNECT_URL, which runs it"
              + " continuously; RunFlowOnce runs flows in the API server, which it does when"
              + " DUCTSTREAM_CONNECT_URL is not set");
    }
    validator.validate(flow);
    return oneOffRuns.get().dispatch(flow);
  }

  /** One page of {@link #list}; {@code nextName} is empty on the last page. */
  public record Page(List<FlowDefinition> flows, String nextName) {}

  /**
   * Validates and stores a new flow in state created (a UUID id when it has none), then starts it
   * if asked.
   */
  public FlowDefinition create(FlowDefinition draft, boolean start) {
    FlowDefinition flow =
        (draft.id().isBlank() ? draft.withId(UUID.randomUUID().toString()) : draft)
            .withState(FlowState.CREATED);
    validator.validate(flow);
    FlowDefinition stored = flows.insert(flow);
    log.info("flow {} ({}) created", stored.name(), stored.id());
    if (!start) {
      return stored;
    }
    try {
      return transition(stored.id(), FlowAction.START);
    } catch (RequestException e) {
      throw new RequestException(
          e.kind(),
          "flow \"" + stored.id() + "\" was created but not started: " + e.getMessage(),
          e);
    }
  }

  public FlowDefinition get(String flowId) {
    return flows.require(flowId);
  }

  /** Up to {@code pageSize} flows by name, after the flow named {@code afterName}. */
  public Page list(int pageSize, String afterName) {
    List<FlowDefinition> page = flows.list(pageSize + 1, afterName);
    if (page.size() <= pageSize) {
      return new Page(page, "");
    }
    List<FlowDefinition> shown = page.subList(0, pageSize);
    return new Page(List.copyOf(shown), shown.get(pageSize - 1).name());
  }

  /**
   * Replaces a flow's definition; its id, state and creation time stay, and secrets sent back
   * masked keep their stored values. A flow past created has its connectors updated first (added,
   * changed, removed as the destinations are).
   */
  public FlowDefinition update(FlowDefinition incoming) {
    FlowDefinition current = flows.require(incoming.id());
    if (current.state() != FlowState.CREATED && !incoming.name().equals(current.name())) {
      throw RequestException.failedPrecondition(
          "flow \""
              + current.id()
              + "\" is "
              + current.state()
              + "; its name cannot change once it has started (the name is in its connectors' and"
              + " default slot's names); keep \""
              + current.name()
              + "\" or create a new flow");
    }
    FlowDefinition updated = withStoredSecrets(incoming, current).replacing(current);
    validator.validate(updated);
    if (current.state() != FlowState.CREATED) {
      connect.ifPresent(client -> sync(client, current, updated));
    }
    FlowDefinition stored = flows.update(updated);
    log.info("flow {} ({}) updated", stored.name(), stored.id());
    if (stored.state() == FlowState.RUNNING || stored.state() == FlowState.FAILED) {
      runners.ifPresent(inProcess -> inProcess.start(stored));
    }
    return stored;
  }

  /**
   * Deletes the flow's connectors (their Connect offsets forgotten first, so a new flow of the same
   * name starts afresh), then the flow and its checkpoint; false if it did not exist.
   */
  public boolean delete(String flowId) {
    Optional<FlowDefinition> current = flows.find(flowId);
    if (current.isEmpty()) {
      return false;
    }
    connectOffsets.ifPresent(
        offsets -> offsets.forget(current.get(), connectorNames(current.get())));
    connect.ifPresent(client -> connectorNames(current.get()).forEach(client::delete));
    runners.ifPresent(inProcess -> inProcess.stop(flowId));
    boolean deleted = flows.delete(flowId);
    log.info("flow {} ({}) deleted", current.get().name(), flowId);
    return deleted;
  }

  /**
   * Starts, pauses or resumes the flow: checks the transition, applies it to Kafka Connect, then
   * records the new state.
   */
  public FlowDefinition transition(String flowId, FlowAction action) {
    FlowDefinition current;
    FlowState next;
    FlowDefinition changed;
    for (int attempt = 1; ; attempt++) {
      current = flows.require(flowId);
      next = current.state().require(action, flowId);
      FlowDefinition before = current;
      connect.ifPresent(client -> apply(client, before, action));
      if (action == FlowAction.PAUSE) {
        runners.ifPresent(inProcess -> inProcess.stop(flowId));
      }
      try {
        changed = flows.updateState(flowId, current.state(), next, action.rpcName());
        break;
      } catch (RequestException e) {
        // the flow's runner or reconciler reported a failure or a recovery meanwhile: the action
        // is judged again on the state it left
        if (e.kind() != RequestException.Kind.FAILED_PRECONDITION || attempt == 3) {
          throw e;
        }
      }
    }
    if (next == FlowState.RUNNING) {
      FlowDefinition started = changed;
      runners.ifPresent(inProcess -> inProcess.start(started));
    }
    log.info("flow {} ({}): {} -> {}", changed.name(), flowId, current.state(), next);
    return changed;
  }

  /** The connectors the flow becomes, secrets masked; the flow is validated first. */
  public List<ConnectorConfig> render(FlowDefinition flow) {
    validator.validate(flow);
    return translate(flow).stream().map(ConnectorConfig::masked).toList();
  }

  private void apply(ConnectClient client, FlowDefinition flow, FlowAction action) {
    switch (action) {
      case START, RESUME -> {
        putAll(client, translate(flow));
        for (String name : connectorNames(flow)) {
          if (action == FlowAction.RESUME) {
            client.resume(name);
          }
          if (flow.state() == FlowState.FAILED) {
            client.restartFailed(name);
          }
        }
      }
      case PAUSE -> connectorNames(flow).forEach(client::pause);
    }
  }

  /**
   * Creates or updates every connector; if one is refused, deletes those this call created, so that
   * a flow never runs half its connectors.
   */
  private static void putAll(ConnectClient client, List<ConnectorConfig> connectors) {
    List<String> created = new ArrayList<>();
    try {
      for (ConnectorConfig connector : connectors) {
        boolean existed = !client.status(connector.name()).state().equals(ConnectorState.MISSING);
        client.putConfig(connector);
        if (!existed) {
          created.add(connector.name());
        }
      }
    } catch (RequestException e) {
      for (String name : created) {
        try {
          client.delete(name);
        } catch (RequestException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
  }

  /** Brings the connectors from {@code current}'s to {@code updated}'s. */
  private void sync(ConnectClient client, FlowDefinition current, FlowDefinition updated) {
    List<ConnectorConfig> connectors = translate(updated);
    putAll(client, connectors);
    Set<String> kept = connectors.stream().map(ConnectorConfig::name).collect(Collectors.toSet());
    if (current.state() == FlowState.PAUSED || current.state() == FlowState.STOPPING) {
      kept.forEach(client::pause);
    }
    connectorNames(current).stream().filter(name -> !kept.contains(name)).forEach(client::delete);
  }

  private List<ConnectorConfig> translate(FlowDefinition flow) {
    Optional<String> checkpoint =
        flow.id().isBlank() ? Optional.empty() : checkpoints.find(flow.id()).map(Checkpoint::lsn);
    return translator.translate(flow, checkpoint);
  }

  private List<String> connectorNames(FlowDefinition flow) {
    return translator.translate(flow, Optional.empty()).stream()
        .map(ConnectorConfig::name)
        .toList();
  }

  /**
   * Secrets sent back as {@code ***} take the stored values when the endpoint still names the same
   * server and account; destinations match by name.
   */
  private static FlowDefinition withStoredSecrets(FlowDefinition incoming, FlowDefinition stored) {
    Map<String, Endpoint> storedDestinations = new HashMap<>();
    stored.destinations().forEach(d -> storedDestinations.put(d.name(), d));
    List<Endpoint> destinations = new ArrayList<>();
    for (int i = 0; i < incoming.destinations().size(); i++) {
      Endpoint destination = incoming.destinations().get(i);
      Endpoint previous = storedDestinations.get(destination.name());
      destinations.add(
          previous == null
              ? destination
              : Secrets.keepStored(destination, previous, "destinations[" + i + "].options"));
    }
    return incoming.withEndpoints(
        Secrets.keepStored(incoming.source(), stored.source(), "source.options"), destinations);
  }
}
