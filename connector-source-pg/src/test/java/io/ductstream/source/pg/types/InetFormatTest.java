package io.ductstream.source.pg.types;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class InetFormatTest {

  @Test
  void ipv4OmitsFullMaskForInetButNotForCidr() throws Exception {
    assertThat(format("192.168.0.1", 32, false)).isEqualTo("192.168.0.1");
    assertThat(format("192.168.0.1", 32, true)).isEqualTo("192.168.0.1/32");
    assertThat(format("10.0.0.0", 8, false)).isEqualTo("10.0.0.0/8");
    assertThat(format("0.0.0.0", 0, true)).isEqualTo("0.0.0.0/0");
  }

  @Test
  void ipv6CompressesTheLongestZeroRun() throws Exception {
    assertThat(format("::", 128, false)).isEqualTo("::");
    assertThat(format("::1", 128, false)).isEqualTo("::1");
    assertThat(format("1::", 128, false)).isEqualTo("1::");
    assertThat(format("2001:db8:0:0:1:0:0:1", 128, false)).isEqualTo("2001:db8::1:0:0:1");
    assertThat(format("2001:0:0:1:0:0:0:1", 128, false)).isEqualTo("2001:0:0:1::1");
    assertThat(format("1:0:2:3:4:5:6:7", 128, false)).isEqualTo("1:0:2:3:4:5:6:7");
    assertThat(format("2001:db8::", 32, true)).isEqualTo("2001:db8::/32");
    assertThat(format("fe80::abcd", 64, false)).isEqualTo("fe80::abcd/64");
  }

  @Test
  void ipv6WithEmbeddedIpv4EndsInDottedQuad() throws Exception {
    assertThat(format("::ffff:1.2.3.4", 128, false)).isEqualTo("::ffff:1.2.3.4");
    assertThat(format("::1.2.3.4", 128, false)).isEqualTo("::1.2.3.4");
  }

  private static String format(String address, int bits, boolean cidr) throws Exception {
    byte[] bytes = InetAddress.getByName(address).getAddress();
    if (address.contains("ffff:") && bytes.length == 4) {
      // Java folds IPv4-mapped IPv6 addresses into IPv4; rebuild the 16 bytes Postgres sends.
      byte[] mapped = new byte[16];
      mapped[10] = (byte) 0xff;
      mapped[11] = (byte) 0xff;
      System.arraycopy(bytes, 0, mapped, 12, 4);
      bytes = mapped;
    }
    boolean v6 = address.contains(":");
    ByteBuffer buf = ByteBuffer.allocate(1 + 4 + bytes.length);
    buf.put((byte) 0x7f); // the value starts at offset 1
    buf.put((byte) (v6 ? 3 : 2)).put((byte) bits).put((byte) (cidr ? 1 : 0));
    buf.put((byte) bytes.length).put(bytes);
    return InetFormat.format(buf, 1, cidr);
  }
}
