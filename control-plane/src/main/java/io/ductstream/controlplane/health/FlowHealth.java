package io.ductstream.controlplane.health;

import io.ductstream.controlplane.RequestException;
import io.ductstream.controlplane.flow.Endpoint;
import io.ductstream.controlplane.flow.FlowDefinition;
import io.ductstream.controlplane.flow.FlowState;
import io.ductstream.controlplane.flow.Secrets;
import io.ductstream.controlplane.store.FlowStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a flow's runner (the Kafka Connect reconciler, the in-process runner) reports about the
 * flow: it failed, or it runs again. Each report moves the flow's state in the store, with the
 * reason in {@code flow_state_events}, only when the state machine allows it ({@link
 * FlowState#afterFailure()}, {@link FlowState#afterRecovery()}); a report that changes nothing (a
 * paused flow's failure, a running flow's recovery, a flow deleted meanwhile) is ignored.
 */
public final class FlowHealth {
  /** The reason recorded when a failed flow runs again. */
  public static final String RECOVERED = "recovered: every part of the flow runs again";

  /** Reasons are cut to this many characters: they are one line, not a stack trace. */
  static final int MAX_REASON = 1000;

  private static final Logger log = LoggerFactory.getLogger(FlowHealth.class);

  private final FlowStore flows;

  public FlowHealth(FlowStore flows) {
    this.flows = flows;
  }

  /**
   * Moves the flow to failed with {@code reason} (secrets of the flow masked, one line), if it is
   * running or awaiting DDL approval.
   *
   * @return the flow in its new state, or empty if the report changed nothing
   */
  public Optional<FlowDefinition> failed(String flowId, String reason) {
    Optional<FlowDefinition> current = flows.find(flowId);
    if (current.isEmpty() || current.get().state().afterFailure().isEmpty()) {
      return Optional.empty();
    }
    FlowDefinition flow = current.get();
    String recorded = "failed: " + oneLine(Secrets.scrub(reason, endpoints(flow)));
    Optional<FlowDefinition> changed = move(flow, FlowState.FAILED, recorded);
    changed.ifPresent(f -> log.warn("flow {} ({}) {}", f.name(), flowId, recorded));
    return changed;
  }

  /**
   * Moves a failed flow back to running.
   *
   * @return the flow in its new state, or empty if the report changed nothing
   */
  public Optional<FlowDefinition> recovered(String flowId) {
    Optional<FlowDefinition> current = flows.find(flowId);
    if (current.isEmpty() || current.get().state().afterRecovery().isEmpty()) {
      return Optional.empty();
    }
    Optional<FlowDefinition> changed = move(current.get(), FlowState.RUNNING, RECOVERED);
    changed.ifPresent(f -> log.info("flow {} ({}) {}", f.name(), flowId, RECOVERED));
    return changed;
  }

  /** Compare-and-set: a request that changed the flow meanwhile wins over the report. */
  private Optional<FlowDefinition> move(FlowDefinition flow, FlowState to, String reason) {
    try {
      return Optional.of(flows.updateState(flow.id(), flow.state(), to, reason));
    } catch (RequestException e) {
      if (e.kind() == RequestException.Kind.FAILED_PRECONDITION) {
        log.debug("flow {} changed while its health was reported: {}", flow.id(), e.getMessage());
        return Optional.empty();
      }
      throw e;
    }
  }

  private static List<Endpoint> endpoints(FlowDefinition flow) {
    List<Endpoint> endpoints = new ArrayList<>();
    endpoints.add(flow.source());
    endpoints.addAll(flow.destinations());
    return endpoints;
  }

  private static String oneLine(String text) {
    String line = text.strip().replaceAll("\\s*\\R\\s*", " ");
    return line.length() > MAX_REASON ? line.substring(0, MAX_REASON) + "..." : line;
  }
}
