package io.ductstream.source.pg.types;

import static org.assertj.core.api.Assertions.assertThat;

import io.ductstream.contract.envelope.SemanticTypes;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class NetworkAndBitTypesIT {
  private static ColumnReadBack db;

  @BeforeAll
  static void openDatabase() throws Exception {
    db = ColumnReadBack.open("types_network");
  }

  @AfterAll
  static void closeDatabase() throws Exception {
    db.close();
  }

  @Test
  void inetPrintsLikePostgresForIpv4AndCompressedIpv6() throws Exception {
    ValueDecoder decoder =
        db.assertReadsBack(
            "inet",
            List.of(
                "NULL",
                "'192.168.0.1'",
                "'192.168.0.1/24'",
                "'0.0.0.0/0'",
                "'255.255.255.255'",
                "'::1'",
                "'::'",
                "'2001:db8::1/64'",
                "'2001:0db8:0000:0000:0001:0000:0000:0001'",
                "'1:0:2:3:4:5:6:7'",
                "'::ffff:1.2.3.4'",
                "'::1.2.3.4'",
                "'1::'",
                "'1:2:3:4:5:6:7:8/127'",
                "'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128'"),
            Arrays.asList(
                null,
                "192.168.0.1",
                "192.168.0.1/24",
                "0.0.0.0/0",
                "255.255.255.255",
                "::1",
                "::",
                "2001:db8::1/64",
                "2001:db8::1:0:0:1",
                "1:0:2:3:4:5:6:7",
                "::ffff:1.2.3.4",
                "::1.2.3.4",
                "1::",
                "1:2:3:4:5:6:7:8/127",
                "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"));
    assertThat(decoder.schema().name()).isEqualTo(SemanticTypes.INET);
    assertThat(decoder.takesPlaceholder()).isTrue();
  }

  @Test
  void cidrAlwaysShowsItsMaskLength() throws Exception {
    ValueDecoder decoder =
        db.assertReadsBack(
            "cidr",
            List.of(
                "'10.0.0.0/8'",
                "'192.168.0.1'",
                "'0.0.0.0/0'",
                "'::1'",
                "'2001:db8::/32'",
                "'::/0'"),
            List.of(
                "10.0.0.0/8", "192.168.0.1/32", "0.0.0.0/0", "::1/128", "2001:db8::/32", "::/0"));
    assertThat(decoder.schema().name()).isEqualTo(SemanticTypes.CIDR);
  }

  @Test
  void macaddrIsLowerCaseColonSeparated() throws Exception {
    ValueDecoder decoder =
        db.assertReadsBack(
            "macaddr",
            List.of("'08:00:2b:01:02:03'", "'08-00-2B-01-02-0F'", "'ffffffffffff'", "NULL"),
            Arrays.asList("08:00:2b:01:02:03", "08:00:2b:01:02:0f", "ff:ff:ff:ff:ff:ff", null));
    assertThat(decoder.schema().name()).isEqualTo(SemanticTypes.MACADDR);
  }

  @Test
  void macaddr8KeepsEightBytes() throws Exception {
    ValueDecoder decoder =
        db.assertReadsBack(
            "macaddr8",
            List.of("'08:00:2b:01:02:03:04:05'", "'08:00:2b:01:02:03'", "'0000000000000000'"),
            List.of(
                "08:00:2b:01:02:03:04:05", "08:00:2b:ff:fe:01:02:03", "00:00:00:00:00:00:00:00"));
    assertThat(decoder.schema().name()).isEqualTo(SemanticTypes.MACADDR);
  }

  @Test
  void fixedBitIsOneCharacterPerBit() throws Exception {
    ValueDecoder decoder =
        db.assertReadsBack(
            "bit(10)",
            List.of("B'1010101010'", "B'0000000001'", "B'1111111111'", "NULL"),
            Arrays.asList("1010101010", "0000000001", "1111111111", null));
    assertThat(decoder.schema().name()).isEqualTo(SemanticTypes.BITS);
  }

  @Test
  void varbitKeepsItsLengthIncludingEmpty() throws Exception {
    String hundred = "1101".repeat(25);
    db.assertReadsBack(
        "varbit",
        List.of("B''", "B'1'", "B'101010101'", "B'" + hundred + "'"),
        List.of("", "1", "101010101", hundred));
  }
}
