package io.ductstream.controlplane.ddl;

import io.ductstream.controlplane.RequestException;
import io.ductstream.controlplane.store.DdlEventStore;
import java.util.List;
import java.util.Optional;

/** Lists schema changes and records the operator's decisions on them. */
public final class DdlApprovals {
  private final DdlEventStore store;

  public DdlApprovals(DdlEventStore store) {
    this.store = store;
  }

  /**
   * Events with {@code status} (empty or {@code all}: any), of flow {@code flowId} (empty: any),
   * oldest first.
   *
   * @throws RequestException INVALID for an unknown status
   */
  public List<DdlEvent> list(String status, String flowId) {
    Optional<DdlStatus> filter = Optional.empty();
    if (!status.isBlank() && !status.trim().equalsIgnoreCase("all")) {
      filter =
          Optional.of(
              DdlStatus.find(status)
                  .orElseThrow(
                      () ->
                          RequestException.invalid(
                              "status \""
                                  + status
                                  + "\" is not a DDL status; use pending, approved, rejected,"
                                  + " applied or all")));
    }
    return store.list(filter, flowId.isBlank() ? Optional.empty() : Optional.of(flowId));
  }

  /**
   * Applies {@code decision} to event {@code id}.
   *
   * @throws RequestException NOT_FOUND for an unknown id, FAILED_PRECONDITION when its status does
   *     not allow the decision
   */
  public DdlEvent decide(long id, DdlDecision decision) {
    DdlEvent event =
        store
            .find(id)
            .orElseThrow(() -> RequestException.notFound("DDL event " + id + " not found"));
    DdlStatus next = event.status().require(decision, id);
    return store
        .changeStatus(id, event.status(), next)
        .orElseThrow(
            () ->
                RequestException.failedPrecondition(
                    "DDL event " + id + " changed meanwhile; list it again and retry"));
  }
}
