package io.ductstream.controlplane.flow;

import io.ductstream.controlplane.RequestException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a schema change is in its approval: {@code pending -> approved | rejected}, {@code approved
 * -> applied}, and {@code rejected -> approved} (the operator decides again after a fix). With the
 * gate on, a flow is held at every event that is not applied.
 */
public enum DdlStatus {
  PENDING,
  APPROVED,
  REJECTED,
  APPLIED;

  /** The name in the store and the API: {@code pending}. */
  public String apiName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The status named {@code name} (case-insensitive), if any. */
  public static Optional<DdlStatus> find(String name) {
    return Arrays.stream(values())
        .filter(s -> s.apiName().equalsIgnoreCase(name.trim()))
        .findFirst();
  }

  /** The status after {@code decision}, or empty when this status does not allow it. */
  public Optional<DdlStatus> after(DdlDecision decision) {
    return switch (decision) {
      case APPROVE ->
          this == PENDING || this == REJECTED ? Optional.of(APPROVED) : Optional.empty();
      case REJECT -> this == PENDING ? Optional.of(REJECTED) : Optional.empty();
      case APPLY -> this == APPROVED ? Optional.of(APPLIED) : Optional.empty();
    };
  }

  /**
   * The status after {@code decision} on event {@code id}.
   *
   * @throws RequestException FAILED_PRECONDITION when this status does not allow it, saying why
   */
  public DdlStatus require(DdlDecision decision, long id) {
    return after(decision)
        .orElseThrow(
            () ->
                RequestException.failedPrecondition(
                    "DDL event " + id + " is " + apiName() + "; " + refusal(decision)));
  }

  private String refusal(DdlDecision decision) {
    return switch (decision) {
      case APPROVE ->
          "ApproveDDL needs it to be pending or rejected"
              + (this == APPROVED ? " (it is approved already; apply it next)" : "");
      case REJECT ->
          "RejectDDL needs it to be pending"
              + (this == REJECTED ? " (it is rejected already)" : "")
              + (this == APPROVED ? " (an approved change can only be applied)" : "");
      case APPLY ->
          "MarkDDLApplied needs it to be approved"
              + (this == APPLIED ? " (it is applied already)" : " (approve it first)");
    };
  }

  @Override
  public String toString() {
    return apiName();
  }
}
