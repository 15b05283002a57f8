package io.ductstream.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import io.ductstream.format.arrow.ArrowFileReader;
import io.ductstream.format.avro.AvroContainerReader;
import io.ductstream.format.avro.AvroSchemaMapper;
import io.ductstream.format.json.JsonLinesReader;
import io.ductstream.format.mapping.SchemaNode;
import io.ductstream.format.parquet.BytesInputFile;
import io.ductstream.format.parquet.ParquetFileReader;
import io.ductstream.format.proto.ProtoDelimitedReader;
import io.ductstream.format.proto.ProtoDescriptorMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BatchWriterRoundTripTest {
  /** Small batches and row groups so the rows span several of them. */
  static final BatchWriterOptions SMALL =
      BatchWriterOptions.defaults().withBatchRows(2).withRowGroupBytes(64 * 1024);

  static List<Struct> rows(int copies) {
    List<Struct> rows = new ArrayList<>();
    for (int i = 0; i < copies; i++) {
      rows.addAll(PgTypesFixture.rows());
    }
    return rows;
  }

  static byte[] write(WireFormat format, List<Struct> rows, BatchWriterOptions options)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (BatchWriter writer = BatchWriters.create(format, PgTypesFixture.ROW, out, options)) {
      for (Struct row : rows) {
        writer.write(row);
      }
      assertThat(writer.rowsWritten()).isEqualTo(rows.size());
      assertThat(writer.bytesWritten()).isPositive();
    }
    return out.toByteArray();
  }

  static List<Object> readBack(WireFormat format, byte[] file) throws IOException {
    return switch (format) {
      case PARQUET -> values(ParquetFileReader.readAll(new BytesInputFile(file)));
      case ARROW -> values(ArrowFileReader.readAll(file));
      case AVRO -> values(AvroContainerReader.readAll(new ByteArrayInputStream(file)));
      case JSON -> JsonLinesReader.readAll(PgTypesFixture.ROW, new ByteArrayInputStream(file));
      case PROTO -> ProtoDelimitedReader.readAll(PgTypesFixture.ROW, file);
    };
  }

  static List<Object> values(List<SchemaAndValue> rows) {
    List<Object> out = new ArrayList<>();
    for (SchemaAndValue row : rows) {
      assertThat(row.schema()).isEqualTo(PgTypesFixture.ROW);
      out.add(row.value());
    }
    return out;
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void everyPostgresTypeRoundTripsThroughTheBatchWriterAcrossBatches(WireFormat format)
      throws IOException {
    List<Struct> rows = rows(3);
    List<Object> back = readBack(format, write(format, rows, SMALL));
    assertThat(back).hasSize(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      StructAssert.assertStructEquals((Struct) back.get(i), rows.get(i));
    }
  }

  @ParameterizedTest
  @EnumSource(BatchWriterOptions.Codec.class)
  void parquetRoundTripsWithEveryCodec(BatchWriterOptions.Codec codec) throws IOException {
    List<Struct> rows = rows(2);
    List<Object> back =
        readBack(WireFormat.PARQUET, write(WireFormat.PARQUET, rows, SMALL.withCodec(codec)));
    for (int i = 0; i < rows.size(); i++) {
      StructAssert.assertStructEquals((Struct) back.get(i), rows.get(i));
    }
  }

  @ParameterizedTest
  @EnumSource(BatchWriterOptions.Codec.class)
  void avroRoundTripsWithEveryCodec(BatchWriterOptions.Codec codec) throws IOException {
    List<Struct> rows = rows(1);
    List<Object> back =
        readBack(WireFormat.AVRO, write(WireFormat.AVRO, rows, SMALL.withCodec(codec)));
    for (int i = 0; i < rows.size(); i++) {
      StructAssert.assertStructEquals((Struct) back.get(i), rows.get(i));
    }
  }

  @Test
  void avroFilesReadWithAvrosOwnGenericReader() throws IOException {
    byte[] file = write(WireFormat.AVRO, rows(1), SMALL);
    List<GenericRecord> records = new ArrayList<>();
    try (InputStream in = new ByteArrayInputStream(file);
        DataFileStream<GenericRecord> stream =
            new DataFileStream<>(in, new GenericDatumReader<>())) {
      assertThat(stream.getSchema())
          .isEqualTo(AvroSchemaMapper.toAvro(SchemaNode.of(PgTypesFixture.ROW)));
      stream.forEach(records::add);
    }
    assertThat(records).hasSize(5);
    GenericRecord typical = records.get(0);
    assertThat(typical.get("c_text").toString()).isEqualTo("héllo, wörld ✓ 𝄞");
    assertThat(typical.get("c_tstz")).isEqualTo(1_767_225_600_654_321L);
    assertThat(((ByteBuffer) typical.get("c_numeric")).array())
        .isEqualTo(new java.math.BigDecimal("1234567890.12").unscaledValue().toByteArray());
    assertThat(((GenericRecord) typical.get("c_interval")).get("months")).isEqualTo(14);
    assertThat(new ArrayList<Object>((List<?>) typical.get("c_int_array")))
        .containsExactly(1, null, 3);
    assertThat(records.get(1).get("c_text")).isNull();
    assertThat(records.get(2).get("c_ts")).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void protoFilesReadWithProtobufsDynamicMessage() throws IOException {
    byte[] file = write(WireFormat.PROTO, rows(1), SMALL);
    Descriptor descriptor = ProtoDescriptorMapper.toDescriptor(SchemaNode.of(PgTypesFixture.ROW));
    List<DynamicMessage> messages = new ArrayList<>();
    try (InputStream in = new ByteArrayInputStream(file)) {
      DynamicMessage.Builder builder = DynamicMessage.newBuilder(descriptor);
      while (builder.mergeDelimitedFrom(in)) {
        messages.add(builder.build());
        builder = DynamicMessage.newBuilder(descriptor);
      }
    }
    assertThat(messages).hasSize(5);
    DynamicMessage typical = messages.get(0);
    assertThat(typical.getUnknownFields().asMap()).isEmpty();
    assertThat(typical.getField(descriptor.findFieldByName("c_text")))
        .isEqualTo("héllo, wörld ✓ 𝄞");
    assertThat(typical.getField(descriptor.findFieldByName("c_int8"))).isEqualTo(1234567890123L);
    assertThat(typical.getField(descriptor.findFieldByName("c_int4"))).isEqualTo(123456);
    DynamicMessage nulls = messages.get(1);
    assertThat(nulls.hasField(descriptor.findFieldByName("c_text"))).isFalse();
    assertThat(nulls.hasField(descriptor.findFieldByName("c_int_array"))).isFalse();
    DynamicMessage edges = messages.get(2);
    assertThat(edges.getField(descriptor.findFieldByName("c_int4"))).isEqualTo(Integer.MIN_VALUE);
    assertThat(edges.hasField(descriptor.findFieldByName("c_int_array"))).isTrue();
    assertThat(edges.getField(descriptor.findFieldByName("c_json")).toString())
        .hasSize(((String) PgTypesFixture.edges().get("c_json")).length());
  }

  @Test
  void parquetSchemaUsesStandardLogicalTypes() throws IOException {
    byte[] file = write(WireFormat.PARQUET, rows(1), SMALL);
    MessageType schema;
    try (var reader = org.apache.parquet.hadoop.ParquetFileReader.open(new BytesInputFile(file))) {
      schema = reader.getFooter().getFileMetaData().getSchema();
      assertThat(reader.getRecordCount()).isEqualTo(5);
    }
    assertThat(schema.getType("c_tstz").getLogicalTypeAnnotation())
        .isEqualTo(
            LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS));
    assertThat(schema.getType("c_numeric").getLogicalTypeAnnotation())
        .isEqualTo(LogicalTypeAnnotation.decimalType(2, 12));
    assertThat(schema.getType("c_json").getLogicalTypeAnnotation())
        .isEqualTo(LogicalTypeAnnotation.jsonType());
    assertThat(schema.getType("c_int_array").getLogicalTypeAnnotation())
        .isEqualTo(LogicalTypeAnnotation.listType());
    assertThat(schema.getType("c_uuid").getLogicalTypeAnnotation())
        .isEqualTo(LogicalTypeAnnotation.uuidType());
    assertThat(schema.getType("c_uuid").asPrimitiveType().getTypeLength()).isEqualTo(16);
    assertThat(schema.getType("c_enum").getLogicalTypeAnnotation())
        .isEqualTo(LogicalTypeAnnotation.enumType());
  }

  @Test
  void arrowBatchWriterKeepsOneBatchInMemory() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (BatchWriter writer =
        BatchWriters.create(
            WireFormat.ARROW,
            PgTypesFixture.ROW,
            out,
            BatchWriterOptions.defaults().withBatchRows(3))) {
      for (Struct row : rows(1)) {
        writer.write(row);
      }
      // Three rows filled one batch, which went to the stream before close.
      assertThat(out.size()).isGreaterThan(1000);
    }
    assertThat(Stream.of(ArrowFileReader.readAll(out.toByteArray()))).isNotEmpty();
  }

  @ParameterizedTest
  @EnumSource(
      value = WireFormat.class,
      names = {"PARQUET", "ARROW", "AVRO"})
  void writersStreamBeforeCloseSoMemoryHoldsOneRowGroupOrBatch(WireFormat format)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BatchWriterOptions small =
        BatchWriterOptions.defaults()
            .withCodec(BatchWriterOptions.Codec.NONE)
            .withRowGroupBytes(1024 * 1024)
            .withBatchRows(1000);
    long maxBuffered = 0;
    try (BatchWriter writer = BatchWriters.create(format, PgTypesFixture.ROW, out, small)) {
      for (int i = 0; i < 100; i++) {
        writer.write(PgTypesFixture.edges()); // ~400 KB a row: every row or two must flush
        maxBuffered = Math.max(maxBuffered, writer.bytesWritten() - out.size());
      }
      assertThat(out.size()).as("bytes out before close").isGreaterThan(20_000_000);
    }
    assertThat(maxBuffered).as("bytes held back").isLessThan(8L * 1024 * 1024);
    assertThat(readBack(format, out.toByteArray())).hasSize(100);
  }
}
