package io.ductstream.sink.s3.partition;

import static org.assertj.core.api.Assertions.assertThat;

import io.ductstream.sink.s3.Envelopes;
import io.ductstream.sink.s3.record.RecordView;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class PartitionerTest {
  private static final long COMMIT = Instant.parse("2026-11-25T23:30:00Z").toEpochMilli();

  @Test
  void changeRecordsBelongToSchemaSlashTable() {
    RecordView view =
        new RecordView(
            Envelopes.record("shop.public.orders", 0, 5, Envelopes.insert(1, "eu", "x", COMMIT)));
    assertThat(view.tablePath()).isEqualTo("public/orders");
    assertThat(view.timeMillis()).isEqualTo(COMMIT);
  }

  @Test
  void plainRecordsBelongToTheirTopicAndTimeIsTheKafkaTimestamp() {
    SinkRecord plain =
        new SinkRecord(
            "clicks",
            0,
            null,
            null,
            null,
            Map.of("page", "/a"),
            9,
            1234L,
            TimestampType.CREATE_TIME);
    RecordView view = new RecordView(plain);
    assertThat(view.tablePath()).isEqualTo("clicks");
    assertThat(view.timeMillis()).isEqualTo(1234L);
    assertThat(view.field("page")).isEqualTo("/a");
  }

  @Test
  void timePartitionerFormatsTheCommitTimeInTheConfiguredZone() {
    DateTimeFormatter utc =
        DateTimeFormatter.ofPattern("'date'=yyyy-MM-dd/'hour'=HH", Locale.ROOT)
            .withZone(ZoneId.of("UTC"));
    DateTimeFormatter berlin = utc.withZone(ZoneId.of("Europe/Berlin"));
    RecordView view =
        new RecordView(Envelopes.record("t", 0, 0, Envelopes.insert(1, "eu", "x", COMMIT)));
    assertThat(new TimePartitioner(utc).path(view)).isEqualTo("date=2026-11-25/hour=23");
    assertThat(new TimePartitioner(berlin).path(view)).isEqualTo("date=2026-11-26/hour=00");
  }

  @Test
  void timePartitionerWithSecondsDoesNotReuseAMinutePath() {
    DateTimeFormatter seconds =
        DateTimeFormatter.ofPattern("HH-mm-ss", Locale.ROOT).withZone(ZoneId.of("UTC"));
    TimePartitioner partitioner = new TimePartitioner(seconds);
    assertThat(
            partitioner.path(
                new RecordView(
                    Envelopes.record("t", 0, 0, Envelopes.insert(1, "eu", "x", COMMIT + 1000)))))
        .isEqualTo("23-30-01");
    assertThat(
            partitioner.path(
                new RecordView(
                    Envelopes.record("t", 0, 1, Envelopes.insert(1, "eu", "x", COMMIT + 2000)))))
        .isEqualTo("23-30-02");
  }

  @Test
  void onlyTheTimePartitionerNeedsTheRecordTime() {
    DateTimeFormatter day =
        DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT).withZone(ZoneId.of("UTC"));
    Partitioner table = record -> "";
    assertThat(new TimePartitioner(day).usesRecordTime()).isTrue();
    // by a column, it falls back to the record time where the column is null
    assertThat(new TimePartitioner(day, "placed").usesRecordTime()).isTrue();
    assertThat(new FieldPartitioner(List.of("region")).usesRecordTime()).isFalse();
    assertThat(table.usesRecordTime()).isFalse();
  }

  @Test
  void fieldPartitionerUsesTheRowValuesAndNamesNulls() {
    FieldPartitioner partitioner = new FieldPartitioner(List.of("region", "note"));
    RecordView view =
        new RecordView(Envelopes.record("t", 0, 0, Envelopes.insert(1, "eu/west", null, COMMIT)));
    assertThat(partitioner.path(view)).isEqualTo("region=eu%2Fwest/note=__null__");
  }

  @Test
  void timePartitionerByAColumnReadsTimestampMicrosAndDatesAndFallsBackToCommitTimeOnNull() {
    DateTimeFormatter day =
        DateTimeFormatter.ofPattern("'year='yyyy/'month='MM/'day='dd", Locale.ROOT)
            .withZone(ZoneId.of("UTC"));
    org.apache.kafka.connect.data.Schema row =
        org.apache.kafka.connect.data.SchemaBuilder.struct()
            .field(
                "placed",
                io.ductstream.contract.envelope.SemanticTypes.timestampTzMicros()
                    .optional()
                    .build())
            .field("due", org.apache.kafka.connect.data.Timestamp.builder().optional().build())
            .build();
    long placed = Instant.parse("2026-01-02T03:04:05Z").toEpochMilli();
    org.apache.kafka.connect.data.Struct value =
        new org.apache.kafka.connect.data.Struct(row)
            .put("placed", placed * 1000)
            .put("due", new java.util.Date(placed + 86_400_000L * 40));
    RecordView view =
        new RecordView(
            new SinkRecord("t", 0, null, null, row, value, 0, COMMIT, TimestampType.CREATE_TIME));
    assertThat(new TimePartitioner(day, "placed").path(view))
        .isEqualTo("year=2026/month=01/day=02");
    assertThat(new TimePartitioner(day, "due").path(view)).isEqualTo("year=2026/month=02/day=11");
    value.put("placed", null);
    assertThat(new TimePartitioner(day, "placed").path(view))
        .isEqualTo("year=2026/month=11/day=25");
  }
}
