package io.ductstream.controlplane.ddl;

import io.ductstream.controlplane.flow.DdlStatus;
import io.ductstream.controlplane.flow.FlowDefinition;
import io.ductstream.controlplane.flow.FlowState;
import io.ductstream.controlplane.store.DdlEventStore;
import io.ductstream.controlplane.store.DdlEventStore.HeldEvent;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Which flows the DDL gate holds, as the API reports them: a running flow with the gate on (its
 * {@code ddl_gate} option, else DUCTSTREAM_DDL_GATE) that has a DDL event not applied yet is held
 * there by its source connector, and is reported as {@code awaiting_ddl_approval} with the events.
 * The stored state stays {@code running}: the flow goes on by itself once its events are applied.
 */
public final class DdlHolds {
  private final DdlEventStore events;
  private final Predicate<FlowDefinition> gated;

  /**
   * @param gated whether a flow has the gate on
   */
  public DdlHolds(DdlEventStore events, Predicate<FlowDefinition> gated) {
    this.events = events;
    this.gated = gated;
  }

  /** What holds a flow: the events not applied yet, oldest first, and a rejection's reason. */
  public record Hold(List<Long> eventIds, Optional<String> rejectionReason) {
    public Hold {
      eventIds = List.copyOf(eventIds);
    }

    static Hold of(List<HeldEvent> held) {
      return new Hold(
          held.stream().map(HeldEvent::id).toList(),
          held.stream()
              .filter(e -> e.status() == DdlStatus.REJECTED)
              .map(HeldEvent::reason)
              .filter(r -> !r.isBlank())
              .findFirst());
    }
  }

  /** The hold on {@code flow}, if the gate holds it. */
  public Optional<Hold> hold(FlowDefinition flow) {
    if (!canBeHeld(flow)) {
      return Optional.empty();
    }
    List<HeldEvent> held =
        events.unappliedPerFlow(Optional.of(flow.id())).getOrDefault(flow.id(), List.of());
    return held.isEmpty() ? Optional.empty() : Optional.of(Hold.of(held));
  }

  /** {@code flow} as reported: awaiting DDL approval while the gate holds it. */
  public FlowDefinition reported(FlowDefinition flow) {
    return hold(flow).isPresent() ? flow.withState(FlowState.AWAITING_DDL_APPROVAL) : flow;
  }

  /** {@code flows} as reported, with one read of the store for all of them. */
  public List<FlowDefinition> reported(List<FlowDefinition> flows) {
    if (flows.stream().noneMatch(this::canBeHeld)) {
      return flows;
    }
    Map<String, List<HeldEvent>> held = events.unappliedPerFlow(Optional.empty());
    return flows.stream()
        .map(
            f ->
                canBeHeld(f) && held.containsKey(f.id())
                    ? f.withState(FlowState.AWAITING_DDL_APPROVAL)
                    : f)
        .toList();
  }

  private boolean canBeHeld(FlowDefinition flow) {
    return flow.state() == FlowState.RUNNING && gated.test(flow);
  }
}
