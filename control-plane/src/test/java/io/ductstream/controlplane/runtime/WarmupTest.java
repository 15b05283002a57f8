package io.ductstream.controlplane.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WarmupTest {
  @Test
  void warmsUpOnADaemonThreadThatEndsWithoutSendingAnything() throws InterruptedException {
    // the client's endpoint is a port nothing listens on: a request would fail the warmup, which
    // swallows failures, so the thread ending is all a caller can see; it must not keep the JVM up
    Thread thread = Warmup.startInBackground();
    assertThat(thread.isDaemon()).isTrue();
    assertThat(thread.getName()).isEqualTo("ductstream-warmup");
    thread.join(60_000);
    assertThat(thread.isAlive()).as("the warmup ended").isFalse();
  }
}
