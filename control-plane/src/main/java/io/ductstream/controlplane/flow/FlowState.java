package io.ductstream.controlplane.flow;

import io.ductstream.controlplane.RequestException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Where a flow is in its lifecycle, and the state machine between: {@code created -start-> running
 * -pause-> paused -resume-> running}; a failed flow can be started or resumed again, and one
 * awaiting DDL approval can be paused or resumed.
 */
public enum FlowState {
  CREATED,
  RUNNING,
  PAUSED,
  /** Kept from the original API, where a stop was in progress; behaves like PAUSED. */
  STOPPING,
  FAILED,
  AWAITING_DDL_APPROVAL;

  /** The name in the store and in flow files: {@code awaiting_ddl_approval}. */
  public String storeName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static FlowState fromStoreName(String name) {
    return Arrays.stream(values())
        .filter(s -> s.storeName().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown flow state \"" + name + "\""));
  }

  /** The state after {@code action}, or empty when the action is not allowed from this state. */
  public Optional<FlowState> after(FlowAction action) {
    return switch (action) {
      case START -> this == CREATED || this == FAILED ? Optional.of(RUNNING) : Optional.empty();
      // a failed flow can be paused too: its runner stops trying again
      case PAUSE ->
          this == RUNNING || this == AWAITING_DDL_APPROVAL || this == STOPPING || this == FAILED
              ? Optional.of(PAUSED)
              : Optional.empty();
      case RESUME ->
          this == PAUSED || this == STOPPING || this == FAILED || this == AWAITING_DDL_APPROVAL
              ? Optional.of(RUNNING)
              : Optional.empty();
    };
  }

  /**
   * The state a flow in this state takes when its runner reports a failure: a running flow (or one
   * awaiting DDL approval, whose runner still holds the slot) becomes failed; a paused, created or
   * already failed flow stays as it is.
   */
  public Optional<FlowState> afterFailure() {
    return this == RUNNING || this == AWAITING_DDL_APPROVAL
        ? Optional.of(FAILED)
        : Optional.empty();
  }

  /**
   * The state a flow in this state takes when its runner reports that every part runs again: a
   * failed flow is running again; any other stays as it is (a paused flow is not resumed by a
   * recovery).
   */
  public Optional<FlowState> afterRecovery() {
    return this == FAILED ? Optional.of(RUNNING) : Optional.empty();
  }

  /**
   * The state after {@code action} on flow {@code flowId}.
   *
   * @throws RequestException FAILED_PRECONDITION saying which states allow it and what to do
   *     instead
   */
  public FlowState require(FlowAction action, String flowId) {
    return after(action)
        .orElseThrow(() -> RequestException.failedPrecondition(refusal(flowId, action)));
  }

  private String refusal(String flowId, FlowAction action) {
    String allowed =
        action.allowedFrom().stream().map(FlowState::storeName).collect(Collectors.joining(", "));
    String hint =
        switch (action) {
          case START -> this == PAUSED ? "; use ResumeFlow" : "";
          case RESUME -> this == CREATED ? "; use StartFlow" : "";
          case PAUSE -> "";
        };
    return "flow \""
        + flowId
        + "\" is "
        + storeName()
        + "; "
        + action.rpcName()
        + " needs it to be one of "
        + allowed
        + hint;
  }

  @Override
  public String toString() {
    return storeName();
  }
}
