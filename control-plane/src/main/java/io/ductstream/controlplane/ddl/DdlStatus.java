package io.ductstream.controlplane.ddl;

import io.ductstream.controlplane.RequestException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a schema change is in its approval: {@code pending -> approved | rejected}, and {@code
 * approved -> applied}. A rejected change is final; the flow stays gated at it.
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
      case APPROVE -> this == PENDING ? Optional.of(APPROVED) : Optional.empty();
      case REJECT -> this == PENDING ? Optional.of(REJECTED) : Optional.empty();
      case APPLY -> this == APPROVED ? Optional.of(APPLIED) : Optional.empty();
    };
  }

  /**
   * The status after {@code decision} on event {@code id}.
   *
   * @throws RequestException FAILED_PRECONDITION when this status does not allow it
   */
  public DdlStatus require(DdlDecision decision, long id) {
    return after(decision)
        .orElseThrow(
            () ->
                RequestException.failedPrecondition(
                    "DDL event "
                        + id
                        + " is "
                        + apiName()
                        + "; "
                        + decision.rpcName()
                        + " needs it to be "
                        + (decision == DdlDecision.APPLY
                            ? "approved (approve it first)"
                            : "pending")));
  }

  @Override
  public String toString() {
    return apiName();
  }
}
