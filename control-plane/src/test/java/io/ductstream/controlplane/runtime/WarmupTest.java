package io.ductstream.controlplane.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WarmupTest {
  @Test
  void warmsUpOnADaemonThreadThatEnds() throws InterruptedException {
    // it must not keep the JVM up, and it must end (its stub server stopped with it)
    Thread thread = Warmup.startInBackground();
    assertThat(thread.isDaemon()).isTrue();
    assertThat(thread.getName()).isEqualTo("ductstream-warmup");
    thread.join(60_000);
    assertThat(thread.isAlive()).as("the warmup ended").isFalse();
  }

  @Test
  void theS3ClientGetsAnswersFromTheLoopbackStubToTheListAndPutAFlowStartsWith() {
    // failures are swallowed at run time (the warm-up is only an optimisation): this is where an
    // SDK that no longer accepts the stub's answers shows, instead of a silently slower start
    assertThat(Warmup.run()).isTrue();
    assertThat(Warmup.run()).as("again: the stub's port was released").isTrue();
  }
}
