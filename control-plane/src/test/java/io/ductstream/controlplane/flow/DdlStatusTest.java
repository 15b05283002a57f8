package io.ductstream.controlplane.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ductstream.controlplane.RequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DdlStatusTest {

  @ParameterizedTest(name = "{0} --{1}--> {2}")
  @CsvSource({
    "PENDING, APPROVE, APPROVED",
    "PENDING, REJECT, REJECTED",
    "PENDING, APPLY, -",
    "APPROVED, APPLY, APPLIED",
    "APPROVED, APPROVE, -",
    "APPROVED, REJECT, -",
    "REJECTED, APPLY, -",
    "REJECTED, APPROVE, APPROVED",
    "REJECTED, REJECT, -",
    "APPLIED, APPLY, -",
    "APPLIED, APPROVE, -",
    "APPLIED, REJECT, -",
  })
  void decisionsFollowTheApprovalFlow(DdlStatus from, DdlDecision decision, String to) {
    if (to.equals("-")) {
      assertThat(from.after(decision)).isEmpty();
    } else {
      assertThat(from.after(decision)).hasValue(DdlStatus.valueOf(to));
    }
  }

  @Test
  void applyingAPendingEventSaysToApproveItFirst() {
    assertThatThrownBy(() -> DdlStatus.PENDING.require(DdlDecision.APPLY, 7))
        .isInstanceOfSatisfying(
            RequestException.class,
            e -> assertThat(e.kind()).isEqualTo(RequestException.Kind.FAILED_PRECONDITION))
        .hasMessage(
            "DDL event 7 is pending; MarkDDLApplied needs it to be approved (approve it first)");
  }

  @Test
  void approvingTwiceSaysItIsApprovedAlready() {
    assertThatThrownBy(() -> DdlStatus.APPROVED.require(DdlDecision.APPROVE, 3))
        .hasMessage(
            "DDL event 3 is approved; ApproveDDL needs it to be pending or rejected (it is approved"
                + " already; apply it next)");
    assertThatThrownBy(() -> DdlStatus.APPROVED.require(DdlDecision.REJECT, 3))
        .hasMessage(
            "DDL event 3 is approved; RejectDDL needs it to be pending (an approved change can only"
                + " be applied)");
  }

  @Test
  void findIsCaseInsensitive() {
    assertThat(DdlStatus.find("Approved")).hasValue(DdlStatus.APPROVED);
    assertThat(DdlStatus.find("later")).isEmpty();
  }
}
