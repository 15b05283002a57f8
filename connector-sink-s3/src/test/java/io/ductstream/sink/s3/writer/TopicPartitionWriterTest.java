package io.ductstream.sink.s3.writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ductstream.contract.envelope.ChangeEnvelope;
import io.ductstream.contract.envelope.TrustedStructs;
import io.ductstream.format.BatchWriterOptions;
import io.ductstream.format.WireFormat;
import io.ductstream.sink.s3.Envelopes;
import io.ductstream.sink.s3.buffer.Encoder;
import io.ductstream.sink.s3.index.SegmentIndex;
import io.ductstream.sink.s3.layout.EnvelopeLayout;
import io.ductstream.sink.s3.layout.FlatLayout;
import io.ductstream.sink.s3.layout.RowLayout;
import io.ductstream.sink.s3.naming.ObjectNamer;
import io.ductstream.sink.s3.rotation.RotationPolicy;
import io.ductstream.sink.s3.schema.SchemaVersions;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopicPartitionWriterTest {
  private static final TopicPartition TP = new TopicPartition("shop", 0);
  private static final long T0 = 1_764_000_000_000L;

  @TempDir Path dir;
  private final Encoder encoder = new Encoder();

  @AfterEach
  void stopEncoder() {
    encoder.close();
  }

  private final MemoryObjectStore store = new MemoryObjectStore();
  private final AtomicLong clock = new AtomicLong();
  private long indexRecheckMs;

  private TopicPartitionWriter writer(RotationPolicy rotation) {
    return writer(rotation, 32);
  }

  private TopicPartitionWriter writer(RotationPolicy rotation, int maxOpenObjects) {
    return writer(rotation, maxOpenObjects, new EnvelopeLayout());
  }

  private TopicPartitionWriter writer(
      RotationPolicy rotation, int maxOpenObjects, RowLayout layout) {
    ObjectNamer namer = new ObjectNamer("p");
    return new TopicPartitionWriter(
        TP,
        new TopicPartitionWriter.Context(
            store,
            namer,
            new ObjectFactory(
                namer, WireFormat.JSON, BatchWriterOptions.defaults(), 1024, dir, encoder),
            new SchemaVersions(),
            new SegmentIndex(store, namer),
            record -> "",
            rotation,
            layout,
            maxOpenObjects,
            clock::get,
            indexRecheckMs));
  }

  @Test
  void aNewSchemaVersionStartsNewObjectsAndWritesItsSchemaOnce() {
    TopicPartitionWriter writer = writer(new RotationPolicy(100, 1 << 20, -1, -1));
    writer.write(record(0, Envelopes.insert(0, "eu", "a", T0)));
    writer.write(record(1, Envelopes.insert(1, "eu", "b", T0)));
    writer.write(record(2, widened(2)));
    writer.write(record(3, widened(3)));
    assertThat(writer.committableOffset()).isEqualTo(2);
    assertThat(dataKeys()).containsExactly("p/public/orders/shop+0+00000000000000000000.jsonl");
    assertThat(store.list("p/public/orders/_schemas/")).hasSize(2);
    assertThat(store.list("p/_index/shop+0/"))
        .containsExactly("p/_index/shop+0/00000000000000000000-00000000000000000001");
  }

  @Test
  void recordsOfTwoTablesInOnePartitionGoToTwoObjectsFinishedTogether() {
    TopicPartitionWriter writer = writer(new RotationPolicy(2, 1 << 20, -1, -1));
    writer.write(record(0, Envelopes.insert(0, "eu", "a", T0)));
    writer.write(record(1, other(1)));
    assertThat(writer.committableOffset()).isZero();
    writer.write(record(2, other(2))); // the second table's object is full: both are finished
    assertThat(writer.committableOffset()).isEqualTo(3);
    assertThat(dataKeys())
        .containsExactly(
            "p/public/customers/shop+0+00000000000000000001.jsonl",
            "p/public/orders/shop+0+00000000000000000000.jsonl");
    assertThat(
            new String(
                store.objects.get("p/_index/shop+0/00000000000000000000-00000000000000000002")))
        .contains("p/public/orders/shop+0+00000000000000000000.jsonl")
        .contains("p/public/customers/shop+0+00000000000000000001.jsonl");
  }

  @Test
  void wallClockRotationFinishesAQuietSegment() {
    TopicPartitionWriter writer = writer(new RotationPolicy(100, 1 << 20, -1, 5_000));
    writer.write(record(0, Envelopes.insert(0, "eu", "a", T0)));
    writer.rotateIfDue();
    assertThat(dataKeys()).isEmpty();
    clock.addAndGet(5_000);
    writer.rotateIfDue();
    assertThat(dataKeys()).hasSize(1);
    assertThat(writer.committableOffset()).isEqualTo(1);
  }

  @Test
  void replayCutsAtTheIndexedBoundariesWhateverTheRotationRules() {
    TopicPartitionWriter first = writer(new RotationPolicy(3, 1 << 20, -1, -1));
    for (long offset = 0; offset < 7; offset++) {
      first.write(record(offset, Envelopes.insert(offset, "eu", "n", T0)));
    }
    List<String> firstKeys = dataKeys();
    TopicPartitionWriter replay = writer(new RotationPolicy(1000, 1 << 20, -1, -1));
    for (long offset = 0; offset < 7; offset++) {
      replay.write(record(offset, Envelopes.insert(offset, "eu", "n", T0)));
    }
    assertThat(replay.committableOffset()).isEqualTo(6);
    assertThat(dataKeys()).isEqualTo(firstKeys).hasSize(2);
    assertThat(store.puts.stream().filter(k -> k.endsWith(".jsonl")).count()).isEqualTo(4);
  }

  @Test
  void offsetsStartingAgainBelowTheLastCommittedSegmentStopTheWriterBeforeItWritesAnything() {
    TopicPartitionWriter first = writer(new RotationPolicy(3, 1 << 20, -1, -1));
    for (long offset = 0; offset < 6; offset++) {
      first.write(record(offset, Envelopes.insert(offset, "eu", "n", T0)));
    }
    // the next owner resumes at the committed offset 6: earlier entries go, the last one stays
    writer(new RotationPolicy(3, 1 << 20, -1, -1))
        .write(record(6, Envelopes.insert(6, "eu", "n", T0)));
    assertThat(store.objects.keySet())
        .filteredOn(k -> k.contains("/_index/"))
        .containsExactly("p/_index/shop+0/00000000000000000003-00000000000000000005");
    List<String> before = List.copyOf(store.puts);

    // the topic is re-created: its offsets start again at 0
    TopicPartitionWriter recreated = writer(new RotationPolicy(3, 1 << 20, -1, -1));
    assertThatThrownBy(() -> recreated.write(record(0, Envelopes.insert(100, "us", "x", T0))))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining(
            "topic shop partition 0: the record at offset 0 comes before offset 3")
        .hasMessageContaining("deleted and re-created")
        .hasMessageContaining("s3.generation");
    System.out.println("injected: offsets back at 0 after 0..5; checked: refused, nothing written");
    assertThat(store.puts).isEqualTo(before);
  }

  @Test
  void aSecondConnectorOfATopicPartitionUnderThePrefixIsRefusedOneOfAnotherTopicIsNot() {
    ObjectNamer namer = new ObjectNamer("p");
    new SegmentIndex(store, namer, "first").resume("shop", 0, 0);
    new SegmentIndex(store, namer, "first").resume("shop", 0, 0);
    new SegmentIndex(store, namer, "second").resume("other", 0, 0);
    assertThat(new String(store.objects.get("p/_index/shop+0/owner")))
        .isEqualTo("connector=first\n");
    assertThatThrownBy(() -> new SegmentIndex(store, namer, "second").resume("shop", 0, 0))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining(
            "topic shop partition 0 under this s3.prefix belongs to the connector \"first\"")
        .hasMessageContaining("delete p/_index/shop+0/ first");
  }

  @Test
  void aResumeInsideARecordedSegmentStopsTheWriter() {
    TopicPartitionWriter first = writer(new RotationPolicy(3, 1 << 20, -1, -1));
    for (long offset = 0; offset < 6; offset++) {
      first.write(record(offset, Envelopes.insert(offset, "eu", "n", T0)));
    }
    TopicPartitionWriter reset = writer(new RotationPolicy(3, 1 << 20, -1, -1));
    assertThatThrownBy(() -> reset.write(record(4, Envelopes.insert(4, "eu", "n", T0))))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("the record at offset 4 falls inside the segment 3..5");
  }

  @Test
  void aFailedUploadFailsTheTaskAndKeepsTheCommittableOffsetAtTheSegmentStart() {
    TopicPartitionWriter writer = writer(new RotationPolicy(3, 1 << 20, -1, -1));
    writer.write(record(0, Envelopes.insert(0, "eu", "a", T0)));
    writer.write(record(1, Envelopes.insert(1, "eu", "b", T0)));
    store.failNextPuts = 1;
    assertThatThrownBy(() -> writer.write(record(2, Envelopes.insert(2, "eu", "c", T0))))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("injected");
    assertThat(writer.committableOffset()).isZero();
  }

  @Test
  void aRecordTheEncoderThreadCannotWriteFailsTheTaskNamingItsOffset() {
    TopicPartitionWriter writer = writer(new RotationPolicy(4, 1 << 20, -1, -1));
    writer.write(record(0, Envelopes.insert(0, "eu", "a", T0)));
    writer.write(record(1, Envelopes.insert(1, "eu", "b", T0)));
    // a value that slipped past its schema (a converter bug): id holds text, not a number
    Struct broken = Envelopes.insert(2, "eu", "c", T0);
    Struct after = broken.getStruct(ChangeEnvelope.AFTER);
    TrustedStructs.set(after, after.schema().field("id"), "two");
    writer.write(record(2, broken));

    // it fails on the encoder thread; the failure surfaces at the latest when the object finishes
    assertThatThrownBy(() -> writer.write(record(3, Envelopes.insert(3, "eu", "d", T0))))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("could not write the record at shop/0/2 into p/public/orders/");
    assertThat(writer.committableOffset()).isZero();
    assertThat(dataKeys()).isEmpty();

    // the replay of the segment after the fix writes it whole
    TopicPartitionWriter replay = writer(new RotationPolicy(4, 1 << 20, -1, -1));
    for (int i = 0; i < 4; i++) {
      replay.write(record(i, Envelopes.insert(i, "eu", "r" + i, T0)));
    }
    assertThat(replay.committableOffset()).isEqualTo(4);
    assertThat(dataKeys()).containsExactly("p/public/orders/shop+0+00000000000000000000.jsonl");
  }

  @Test
  void tombstonesAreSkippedButTheirOffsetsCommitted() {
    TopicPartitionWriter writer = writer(new RotationPolicy(3, 1 << 20, -1, -1));
    writer.write(new SinkRecord("shop", 0, null, null, null, null, 0));
    assertThat(writer.committableOffset()).isEqualTo(1);
    assertThat(store.objects).isEmpty();
  }

  @Test
  void aVersionOnlyChangeStartsNewObjectsUnderTheVersionedSchemaName() {
    TopicPartitionWriter writer =
        writer(new RotationPolicy(100, 1 << 20, -1, -1), 32, new FlatLayout());
    writer.write(record(0, versioned(0, 1)));
    writer.write(record(1, versioned(1, 1)));
    writer.write(record(2, versioned(2, 2)));
    writer.finishOpenSegment();

    assertThat(dataKeys())
        .containsExactly(
            "p/public/orders/shop+0+00000000000000000000.jsonl",
            "p/public/orders/shop+0+00000000000000000002.jsonl");
    assertThat(store.list("p/public/orders/_schemas/"))
        .containsExactly("p/public/orders/_schemas/v1.json", "p/public/orders/_schemas/v2.json");
    assertThat(new String(store.objects.get("p/public/orders/_schemas/v2.json")))
        .contains("\"version\":2");
    assertThat(store.metadata.get("p/public/orders/shop+0+00000000000000000002.jsonl"))
        .containsEntry("schema-version", "2");
    assertThat(new String(store.objects.get(dataKeys().get(1)))).contains("\"__schema_version\":2");
  }

  @Test
  void anotherSchemaUnderAWrittenVersionIsNotOverwrittenButNamedByItsFingerprint() {
    byte[] earlier = "{\"type\":\"struct\",\"version\":1}".getBytes();
    store.put("p/public/orders/_schemas/v1.json", earlier, "application/json");
    TopicPartitionWriter writer = writer(new RotationPolicy(100, 1 << 20, -1, -1));
    writer.write(record(0, versioned(0, 1)));
    writer.finishOpenSegment();

    assertThat(store.objects.get("p/public/orders/_schemas/v1.json")).isEqualTo(earlier);
    assertThat(store.list("p/public/orders/_schemas/"))
        .hasSize(2)
        .anyMatch(key -> key.matches(".*/_schemas/[0-9a-f]{16}\\.json"));
    assertThat(dataKeys()).containsExactly("p/public/orders/shop+0+00000000000000000000.jsonl");
  }

  @Test
  void aRewoundWriterIgnoresRecordsPastTheRewindUntilTheConsumerIsBackThere() {
    TopicPartitionWriter writer = writer(new RotationPolicy(100, 1 << 20, -1, -1));
    for (long offset = 0; offset < 3; offset++) {
      writer.write(record(offset, Envelopes.insert(offset, "eu", "a", T0)));
    }
    assertThat(writer.rewind(3)).isEqualTo(0);
    assertThat(writer.committableOffset()).isEqualTo(0);
    // Connect first hands the failed batch again, then the records from the seek
    writer.write(record(3, Envelopes.insert(3, "eu", "a", T0)));
    for (long offset = 0; offset < 4; offset++) {
      writer.write(record(offset, Envelopes.insert(offset, "eu", "a", T0)));
    }
    writer.finishOpenSegment();

    assertThat(dataKeys()).containsExactly("p/public/orders/shop+0+00000000000000000000.jsonl");
    assertThat(lines(dataKeys().get(0))).isEqualTo(4);
    assertThat(writer.committableOffset()).isEqualTo(4);
  }

  @Test
  void aRewindKeepsTheIndexEntriesBeforeItsOffsetWhichConnectMayNotHaveCommitted() {
    TopicPartitionWriter writer = writer(new RotationPolicy(2, 1 << 20, -1, -1));
    for (long offset = 0; offset < 5; offset++) {
      writer.write(record(offset, Envelopes.insert(offset, "eu", "a", T0)));
    }
    assertThat(writer.rewind(5)).isEqualTo(4);
    writer.write(record(4, Envelopes.insert(4, "eu", "a", T0)));
    assertThat(store.list("p/_index/shop+0/"))
        .containsExactly(
            "p/_index/shop+0/00000000000000000000-00000000000000000001",
            "p/_index/shop+0/00000000000000000002-00000000000000000003");
  }

  @Test
  void aSegmentAnotherWriterRecordedSinceThisOneStartedIsReplayedWithItsCuts() {
    indexRecheckMs = 60_000;
    TopicPartitionWriter writer = writer(new RotationPolicy(100, 1 << 20, -1, -1));
    for (long offset = 0; offset < 4; offset++) {
      writer.write(record(offset, Envelopes.insert(offset, "eu", "a", T0)));
    }
    // the partition's previous owner, still in its last call, records a segment cut at 1
    new SegmentIndex(store, new ObjectNamer("p"))
        .markUploaded(
            "shop", 0, 0, 1, List.of("p/public/orders/shop+0+00000000000000000000.jsonl"), null);

    assertThatThrownBy(writer::finishOpenSegment)
        .isInstanceOf(RetriableException.class)
        .hasMessageContaining("the segment index holds 0..1");
    assertThat(writer.rewind(-1)).isEqualTo(0);
    for (long offset = 0; offset < 4; offset++) {
      writer.write(record(offset, Envelopes.insert(offset, "eu", "a", T0)));
    }
    writer.finishOpenSegment();

    System.out.println("injected: a previous owner's segment 0..1; checked: objects " + dataKeys());
    assertThat(dataKeys())
        .containsExactly(
            "p/public/orders/shop+0+00000000000000000000.jsonl",
            "p/public/orders/shop+0+00000000000000000002.jsonl");
    assertThat(lines(dataKeys().get(0))).isEqualTo(2);
    assertThat(lines(dataKeys().get(1))).isEqualTo(2);
  }

  @Test
  void pastTheRecheckWindowTheIndexIsNotReadBeforeEachCut() {
    indexRecheckMs = 60_000;
    TopicPartitionWriter writer = writer(new RotationPolicy(100, 1 << 20, -1, -1));
    writer.write(record(0, Envelopes.insert(0, "eu", "a", T0)));
    new SegmentIndex(store, new ObjectNamer("p")).markUploaded("shop", 0, 0, 5, List.of(), null);
    clock.addAndGet(60_000);
    writer.finishOpenSegment();
    assertThat(dataKeys()).containsExactly("p/public/orders/shop+0+00000000000000000000.jsonl");
  }

  private long lines(String key) {
    return new String(store.objects.get(key)).lines().count();
  }

  @Test
  void aRecordNeedingMoreThanMaxOpenObjectsFinishesTheOpenOnesFirst() {
    TopicPartitionWriter writer = writer(new RotationPolicy(100, 1 << 20, -1, -1), 1);
    writer.write(record(0, Envelopes.insert(0, "eu", "a", T0)));
    writer.write(record(1, Envelopes.insert(1, "eu", "b", T0)));
    writer.write(record(2, other(2)));
    assertThat(writer.committableOffset()).isEqualTo(2);
    assertThat(dataKeys()).containsExactly("p/public/orders/shop+0+00000000000000000000.jsonl");
  }

  private List<String> dataKeys() {
    return store.objects.keySet().stream().filter(k -> k.endsWith(".jsonl")).toList();
  }

  private static SinkRecord record(long offset, Struct value) {
    return Envelopes.record("shop", 0, offset, value);
  }

  /** The orders row with one more column: a new schema version. */
  private static Struct widened(long id) {
    return reshape(
        Envelopes.insert(id, "eu", "w", T0),
        ChangeEnvelope.envelopeSchema("shop.public.orders", Envelopes.ROW_WITH_QTY),
        "orders");
  }

  /** An orders insert whose envelope schema is at table schema {@code version}. */
  private static Struct versioned(long id, int version) {
    return reshape(
        Envelopes.insert(id, "eu", "v", T0),
        ChangeEnvelope.envelopeSchema("shop.public.orders", Envelopes.ROW, version),
        "orders");
  }

  /** A change of another table, public.customers, in the same topic partition. */
  private static Struct other(long id) {
    return reshape(Envelopes.insert(id, "us", "c", T0), Envelopes.ENVELOPE, "customers");
  }

  private static Struct reshape(Struct envelope, Schema schema, String table) {
    Struct after = new Struct(schema.field("after").schema());
    Struct old = envelope.getStruct("after");
    old.schema().fields().forEach(f -> after.put(f.name(), old.get(f)));
    Struct source = new Struct(ChangeEnvelope.SOURCE_BLOCK);
    Struct oldSource = envelope.getStruct("source");
    oldSource.schema().fields().forEach(f -> source.put(f.name(), oldSource.get(f)));
    source.put("table", table);
    return new Struct(schema)
        .put("op", "c")
        .put("after", after)
        .put("source", source)
        .put("ts_us", envelope.getInt64("ts_us"))
        .put("unchanged", List.of());
  }
}
