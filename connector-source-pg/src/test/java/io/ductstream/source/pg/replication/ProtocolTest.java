package io.ductstream.source.pg.replication;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProtocolTest {
  @Test
  void negotiatesTheHighestProtocolTheServerSpeaks() {
    assertThat(ReplicationSession.Protocol.negotiate(100023, true))
        .isEqualTo(new ReplicationSession.Protocol(1, false, false, false));
    assertThat(ReplicationSession.Protocol.negotiate(140010, true))
        .isEqualTo(new ReplicationSession.Protocol(2, true, true, true));
    assertThat(ReplicationSession.Protocol.negotiate(150004, true))
        .isEqualTo(new ReplicationSession.Protocol(3, true, true, true));
    assertThat(ReplicationSession.Protocol.negotiate(170000, false).binary())
        .as("binary only when every captured type reads in binary")
        .isFalse();
  }
}
