package io.ductstream.source.pg.decoding;

import static io.ductstream.source.pg.decoding.PgOutputBytes.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PgOutputDecoderTest {
  private final RecordingHandler handler = new RecordingHandler();
  private final PgOutputDecoder decoder = new PgOutputDecoder(handler);

  @Test
  void beginAndCommitCarryLsnsAndUnixMicros() {
    decoder.decode(message('B').int64(1000).int64(5).int32(-2).buffer());
    decoder.decode(message('C').int8(0).int64(1000).int64(1040).int64(6).buffer());

    long epoch = PgOutputDecoder.PG_EPOCH_OFFSET_MICROS;
    assertThat(handler.events)
        .containsExactly(
            "begin 1000 " + (epoch + 5) + " 4294967294", "commit 1000 1040 " + (epoch + 6));
  }

  @Test
  void relationGivesColumnsKeysAndIdentityAndNamesPgCatalog() {
    decoder.decode(
        message('R')
            .int32(16384)
            .string("")
            .string("t")
            .int8('f')
            .int16(2)
            .int8(1)
            .string("id")
            .int32(23)
            .int32(-1)
            .int8(0)
            .string("amount")
            .int32(1700)
            .int32((12 << 16 | 2) + 4)
            .buffer());

    assertThat(handler.events)
        .containsExactly(
            "relation RelationMessage[relationId=16384, schema=pg_catalog, table=t,"
                + " replicaIdentity=f, columns=[Column[name=id, typeOid=23, typmod=-1, key=true],"
                + " Column[name=amount, typeOid=1700, typmod=786438, key=false]]]");
  }

  @Test
  void insertUpdateDeleteGiveRowImages() {
    decoder.decode(message('I').int32(7).int8('N').tuple("1", null, "x").buffer());
    decoder.decode(
        message('U')
            .int32(7)
            .int8('K')
            .tuple("1", null, null)
            .int8('N')
            .tuple("2", "\u0000u", "y")
            .buffer());
    decoder.decode(message('U').int32(7).int8('N').tuple("2", "b", "z").buffer());
    decoder.decode(message('D').int32(7).int8('O').tuple("2", "b", "z").buffer());

    assertThat(handler.events)
        .containsExactly(
            "insert 7 [1,null,x]",
            "update 7 [1,null,null] true [2,unchanged,y]",
            "update 7 - false [2,b,z]",
            "delete 7 [2,b,z] false");
  }

  @Test
  void truncateListsItsRelationsAndOptions() {
    decoder.decode(message('T').int32(2).int8(3).int32(7).int32(8).buffer());
    assertThat(handler.events).containsExactly("truncate [7, 8] 3");
  }

  @Test
  void logicalMessageCarriesPrefixAndContent() {
    decoder.decode(
        message('M').int8(1).int64(55).string("ductstream").int32(2).int8('h').int8('i').buffer());
    assertThat(handler.events).containsExactly("message true ductstream hi");
  }

  @Test
  void insideAStreamChunkDataMessagesAreHandedOverWholeWithTheirXid() {
    decoder.decode(message('S').int32(900).int8(1).buffer());
    decoder.decode(message('I').int32(901).int32(7).int8('N').tuple("1").buffer());
    decoder.decode(message('E').buffer());
    decoder.decode(message('I').int32(7).int8('N').tuple("outside").buffer());
    decoder.decode(message('A').int32(900).int32(901).buffer());
    decoder.decode(message('c').int32(900).int8(0).int64(10).int64(20).int64(0).buffer());

    assertThat(handler.events)
        .containsExactly(
            "streamStart 900 true",
            "streamed 901 I",
            "streamStop",
            "insert 7 [outside]",
            "streamAbort 900 901",
            "streamCommit 900 10 20");
    handler.events.clear();
    decoder.decodeStreamed(handler.streamed.get(0));
    assertThat(handler.events).containsExactly("insert 7 [1]");
  }

  @Test
  void streamedTransactionReplaysWithoutAbortedSubtransactionsButKeepsTheirRelations(
      @TempDir Path spool) {
    try (StreamedTransactions streamed = new StreamedTransactions(spool)) {
      streamed.append(900, message('I').int32(900).int32(7).int8('N').tuple("top").buffer());
      streamed.append(900, relationOf(901));
      streamed.append(900, message('I').int32(901).int32(7).int8('N').tuple("sub").buffer());
      streamed.append(900, message('I').int32(902).int32(7).int8('N').tuple("kept").buffer());
      streamed.abort(900, 901);

      assertThat(streamed.replay(900, decoder)).isEqualTo(3);
      assertThat(
              handler.events.stream()
                  .map(e -> e.split(" ")[0] + " " + e.split(" ")[e.split(" ").length - 1]))
          .containsExactly("insert [top]", "relation key=true]]]", "insert [kept]");
      assertThat(streamed.openTransactions()).isZero();
      assertThat(spool.toFile().list()).isEmpty();
    }
  }

  @Test
  void spooledTransactionsPastSpoolMaxBytesFailNamingTheSettingAndEndedOnesFreeTheirShare(
      @TempDir Path spool) {
    java.nio.ByteBuffer change = message('I').int32(900).int32(7).int8('N').tuple("x").buffer();
    long perMessage = 4L + change.remaining();
    try (StreamedTransactions streamed = new StreamedTransactions(spool, 3 * perMessage)) {
      streamed.append(900, change.duplicate());
      streamed.append(901, change.duplicate());
      streamed.abort(901, 901); // an ended transaction gives its bytes back
      streamed.append(900, change.duplicate());
      streamed.append(900, change.duplicate());
      assertThat(streamed.spooledBytes()).isEqualTo(3 * perMessage);
      assertThatThrownBy(() -> streamed.append(900, change.duplicate()))
          .isInstanceOf(org.apache.kafka.connect.errors.ConnectException.class)
          .hasMessageContaining("streamed transaction 900 does not fit in spool.max.bytes=")
          .hasMessageContaining("raise spool.max.bytes (0: no cap)");
      assertThat(streamed.replay(900, decoder)).isEqualTo(3);
      assertThat(streamed.spooledBytes()).isZero();
    }
  }

  @Test
  void abortOfTheWholeStreamedTransactionDropsItsFile(@TempDir Path spool) {
    try (StreamedTransactions streamed = new StreamedTransactions(spool)) {
      streamed.append(900, message('I').int32(900).int32(7).int8('N').tuple("x").buffer());
      streamed.abort(900, 900);
      assertThat(streamed.replay(900, decoder)).isZero();
      assertThat(handler.events).isEmpty();
      assertThat(spool.toFile().list()).isEmpty();
    }
  }

  @Test
  void unknownMessageTypeIsAProtocolError() {
    assertThatThrownBy(() -> decoder.decode(message('P').int8(0).buffer()))
        .isInstanceOf(PgOutputException.class)
        .hasMessageContaining("unknown pgoutput message type 'P'");
  }

  @Test
  void unknownTupleKindIsAProtocolError() {
    assertThatThrownBy(
            () -> decoder.decode(message('I').int32(7).int8('N').int16(1).int8('z').buffer()))
        .isInstanceOf(PgOutputException.class)
        .hasMessageContaining("unknown tuple column kind 'z'");
  }

  @Test
  void lengthsAndCountsBeyondTheMessageAreProtocolErrorsNotAllocations() {
    // A column claiming more bytes than the message holds, or a negative length that would move
    // the read position backwards.
    for (int length : new int[] {1 << 30, -8}) {
      assertThatThrownBy(
              () ->
                  decoder.decode(
                      message('I').int32(7).int8('N').int16(1).int8('t').int32(length).buffer()))
          .isInstanceOf(PgOutputException.class)
          .hasMessageContaining("declares " + length + " bytes");
    }
    // A Truncate of two billion relations in a dozen bytes.
    assertThatThrownBy(
            () -> decoder.decode(message('T').int32(Integer.MAX_VALUE).int8(0).int32(7).buffer()))
        .isInstanceOf(PgOutputException.class)
        .hasMessageContaining("Truncate declares 2147483647 relations");
  }

  private static java.nio.ByteBuffer relationOf(int xid) {
    return message('R')
        .int32(xid)
        .int32(7)
        .string("public")
        .string("t")
        .int8('d')
        .int16(1)
        .int8(1)
        .string("v")
        .int32(25)
        .int32(-1)
        .buffer();
  }
}
