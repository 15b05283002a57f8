package io.ductstream.controlplane.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class DdlGateStopTest {
  /** A source task held at event 7, counting how often it was asked. */
  private final AtomicInteger asked = new AtomicInteger();

  private final Supplier<OptionalLong> heldAt7 =
      () -> {
        asked.incrementAndGet();
        return OptionalLong.of(7);
      };

  @Test
  void aRunUntilCaughtUpEndsAtTheHeldEventOnceItHadItsEmptyReads() {
    DdlGateStop gate = new DdlGateStop(3, heldAt7);

    assertThat(gate.endsRunAt(1)).isEmpty();
    assertThat(gate.endsRunAt(2)).isEmpty();
    assertThat(asked).as("the task is not asked before the empty reads").hasValue(0);
    assertThat(gate.endsRunAt(3)).hasValue(7);
  }

  @Test
  void aContinuousRunStaysHeld() {
    DdlGateStop gate = new DdlGateStop(0, heldAt7);

    assertThat(gate.endsRunAt(1)).isEmpty();
    assertThat(gate.endsRunAt(10_000)).isEmpty();
    assertThat(asked).hasValue(0);
  }

  @Test
  void aTaskThatIsNotHeldLetsTheRunCatchUpAsUsual() {
    DdlGateStop gate = new DdlGateStop(1, OptionalLong::empty);

    assertThat(gate.endsRunAt(1)).isEmpty();
    assertThat(gate.endsRunAt(5)).isEmpty();
  }

  @Test
  void aRunTheGateEndedIsDdlGatedWithTheCommandsThatLetItGoOn() {
    FlowRunner.Summary summary =
        new FlowRunner.Summary(
            42,
            java.time.Duration.ofSeconds(2),
            java.util.Optional.of("0/16B3748"),
            false,
            java.util.List.of(),
            OptionalLong.of(7));

    RunEnd end = RunEnd.of(summary);

    assertThat(end.kind()).isEqualTo(RunEnd.Kind.DDL_GATED);
    assertThat(end.rows()).isEqualTo(42);
    assertThat(end.checkpointLsn()).hasValue("0/16B3748");
    assertThat(end.reason())
        .isEqualTo(
            "held by DDL event 7 (awaiting approval): ductstream-admin ddl approve -id 7, then"
                + " ddl apply -id 7");
  }
}
