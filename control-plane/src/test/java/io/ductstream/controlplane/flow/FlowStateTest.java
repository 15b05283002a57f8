package io.ductstream.controlplane.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ductstream.controlplane.RequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FlowStateTest {

  @ParameterizedTest(name = "{0} --{1}--> {2}")
  @CsvSource({
    "CREATED, START, RUNNING",
    "CREATED, PAUSE, -",
    "CREATED, RESUME, -",
    "RUNNING, START, -",
    "RUNNING, PAUSE, PAUSED",
    "RUNNING, RESUME, -",
    "PAUSED, START, -",
    "PAUSED, PAUSE, -",
    "PAUSED, RESUME, RUNNING",
    "STOPPING, PAUSE, PAUSED",
    "STOPPING, RESUME, RUNNING",
    "FAILED, START, RUNNING",
    "FAILED, RESUME, RUNNING",
    "FAILED, PAUSE, PAUSED",
    "AWAITING_DDL_APPROVAL, PAUSE, PAUSED",
    "AWAITING_DDL_APPROVAL, RESUME, RUNNING",
    "AWAITING_DDL_APPROVAL, START, -",
  })
  void transitionsFollowTheStateMachine(FlowState from, FlowAction action, String to) {
    if (to.equals("-")) {
      assertThat(from.after(action)).isEmpty();
    } else {
      assertThat(from.after(action)).hasValue(FlowState.valueOf(to));
    }
  }

  @ParameterizedTest(name = "{0}: failure -> {1}, recovery -> {2}")
  @CsvSource({
    "CREATED, -, -",
    "RUNNING, FAILED, -",
    "PAUSED, -, -",
    "STOPPING, -, -",
    "FAILED, -, RUNNING",
    "AWAITING_DDL_APPROVAL, FAILED, -",
  })
  void onlyARunningFlowFailsAndOnlyAFailedOneRecovers(
      FlowState from, String afterFailure, String afterRecovery) {
    assertThat(from.afterFailure().map(FlowState::name).orElse("-")).isEqualTo(afterFailure);
    assertThat(from.afterRecovery().map(FlowState::name).orElse("-")).isEqualTo(afterRecovery);
  }

  @Test
  void illegalTransitionIsAFailedPreconditionNamingTheAllowedStates() {
    assertThatThrownBy(() -> FlowState.PAUSED.require(FlowAction.START, "f1"))
        .isInstanceOfSatisfying(
            RequestException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(RequestException.Kind.FAILED_PRECONDITION);
              assertThat(e)
                  .hasMessage(
                      "flow \"f1\" is paused; StartFlow needs it to be one of created, failed;"
                          + " use ResumeFlow");
            });
  }

  @Test
  void storeNamesRoundTrip() {
    for (FlowState state : FlowState.values()) {
      assertThat(FlowState.fromStoreName(state.storeName())).isEqualTo(state);
    }
    assertThat(FlowState.AWAITING_DDL_APPROVAL.storeName()).isEqualTo("awaiting_ddl_approval");
  }
}
