package io.ductstream.controlplane.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class ListenAddressTest {

  @Test
  void colonPortListensOnLoopbackOnly() {
    ListenAddress address = ListenAddress.parse(":8080");

    assertThat(address.defaultHost()).isTrue();
    assertThat(address.isLoopback()).isTrue();
    assertThat(address.toSocketAddress().getAddress().isLoopbackAddress()).isTrue();
    assertThat(address.toSocketAddress().getAddress().isAnyLocalAddress()).isFalse();
    assertThat(address.toSocketAddress().getPort()).isEqualTo(8080);
    assertThat(address).hasToString(":8080");
  }

  @Test
  void everyInterfaceNeedsAnExplicitWildcardHost() {
    assertThat(
            ListenAddress.parse("0.0.0.0:8080").toSocketAddress().getAddress().isAnyLocalAddress())
        .isTrue();
    assertThat(ListenAddress.parse("[::]:8080").toSocketAddress().getAddress().isAnyLocalAddress())
        .isTrue();
    assertThat(ListenAddress.parse("0.0.0.0:8080").isLoopback()).isFalse();
    assertThat(ListenAddress.parse("localhost:8080").isLoopback()).isTrue();
    assertThat(ListenAddress.parse("[::1]:8080").isLoopback()).isTrue();
  }

  @Test
  void hostAndPort() {
    ListenAddress address = ListenAddress.parse("127.0.0.1:0");

    assertThat(address).isEqualTo(new ListenAddress("127.0.0.1", 0));
    assertThat(address.toSocketAddress()).isEqualTo(new InetSocketAddress("127.0.0.1", 0));
  }

  @Test
  void bracketedIpv6Host() {
    ListenAddress address = ListenAddress.parse("[::1]:9090");

    assertThat(address).isEqualTo(new ListenAddress("::1", 9090));
    assertThat(address).hasToString("[::1]:9090");
    assertThat(address.toSocketAddress().getAddress().isLoopbackAddress()).isTrue();
  }

  @Test
  void withPortKeepsTheHost() {
    assertThat(ListenAddress.parse("localhost:0").withPort(43210)).hasToString("localhost:43210");
  }
}
