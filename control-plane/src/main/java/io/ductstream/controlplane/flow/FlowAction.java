package io.ductstream.controlplane.flow;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** What a client asks a flow to do: the transitions of {@link FlowState}. */
public enum FlowAction {
  START("StartFlow"),
  PAUSE("PauseFlow"),
  RESUME("ResumeFlow");

  private final String rpcName;

  FlowAction(String rpcName) {
    this.rpcName = rpcName;
  }

  /** The RPC that requests it, for error messages. */
  public String rpcName() {
    return rpcName;
  }

  /** The states this action is allowed from. */
  public List<FlowState> allowedFrom() {
    return Arrays.stream(FlowState.values()).filter(s -> s.after(this).isPresent()).toList();
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
