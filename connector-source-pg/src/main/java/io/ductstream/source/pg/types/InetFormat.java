package io.ductstream.source.pg.types;

import java.nio.ByteBuffer;
import org.apache.kafka.connect.errors.DataException;

/**
 * Formats binary inet/cidr ({@code inet_send}: family, bits, is_cidr, address length, address) the
 * way {@code network_out} prints it: IPv4 always with four octets; IPv6 compressed as
 * src/port/inet_net_ntop.c does; {@code /bits} omitted for a full-length inet, always shown for
 * cidr.
 */
final class InetFormat {
  private static final int PGSQL_AF_INET = 2;
  private static final int PGSQL_AF_INET6 = 3;

  private InetFormat() {}

  static String format(ByteBuffer buf, int offset, boolean cidr) {
    int family = buf.get(offset);
    int bits = buf.get(offset + 1) & 0xff;
    int addressBytes = buf.get(offset + 3) & 0xff;
    int address = offset + 4;
    char[] out = new char[64];
    int n;
    int fullBits;
    if (family == PGSQL_AF_INET && addressBytes == 4) {
      n = ipv4(out, 0, buf, address);
      fullBits = 32;
    } else if (family == PGSQL_AF_INET6 && addressBytes == 16) {
      n = ipv6(out, buf, address);
      fullBits = 128;
    } else {
      throw new DataException(
          "malformed binary inet: family " + family + " with " + addressBytes + " address bytes");
    }
    if (cidr || bits != fullBits) {
      out[n++] = '/';
      n = decimal(out, n, bits);
    }
    return new String(out, 0, n);
  }

  private static int ipv4(char[] out, int n, ByteBuffer buf, int address) {
    for (int i = 0; i < 4; i++) {
      if (i > 0) {
        out[n++] = '.';
      }
      n = decimal(out, n, buf.get(address + i) & 0xff);
    }
    return n;
  }

  private static int ipv6(char[] out, ByteBuffer buf, int address) {
    int[] words = new int[8];
    for (int i = 0; i < 8; i++) {
      words[i] = buf.getShort(address + 2 * i) & 0xffff;
    }
    // The longest run of zero words (the first one on a tie), if at least two long, becomes "::".
    int bestBase = -1;
    int bestLen = 0;
    int curBase = -1;
    int curLen = 0;
    for (int i = 0; i < 8; i++) {
      if (words[i] == 0) {
        if (curBase == -1) {
          curBase = i;
          curLen = 1;
        } else {
          curLen++;
        }
      } else if (curBase != -1) {
        if (bestBase == -1 || curLen > bestLen) {
          bestBase = curBase;
          bestLen = curLen;
        }
        curBase = -1;
      }
    }
    if (curBase != -1 && (bestBase == -1 || curLen > bestLen)) {
      bestBase = curBase;
      bestLen = curLen;
    }
    if (bestBase != -1 && bestLen < 2) {
      bestBase = -1;
    }
    int n = 0;
    for (int i = 0; i < 8; i++) {
      if (bestBase != -1 && i >= bestBase && i < bestBase + bestLen) {
        if (i == bestBase) {
          out[n++] = ':';
        }
        continue;
      }
      if (i != 0) {
        out[n++] = ':';
      }
      // An IPv4-compatible (::a.b.c.d) or IPv4-mapped (::ffff:a.b.c.d) address ends in a dotted
      // quad.
      if (i == 6
          && bestBase == 0
          && (bestLen == 6
              || (bestLen == 7 && words[7] != 0x0001)
              || (bestLen == 5 && words[5] == 0xffff))) {
        return ipv4(out, n, buf, address + 12);
      }
      n = Hex.word(out, n, words[i]);
    }
    if (bestBase != -1 && bestBase + bestLen == 8) {
      out[n++] = ':';
    }
    return n;
  }

  private static int decimal(char[] out, int n, int value) {
    if (value >= 100) {
      out[n++] = (char) ('0' + value / 100);
    }
    if (value >= 10) {
      out[n++] = (char) ('0' + value / 10 % 10);
    }
    out[n++] = (char) ('0' + value % 10);
    return n;
  }
}
