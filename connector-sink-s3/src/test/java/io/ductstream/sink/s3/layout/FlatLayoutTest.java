package io.ductstream.sink.s3.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ductstream.contract.envelope.ChangeEnvelope;
import io.ductstream.sink.s3.record.RecordView;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class FlatLayoutTest {
  private static final Schema ROW =
      SchemaBuilder.struct()
          .name("app.public.orders.Value")
          .field("id", Schema.INT64_SCHEMA)
          .field("note", Schema.OPTIONAL_STRING_SCHEMA)
          .build();
  private static final Schema KEY =
      SchemaBuilder.struct().name("app.public.orders.Key").field("id", Schema.INT64_SCHEMA).build();
  private static final Schema ENVELOPE = ChangeEnvelope.envelopeSchema("app.public.orders", ROW);

  private final FlatLayout layout = new FlatLayout();

  @Test
  void aSharedTopicsKeyIsWrittenWithoutItsTableIdentitySoKeyIsTheSameWhateverTheRouting() {
    Schema tableKey =
        SchemaBuilder.struct()
            .name("app.public.orders.Key")
            .field(ChangeEnvelope.KEY_NAMESPACE, Schema.STRING_SCHEMA)
            .field(ChangeEnvelope.KEY_TABLE, Schema.STRING_SCHEMA)
            .field("id", Schema.INT64_SCHEMA)
            .build();
    Struct key =
        new Struct(tableKey).put("__namespace", "public").put("__table", "orders").put("id", 7L);

    Struct value = flatten(tableKey, key, envelope("c", null, row(7, "new"))).value();

    assertThat(value.get("__key")).isEqualTo("{\"id\":7}");
    assertThat(value.get("__table")).isEqualTo("orders");
    assertThat(value.get("__namespace")).isEqualTo("public");
    assertThat(flatten(KEY, key(7), envelope("c", null, row(7, "new"))).value().get("__key"))
        .isEqualTo(value.get("__key"));
  }

  @Test
  void keysOfIntegersBooleansAndTextAreTheTextsAJsonGeneratorWrites() throws Exception {
    Schema keySchema =
        SchemaBuilder.struct()
            .name("app.public.orders.Key")
            .field("tiny", Schema.INT8_SCHEMA)
            .field("small", Schema.INT16_SCHEMA)
            .field("n", Schema.INT32_SCHEMA)
            .field("id", Schema.INT64_SCHEMA)
            .field("flag", Schema.OPTIONAL_BOOLEAN_SCHEMA)
            .field("code", Schema.OPTIONAL_STRING_SCHEMA)
            .build();
    List<String> codes =
        java.util.Arrays.asList(
            "plain",
            "",
            null,
            "ünïcödé 🙂",
            "quote\"d",
            "back\\slash",
            "sl/ash",
            "tab\there",
            "line\nbreak",
            "\u0001",
            "\ud83d");
    for (String code : codes) {
      for (Boolean flag : java.util.Arrays.asList(true, false, null)) {
        Struct key =
            new Struct(keySchema)
                .put("tiny", Byte.MIN_VALUE)
                .put("small", Short.MAX_VALUE)
                .put("n", -42)
                .put("id", Long.MIN_VALUE)
                .put("flag", flag)
                .put("code", code);

        Object text =
            flatten(keySchema, key, envelope("c", null, row(7, "x"))).value().get("__key");

        assertThat(text).as("key %s", key).isEqualTo(generatorText(keySchema, key));
      }
    }
  }

  /** The key's text as Jackson writes it through the generic value codec. */
  private static String generatorText(Schema schema, Struct key) throws Exception {
    java.io.StringWriter out = new java.io.StringWriter();
    try (com.fasterxml.jackson.core.JsonGenerator generator =
        new com.fasterxml.jackson.core.JsonFactory().createGenerator(out)) {
      io.ductstream.format.json.JsonValueCodec.write(
          io.ductstream.format.mapping.SchemaNode.of(schema), key, generator);
    }
    return out.toString();
  }

  @Test
  void insertPutsMetadataFirstThenTheAfterImageAsTypedColumns() {
    Row flat = flatten(KEY, key(7), envelope("c", null, row(7, "new")));

    assertThat(flat.schema().fields())
        .extracting(Field::name)
        .containsExactly(
            "__op",
            "__ts",
            "__schema_version",
            "__table",
            "__namespace",
            "__key",
            "__before_json",
            "__lsn",
            "__unchanged",
            "__overflow",
            "id",
            "note");
    assertThat(flat.schema().field("id").schema().type()).isEqualTo(Schema.Type.INT64);
    assertThat(flat.schema().field("id").schema().isOptional()).isTrue();
    Struct value = flat.value();
    assertThat(value.get("__op")).isEqualTo("c");
    assertThat(value.get("__ts")).isEqualTo(1_700_000_000_000_000L);
    assertThat(value.get("__table")).isEqualTo("orders");
    assertThat(value.get("__namespace")).isEqualTo("public");
    assertThat(value.get("__key")).isEqualTo("{\"id\":7}");
    assertThat(value.get("__before_json")).isNull();
    assertThat(value.get("__lsn")).isEqualTo(4242L);
    assertThat(value.get("id")).isEqualTo(7L);
    assertThat(value.get("note")).isEqualTo("new");
    value.validate();
  }

  @Test
  void updateKeepsTheBeforeImageAsJson() {
    Struct value = flatten(KEY, key(7), envelope("u", row(7, "old"), row(7, "new"))).value();

    assertThat(value.get("__before_json")).isEqualTo("{\"id\":7,\"note\":\"old\"}");
    assertThat(value.get("note")).isEqualTo("new");
  }

  @Test
  void everyRowGetsItsOwnJsonTextsWhenManyAreFlattenedInARow() {
    // the JSON texts come from one generator reused across rows: nothing may carry over
    for (int id = 1; id <= 3; id++) {
      Struct value =
          flatten(KEY, key(id), envelope("u", row(id, "old" + id), row(id, "new"))).value();
      assertThat(value.get("__key")).isEqualTo("{\"id\":" + id + "}");
      assertThat(value.get("__before_json"))
          .isEqualTo("{\"id\":" + id + ",\"note\":\"old" + id + "\"}");
    }
  }

  @Test
  void overflowColumnHoldsTheWrittenImagesOverflow() {
    Struct update = envelope("u", row(7, "old"), row(7, null));
    update.put(
        "overflow",
        new Struct(ChangeEnvelope.OVERFLOW_BLOCK)
            .put("before", Map.of("note", "[0:1]"))
            .put("after", Map.of("note", "NaN")));
    Struct delete = envelope("d", row(7, null), null);
    delete.put(
        "overflow",
        new Struct(ChangeEnvelope.OVERFLOW_BLOCK).put("before", Map.of("note", "[0:1]")));

    assertThat(flatten(KEY, key(7), update).value().get("__overflow"))
        .isEqualTo(Map.of("note", "NaN"));
    assertThat(flatten(KEY, key(7), delete).value().get("__overflow"))
        .isEqualTo(Map.of("note", "[0:1]"));
    assertThat(flatten(KEY, key(7), envelope("c", null, row(7, "x"))).value().get("__overflow"))
        .isNull();
  }

  @Test
  void beforeJsonCarriesTheBeforeImagesOverflowAsALastMember() {
    Struct update = envelope("u", row(7, null), row(7, "new"));
    update.put(
        "overflow",
        new Struct(ChangeEnvelope.OVERFLOW_BLOCK).put("before", Map.of("note", "[0:1]")));

    assertThat(flatten(KEY, key(7), update).value().get("__before_json"))
        .isEqualTo("{\"id\":7,\"note\":null,\"__overflow\":{\"note\":\"[0:1]\"}}");
    // the next text starts clean
    assertThat(
            flatten(KEY, key(8), envelope("u", row(8, "old"), row(8, "new")))
                .value()
                .get("__before_json"))
        .isEqualTo("{\"id\":8,\"note\":\"old\"}");
  }

  @Test
  void deleteHoldsTheBeforeImageInTheColumns() {
    Struct value = flatten(KEY, key(7), envelope("d", row(7, null), null)).value();

    assertThat(value.get("__op")).isEqualTo("d");
    assertThat(value.get("id")).isEqualTo(7L);
    assertThat(value.get("note")).isNull();
  }

  @Test
  void truncateHasNoImageAndNoKey() {
    Row flat = flatten(null, null, envelope("t", null, null));

    flat.value().validate();
    assertThat(flat.value().get("id")).isNull();
    assertThat(flat.value().get("__key")).isNull();
  }

  @Test
  void schemaVersionIsTheEnvelopesVersionAsAnOptionalInteger() {
    Row unversioned = flatten(KEY, key(1), envelope("c", null, row(1, "a")));
    Schema v2 = ChangeEnvelope.envelopeSchema("app.public.orders", ROW, 2);
    Struct after = new Struct(v2.field("after").schema()).put("id", 2L).put("note", "b");
    Row versioned = flatten(KEY, key(2), envelope(v2, "c", null, after));

    assertThat(unversioned.schema().field("__schema_version").schema())
        .isEqualTo(Schema.OPTIONAL_INT32_SCHEMA);
    assertThat(version(unversioned)).isNull();
    assertThat(unversioned.schema().version()).isNull();
    assertThat(version(versioned)).isEqualTo(2);
    assertThat(versioned.schema().version()).isEqualTo(2);
  }

  @Test
  void aVersionOnlyChangeGivesAnotherFlatSchema() {
    Schema v1 = ChangeEnvelope.envelopeSchema("app.public.orders", ROW, 1);
    Schema v2 = ChangeEnvelope.envelopeSchema("app.public.orders", ROW, 2);
    Row first = flatten(KEY, key(1), envelope(v1, "c", null, rowOf(v1, 1)));
    Row second = flatten(KEY, key(2), envelope(v2, "c", null, rowOf(v2, 2)));

    assertThat(first.schema().fields()).isEqualTo(second.schema().fields());
    assertThat(first.schema()).isNotEqualTo(second.schema());
    assertThat(version(first)).isEqualTo(1);
    assertThat(version(second)).isEqualTo(2);
  }

  @Test
  void recordsThatAreNotChangeEnvelopesAreWrittenAsTheyAre() {
    Struct plain = new Struct(ROW).put("id", 1L);
    SinkRecord typed = new SinkRecord("app", 0, null, null, ROW, plain, 0);
    Map<String, Object> map = Map.of("page", "/a");
    SinkRecord schemaless = new SinkRecord("clicks", 0, null, null, null, map, 1);

    assertThat(layout.shape(new RecordView(typed))).isSameAs(RowShape.AS_IS);
    assertThat(RowShape.AS_IS.schema(typed)).isSameAs(ROW);
    assertThat(RowShape.AS_IS.row(typed)).isSameAs(plain);
    assertThat(layout.shape(new RecordView(schemaless))).isSameAs(RowShape.AS_IS);
    assertThat(RowShape.AS_IS.schema(schemaless)).isNull();
    assertThat(RowShape.AS_IS.row(schemaless)).isSameAs(map);
  }

  @Test
  void aTombstoneOfAChangeTopicIsNotLaidOutFlat() {
    // the writer skips records without a value before it asks the layout; were one asked, it
    // would pass through as it is
    SinkRecord tombstone = new SinkRecord("app", 0, KEY, key(7), ENVELOPE, null, 3);

    assertThat(layout.shape(new RecordView(tombstone))).isSameAs(RowShape.AS_IS);
  }

  @Test
  void changesOfOneEnvelopeSchemaShareOneShape() {
    // no object per record: the shape is looked up once per change, and serves every record
    RowShape first = layout.shape(view(KEY, key(1), envelope("c", null, row(1, "a"))));
    RowShape second = layout.shape(view(KEY, key(2), envelope("d", row(2, "b"), null)));

    assertThat(second).isSameAs(first).isNotSameAs(RowShape.AS_IS);
  }

  @Test
  void aColumnNamedLikeMetadataIsRefusedWithTheFix() {
    Schema clash =
        SchemaBuilder.struct()
            .name("app.public.odd.Value")
            .field("__op", Schema.OPTIONAL_STRING_SCHEMA)
            .build();
    Schema envelope = ChangeEnvelope.envelopeSchema("app.public.odd", clash);
    Struct after = new Struct(envelope.field("after").schema()).put("__op", "x");

    assertThatThrownBy(() -> flatten(null, null, envelope(envelope, "c", null, after)))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("column __op")
        .hasMessageContaining("layout=envelope");
  }

  /** A flat row and its schema, as the writer and the encoder thread get them. */
  private record Row(Schema schema, Struct value) {}

  private Row flatten(Schema keySchema, Object key, Struct envelope) {
    RecordView view = view(keySchema, key, envelope);
    RowShape shape = layout.shape(view);
    return new Row(shape.schema(view.record()), (Struct) shape.row(view.record()));
  }

  private static RecordView view(Schema keySchema, Object key, Struct envelope) {
    return new RecordView(
        new SinkRecord("app", 0, keySchema, key, envelope.schema(), envelope, 42));
  }

  private static Integer version(Row row) {
    return row.value().getInt32("__schema_version");
  }

  private static Struct rowOf(Schema envelope, long id) {
    return new Struct(envelope.field("after").schema()).put("id", id);
  }

  private static Struct key(long id) {
    return new Struct(KEY).put("id", id);
  }

  private static Struct row(long id, String note) {
    return new Struct(ENVELOPE.field("after").schema()).put("id", id).put("note", note);
  }

  private static Struct envelope(String op, Struct before, Struct after) {
    return envelope(ENVELOPE, op, before, after);
  }

  private static Struct envelope(Schema schema, String op, Struct before, Struct after) {
    Struct source =
        new Struct(ChangeEnvelope.SOURCE_BLOCK)
            .put("db", "app")
            .put("schema", "public")
            .put("table", schema.name().contains("odd") ? "odd" : "orders")
            .put("lsn", 4242L)
            .put("commit_ts_us", 1_700_000_000_000_000L)
            .put("snapshot", false);
    return new Struct(schema)
        .put("op", op)
        .put("before", before)
        .put("after", after)
        .put("source", source)
        .put("ts_us", 1_700_000_000_000_001L)
        .put("unchanged", op.equals("u") ? List.of() : null);
  }
}
