package io.ductstream.sink.s3.layout;

import static org.assertj.core.api.Assertions.assertThat;

import io.ductstream.sink.s3.Envelopes;
import io.ductstream.sink.s3.record.RecordView;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class EnvelopeLayoutTest {
  private static final long T0 = 1_764_000_000_000L;
  private static final Schema KEY =
      SchemaBuilder.struct()
          .name("shop.public.orders.Key")
          .field("id", Schema.INT64_SCHEMA)
          .build();

  private final EnvelopeLayout layout = new EnvelopeLayout();

  @Test
  void anInsertIsWrittenAsItsEnvelopeUnderTheEnvelopeSchema() {
    Struct insert = Envelopes.insert(1, "eu", "new", T0);

    assertWrittenAsItIs(record(insert, 0));
  }

  @Test
  void anUpdateKeepsBothImagesInItsEnvelope() {
    Struct update = Envelopes.insert(1, "eu", "new", T0).put("op", "u").put("before", row("old"));
    SinkRecord record = record(update, 1);

    Struct row = assertWrittenAsItIs(record);
    assertThat(row.getStruct("before").getString("note")).isEqualTo("old");
    assertThat(row.getStruct("after").getString("note")).isEqualTo("new");
  }

  @Test
  void aDeleteKeepsItsBeforeImageAndNoAfterImage() {
    Struct delete = Envelopes.insert(1, "eu", "gone", T0).put("op", "d").put("before", row("gone"));
    delete.put("after", null);
    SinkRecord record = record(delete, 2);

    Struct row = assertWrittenAsItIs(record);
    assertThat(row.getString("op")).isEqualTo("d");
    assertThat(row.getStruct("before").getString("note")).isEqualTo("gone");
    assertThat(row.get("after")).isNull();
  }

  @Test
  void aTombstoneAndASchemalessValuePassAsTheyAre() {
    SinkRecord tombstone =
        new SinkRecord("shop", 0, KEY, new Struct(KEY).put("id", 1L), Envelopes.ENVELOPE, null, 3);
    Map<String, Object> map = Map.of("page", "/a");
    SinkRecord schemaless = new SinkRecord("clicks", 0, null, null, null, map, 4);

    RowShape shape = layout.shape(new RecordView(tombstone));
    assertThat(shape.schema(tombstone)).isSameAs(Envelopes.ENVELOPE);
    assertThat(shape.row(tombstone)).isNull();
    shape = layout.shape(new RecordView(schemaless));
    assertThat(shape.schema(schemaless)).isNull();
    assertThat(shape.row(schemaless)).isSameAs(map);
  }

  /** The record's own schema and value, the same instances: nothing is copied per record. */
  private Struct assertWrittenAsItIs(SinkRecord record) {
    RowShape shape = layout.shape(new RecordView(record));
    assertThat(shape).isSameAs(RowShape.AS_IS);
    assertThat(shape.schema(record)).isSameAs(Envelopes.ENVELOPE);
    assertThat(shape.row(record)).isSameAs(record.value());
    ((Struct) shape.row(record)).validate();
    return (Struct) shape.row(record);
  }

  private static Struct row(String note) {
    return new Struct(Envelopes.ENVELOPE.field("after").schema())
        .put("id", 1L)
        .put("region", "eu")
        .put("note", note);
  }

  private static SinkRecord record(Struct envelope, long offset) {
    return new SinkRecord(
        "shop", 0, KEY, new Struct(KEY).put("id", 1L), envelope.schema(), envelope, offset);
  }
}
