package io.ductstream.sink.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.ductstream.contract.envelope.ChangeEnvelope;
import io.ductstream.format.mapping.ConnectSchemaJson;
import io.ductstream.testkit.S3Server;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A table whose change records go from schema version 1 to version 2 (ADD COLUMN qty) in one topic
 * partition, written flat to the test kit's S3 server: each version gets its {@code
 * _schemas/v<version>.json} object, and each data object holds the rows of one version only, whose
 * integer {@code __schema_version} says which.
 */
class SchemaVersionIT {
  private static final String TOPIC = "shop.public.orders";
  private static final TopicPartition TP = new TopicPartition(TOPIC, 0);
  private static final long T0 = 1_764_000_000_000L;
  private static final Schema V1 =
      ChangeEnvelope.envelopeSchema("shop.public.orders", Envelopes.ROW, 1);
  private static final Schema V2 =
      ChangeEnvelope.envelopeSchema("shop.public.orders", Envelopes.ROW_WITH_QTY, 2);

  private static String bucket;
  private static S3Client s3;

  @BeforeAll
  static void bucket() {
    bucket = S3Server.shared().createBucket("schema-version");
    s3 = S3Server.shared().client();
  }

  @AfterAll
  static void closeClient() {
    s3.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"parquet", "json", "avro"})
  void eachVersionHasItsSchemaObjectAndDataObjectsHoldingOnlyItsRows(String format) {
    String prefix = "versions-" + format;
    Map<String, String> props = TaskHarness.props(bucket, prefix);
    props.put("format", format);
    props.put("layout", "flat");
    props.put("flush.size", "100");
    List<SinkRecord> records = new ArrayList<>();
    for (long offset = 0; offset < 6; offset++) {
      records.add(
          Envelopes.record(TOPIC, 0, offset, offset < 3 ? insert(V1, offset) : insert(V2, offset)));
    }
    try (TaskHarness task = new TaskHarness(props, TP)) {
      task.put(records);
      task.passScheduleInterval();
      assertThat(task.preCommit()).containsEntry(TP, 6L);
    }

    String table = prefix + "/public/orders/";
    assertThat(BucketContents.keys(s3, bucket, table + "_schemas/"))
        .containsExactly(table + "_schemas/v1.json", table + "_schemas/v2.json");
    Schema v1 = schemaObject(table + "_schemas/v1.json");
    Schema v2 = schemaObject(table + "_schemas/v2.json");
    assertThat(v1.version()).isEqualTo(1);
    assertThat(v1.field("qty")).isNull();
    assertThat(v2.version()).isEqualTo(2);
    assertThat(v2.field("qty")).isNotNull();
    assertThat(v2.field("__schema_version").schema().type()).isEqualTo(Schema.Type.INT32);

    List<BucketContents.DataObject> objects = BucketContents.read(s3, bucket, table);
    assertThat(objects).hasSize(2);
    BucketContents.DataObject first = objects.get(0);
    BucketContents.DataObject second = objects.get(1);
    assertThat(first.metadata()).containsEntry("schema-version", "1");
    assertThat(second.metadata()).containsEntry("schema-version", "2");
    assertThat(first.values()).extracting(BucketContents::id).containsExactly(0L, 1L, 2L);
    assertThat(second.values()).extracting(BucketContents::id).containsExactly(3L, 4L, 5L);
    assertThat(first.values())
        .allSatisfy(
            row -> {
              assertThat(((Struct) row).get("__schema_version")).isEqualTo(1);
              assertThat(((Struct) row).schema().field("qty")).isNull();
            });
    assertThat(second.values())
        .allSatisfy(
            row -> {
              assertThat(((Struct) row).get("__schema_version")).isEqualTo(2);
              assertThat(((Struct) row).get("qty")).isEqualTo(7);
            });
    System.out.println(
        "checked: "
            + format
            + " v1 rows 0..2 and v2 rows 3..5 in "
            + objects.stream().map(BucketContents.DataObject::key).toList()
            + " with _schemas/v1.json and v2.json");
  }

  private static Schema schemaObject(String key) {
    String json =
        new String(
            s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray(),
            StandardCharsets.UTF_8);
    return new ConnectSchemaJson().fromJson(json);
  }

  private static Struct insert(Schema envelope, long id) {
    Struct template = Envelopes.insert(id, "eu", "n" + id, T0);
    Struct after = new Struct(envelope.field("after").schema());
    after.put("id", id).put("region", "eu").put("note", "n" + id);
    if (after.schema().field("qty") != null) {
      after.put("qty", 7);
    }
    return new Struct(envelope)
        .put("op", "c")
        .put("after", after)
        .put("source", template.getStruct("source"))
        .put("ts_us", template.getInt64("ts_us"))
        .put("unchanged", List.of());
  }
}
