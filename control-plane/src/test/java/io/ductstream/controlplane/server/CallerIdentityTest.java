package io.ductstream.controlplane.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class CallerIdentityTest {

  @Test
  void aCallWithoutAClientCertificateIsNamedByItsPeerAddress() throws Exception {
    assertThat(
            CallerIdentity.describe(
                null, new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 51234)))
        .isEqualTo("api 127.0.0.1:51234");
    assertThat(
            CallerIdentity.describe(null, new InetSocketAddress(InetAddress.getByName("::1"), 443)))
        .isEqualTo("api [0:0:0:0:0:0:0:1]:443");
    assertThat(CallerIdentity.describe(null, null)).isEqualTo("api unknown");
  }

  @Test
  void outsideACallTheCallerIsTheApi() {
    assertThat(CallerIdentity.current()).isEqualTo("api");
  }
}
