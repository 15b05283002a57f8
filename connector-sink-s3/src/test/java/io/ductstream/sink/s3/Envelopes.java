package io.ductstream.sink.s3;

import io.ductstream.contract.envelope.ChangeEnvelope;
import java.util.List;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;

/** Change records as the Postgres source makes them, for tests. */
public final class Envelopes {
  public static final Schema ROW =
      SchemaBuilder.struct()
          .name("shop.public.orders.Value")
          .field("id", Schema.INT64_SCHEMA)
          .field("region", Schema.OPTIONAL_STRING_SCHEMA)
          .field("note", Schema.OPTIONAL_STRING_SCHEMA)
          .build();
  public static final Schema ENVELOPE = ChangeEnvelope.envelopeSchema("shop.public.orders", ROW);

  /** The orders row after ADD COLUMN qty: the table's next schema version. */
  public static final Schema ROW_WITH_QTY =
      SchemaBuilder.struct()
          .name("shop.public.orders.Value")
          .field("id", Schema.INT64_SCHEMA)
          .field("region", Schema.OPTIONAL_STRING_SCHEMA)
          .field("note", Schema.OPTIONAL_STRING_SCHEMA)
          .field("qty", Schema.OPTIONAL_INT32_SCHEMA)
          .build();

  private Envelopes() {}

  /** An insert of {@code (id, region, note)} committed at {@code commitMillis}. */
  public static Struct insert(long id, String region, String note, long commitMillis) {
    Struct row = new Struct(ENVELOPE.field("after").schema());
    row.put("id", id).put("region", region).put("note", note);
    Struct source =
        new Struct(ChangeEnvelope.SOURCE_BLOCK)
            .put("db", "shop")
            .put("schema", "public")
            .put("table", "orders")
            .put("lsn", 1000L + id)
            .put("tx_id", 7L)
            .put("commit_ts_us", commitMillis * 1000)
            .put("snapshot", false);
    return new Struct(ENVELOPE)
        .put("op", "c")
        .put("after", row)
        .put("source", source)
        .put("ts_us", commitMillis * 1000)
        .put("unchanged", List.of());
  }

  /**
   * Inserts of ids {@code from..to-1} at the offsets of the same numbers in partition 0 of {@code
   * topic}, committed one second apart from {@code t0Millis}.
   */
  public static List<SinkRecord> inserts(String topic, long from, long to, long t0Millis) {
    List<SinkRecord> records = new java.util.ArrayList<>();
    for (long offset = from; offset < to; offset++) {
      records.add(
          record(
              topic, 0, offset, insert(offset, "eu", "note " + offset, t0Millis + offset * 1000)));
    }
    return records;
  }

  public static SinkRecord record(String topic, int partition, long offset, Struct value) {
    return new SinkRecord(topic, partition, null, null, value.schema(), value, offset);
  }
}
