package io.ductstream.source.pg.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BackfillSignalTest {

  @Test
  void debeziumsExecuteSnapshotSignalNamesTheTables() {
    BackfillSignal signal =
        BackfillSignal.parse(
            "s1",
            "{\"data-collections\": [\"public.orders\", \"customers\"], \"type\": \"incremental\"}");

    assertThat(signal.id()).isEqualTo("s1");
    assertThat(signal.tables()).containsExactly("public.orders", "public.customers");
    assertThat(BackfillSignal.isBackfill("execute-snapshot")).isTrue();
    assertThat(BackfillSignal.isBackfill("Backfill")).isTrue();
    assertThat(BackfillSignal.isBackfill("log")).isFalse();
  }

  @Test
  void tablesIsAnotherNameForDataCollections() {
    assertThat(BackfillSignal.parse("s2", "{\"tables\": [\"app.t\"]}").tables())
        .containsExactly("app.t");
  }

  @Test
  void badDataSaysWhatIsWrongAndHowItShouldLook() {
    assertThatThrownBy(() -> BackfillSignal.parse("s3", "not json"))
        .hasMessage(
            "backfill signal s3 is ignored: its data is not JSON; write data as"
                + " {\"data-collections\": [\"schema.table\", ...]}");
    assertThatThrownBy(() -> BackfillSignal.parse("s4", "{\"data-collections\": []}"))
        .hasMessageContaining("it names no tables");
    assertThatThrownBy(() -> BackfillSignal.parse("s5", "{\"data-collections\": [1]}"))
        .hasMessageContaining("\"1\" is not a table name");
    assertThatThrownBy(
            () ->
                BackfillSignal.parse(
                    "s6", "{\"data-collections\": [\"t\"], \"type\": \"blocking\"}"))
        .hasMessageContaining("only incremental backfills exist, not \"blocking\"");
    assertThatThrownBy(() -> BackfillSignal.parse("s7", null))
        .hasMessageContaining("s7 is ignored");
  }
}
