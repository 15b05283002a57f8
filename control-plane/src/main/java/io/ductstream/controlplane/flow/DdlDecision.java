package io.ductstream.controlplane.flow;

/** What an operator decides about a schema change: the transitions of {@link DdlStatus}. */
public enum DdlDecision {
  APPROVE("ApproveDDL"),
  REJECT("RejectDDL"),
  APPLY("MarkDDLApplied");

  private final String rpcName;

  DdlDecision(String rpcName) {
    this.rpcName = rpcName;
  }

  public String rpcName() {
    return rpcName;
  }
}
