package io.ductstream.controlplane.ddl;

import io.ductstream.controlplane.RequestException;
import io.ductstream.controlplane.flow.DdlDecision;
import io.ductstream.controlplane.flow.DdlEvent;
import io.ductstream.controlplane.flow.DdlStatus;
import io.ductstream.controlplane.store.DdlEventStore;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** Lists schema changes and records the operator's decisions on them. */
public final class DdlApprovals {
  static final int MAX_REASON_LENGTH = 2000;

  private final DdlEventStore store;

  public DdlApprovals(DdlEventStore store) {
    this.store = store;
  }

  /**
   * Up to {@code pageSize} events with {@code status} (empty or {@code all}: any), of flow {@code
   * flowId} (empty: any), with ids above {@code afterId}, oldest first.
   *
   * @throws RequestException INVALID for an unknown status
   */
  public Page list(String status, String flowId, int pageSize, long afterId) {
    Optional<DdlStatus> filter = Optional.empty();
    if (!status.isBlank() && !status.trim().equalsIgnoreCase("all")) {
      filter =
          Optional.of(
              DdlStatus.find(status)
                  .orElseThrow(
                      () ->
                          RequestException.invalid(
                              "status "
                                  + (status.length() <= 20
                                          && status.chars().allMatch(c -> c >= 0x20)
                                      ? "\"" + status + "\" "
                                      : "")
                                  + "is not a DDL status; use pending, approved, rejected,"
                                  + " applied or all")));
    }
    List<DdlEvent> events =
        store.list(
            filter,
            flowId.isBlank() ? Optional.empty() : Optional.of(flowId),
            pageSize + 1,
            afterId);
    if (events.size() <= pageSize) {
      return new Page(events, OptionalLong.empty());
    }
    List<DdlEvent> shown = List.copyOf(events.subList(0, pageSize));
    return new Page(shown, OptionalLong.of(shown.get(pageSize - 1).id()));
  }

  /** One page of {@link #list}; {@code lastId} is set when more events follow. */
  public record Page(List<DdlEvent> events, OptionalLong lastId) {}

  /**
   * Event {@code id}.
   *
   * @throws RequestException NOT_FOUND for an unknown id
   */
  public DdlEvent get(long id) {
    return store
        .find(id)
        .orElseThrow(() -> RequestException.notFound("DDL event " + id + " not found"));
  }

  /**
   * Applies {@code decision} to event {@code id}, recording {@code actor} as who made it.
   *
   * @param reason why; required for a rejection (the flow's status shows it), ignored otherwise
   * @throws RequestException INVALID for a rejection without a reason, NOT_FOUND for an unknown id,
   *     FAILED_PRECONDITION when its status does not allow the decision
   */
  public DdlEvent decide(long id, DdlDecision decision, String actor, String reason) {
    String why = reason.strip();
    if (decision == DdlDecision.REJECT && why.isEmpty()) {
      throw RequestException.invalid(
          "reason is required: say why DDL event "
              + id
              + " is rejected (ductstream-admin ddl reject -id "
              + id
              + " -reason TEXT)");
    }
    if (why.length() > MAX_REASON_LENGTH) {
      throw RequestException.invalid(
          "reason is longer than " + MAX_REASON_LENGTH + " characters; shorten it");
    }
    DdlEvent event = get(id);
    DdlStatus next = event.status().require(decision, id);
    return store
        .changeStatus(id, event.status(), next, actor, why)
        .orElseThrow(
            () ->
                RequestException.failedPrecondition(
                    "DDL event " + id + " changed meanwhile; list it again and retry"));
  }
}
