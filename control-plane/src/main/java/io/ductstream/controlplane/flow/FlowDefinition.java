package io.ductstream.controlplane.flow;

import io.ductstream.format.WireFormat;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A flow as the control plane keeps it: one Postgres source, its destinations, the flow-wide wire
 * format (empty means the server's {@code DUCTSTREAM_WIRE_FORMAT}) and its lifecycle state.
 * Timestamps are those of the store; a flow not yet stored has {@link Instant#EPOCH}.
 */
public record FlowDefinition(
    String id,
    String name,
    Endpoint source,
    List<Endpoint> destinations,
    FlowState state,
    Optional<WireFormat> wireFormat,
    int parallelism,
    Instant createdAt,
    Instant updatedAt) {

  public FlowDefinition {
    destinations = List.copyOf(destinations);
  }

  public FlowDefinition withId(String newId) {
    return new FlowDefinition(
        newId, name, source, destinations, state, wireFormat, parallelism, createdAt, updatedAt);
  }

  public FlowDefinition withState(FlowState newState) {
    return new FlowDefinition(
        id, name, source, destinations, newState, wireFormat, parallelism, createdAt, updatedAt);
  }

  public FlowDefinition withEndpoints(Endpoint newSource, List<Endpoint> newDestinations) {
    return new FlowDefinition(
        id, name, newSource, newDestinations, state, wireFormat, parallelism, createdAt, updatedAt);
  }

  /** This definition with the identity, state and timestamps of the stored {@code current}. */
  public FlowDefinition replacing(FlowDefinition current) {
    return new FlowDefinition(
        current.id,
        name,
        source,
        destinations,
        current.state,
        wireFormat,
        parallelism,
        current.createdAt,
        current.updatedAt);
  }
}
