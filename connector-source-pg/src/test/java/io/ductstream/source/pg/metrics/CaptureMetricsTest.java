package io.ductstream.source.pg.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.ductstream.contract.envelope.ChangeEnvelope;
import io.ductstream.metrics.TaskMetrics;
import io.ductstream.source.pg.records.ChangeRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class CaptureMetricsTest {
  private static final Schema ROW =
      SchemaBuilder.struct()
          .name("t.public.items.Value")
          .field("id", Schema.INT64_SCHEMA)
          .field("name", Schema.OPTIONAL_STRING_SCHEMA)
          .field("blob", Schema.OPTIONAL_BYTES_SCHEMA)
          .build();
  private static final Schema ENVELOPE = ChangeEnvelope.envelopeSchema("t.public.items", ROW);

  /** The meters registered, by name and tags. */
  private static final class Recorded implements TaskMetrics {
    final Map<String, DoubleSupplier> meters = new HashMap<>();

    @Override
    public void register(
        String name, String description, Map<String, String> tags, DoubleSupplier value) {
      meters.put(name + new java.util.TreeMap<>(tags), value);
    }

    @Override
    public void close() {
      meters.clear();
    }

    double value(String key) {
      return meters.get(key).getAsDouble();
    }
  }

  @Test
  void rowsAndBytesAreCountedPerTableAndOp() {
    Recorded recorded = new Recorded();
    CaptureMetrics metrics = new CaptureMetrics(recorded);
    List<SourceRecord> batch = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      batch.add(change("c", i, "abcd", new byte[] {1, 2}));
    }
    batch.add(change("d", 7, null, null));
    batch.add(new SourceRecord(Map.of(), Map.of(), "heartbeats", Schema.STRING_SCHEMA, "beat"));

    metrics.handedOver(batch);
    metrics.handedOver(List.of(change("c", 9, "", null)));

    assertThat(recorded.value("ductstream_rows_total{op=c, table=public.items}")).isEqualTo(4.0);
    assertThat(recorded.value("ductstream_rows_total{op=d, table=public.items}")).isEqualTo(1.0);
    // an id (8) + 4 characters + 2 bytes per insert; the delete's before image holds the id only
    assertThat(recorded.value("ductstream_bytes_total{op=c, table=public.items}"))
        .isEqualTo(3 * 14.0 + 8.0);
    assertThat(recorded.value("ductstream_bytes_total{op=d, table=public.items}")).isEqualTo(8.0);
  }

  @Test
  void aStreamedChangeCountsTheBytesItsChangeMessageHeld() {
    Recorded recorded = new Recorded();
    CaptureMetrics metrics = new CaptureMetrics(recorded);
    SourceRecord plain = change("c", 1, "abcd", null);
    ChangeRecord streamed = asChangeRecord(plain);
    streamed.valueBytes(40);
    ChangeRecord unknown = asChangeRecord(plain);

    metrics.handedOver(List.of(streamed, unknown));

    // the message's 40 bytes, then the walk of the row (8 + 4) for a record that has no count
    assertThat(recorded.value("ductstream_bytes_total{op=c, table=public.items}"))
        .isEqualTo(40.0 + 12.0);
  }

  @Test
  void lagIsTheAgeOfTheLastStreamedChangeAndZeroOnceNothingWaits() {
    Recorded recorded = new Recorded();
    CaptureMetrics metrics = new CaptureMetrics(recorded);
    SourceRecord old = change("u", 1, "x", null);
    SourceRecord record =
        new SourceRecord(
            Map.of(),
            Map.of(),
            old.topic(),
            null,
            null,
            null,
            old.valueSchema(),
            old.value(),
            System.currentTimeMillis() - 5_000);

    metrics.handedOver(List.of(record));
    assertThat(recorded.value("ductstream_replication_lag_seconds{}")).isBetween(5.0, 60.0);

    metrics.handedOver(List.of());
    assertThat(recorded.value("ductstream_replication_lag_seconds{}")).isZero();
  }

  @Test
  void checkpointAgeStartsAgainAtEachCheckpoint() throws InterruptedException {
    Recorded recorded = new Recorded();
    CaptureMetrics metrics = new CaptureMetrics(recorded);
    Thread.sleep(50);
    assertThat(recorded.value("ductstream_checkpoint_age_seconds{}")).isGreaterThan(0.0);
    metrics.checkpointed();
    assertThat(recorded.value("ductstream_checkpoint_age_seconds{}")).isLessThan(0.05);
  }

  @Test
  void withoutPluginMetricsNothingIsCounted() {
    CaptureMetrics metrics = new CaptureMetrics(TaskMetrics.NONE);
    metrics.handedOver(List.of(change("c", 1, "x", null)));
    metrics.close();
  }

  private static ChangeRecord asChangeRecord(SourceRecord record) {
    return new ChangeRecord(
        null,
        Map.of(),
        Map.of(),
        record.topic(),
        null,
        null,
        record.valueSchema(),
        record.value(),
        record.timestamp());
  }

  private static SourceRecord change(String op, long id, String name, byte[] blob) {
    Struct row = new Struct(ROW).put("id", id).put("name", name).put("blob", blob);
    Struct source =
        new Struct(ChangeEnvelope.SOURCE_BLOCK)
            .put(ChangeEnvelope.SOURCE_DB, "db")
            .put(ChangeEnvelope.SOURCE_SCHEMA, "public")
            .put(ChangeEnvelope.SOURCE_TABLE, "items")
            .put(ChangeEnvelope.SOURCE_LSN, 1L)
            .put(ChangeEnvelope.SOURCE_SNAPSHOT, false);
    Struct value =
        new Struct(ENVELOPE)
            .put(ChangeEnvelope.OP, op)
            .put(
                op.equals("d") ? ChangeEnvelope.BEFORE : ChangeEnvelope.AFTER,
                op.equals("d")
                    ? new Struct(ENVELOPE.field(ChangeEnvelope.BEFORE).schema()).put("id", id)
                    : copy(row))
            .put(ChangeEnvelope.SOURCE, source)
            .put(ChangeEnvelope.TS_US, 0L);
    return new SourceRecord(
        Map.of(),
        Map.of(),
        "t.public.items",
        null,
        null,
        null,
        ENVELOPE,
        value,
        System.currentTimeMillis());
  }

  private static Struct copy(Struct row) {
    Schema optional = ENVELOPE.field(ChangeEnvelope.AFTER).schema();
    Struct copy = new Struct(optional);
    for (org.apache.kafka.connect.data.Field field : row.schema().fields()) {
      copy.put(field.name(), row.get(field));
    }
    return copy;
  }
}
