package io.ductstream.sink.s3;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import io.ductstream.format.mapping.SchemaNode;
import io.ductstream.format.proto.ProtoDescriptorMapper;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * Reads the sink's JSON Lines files with Jackson and its length-delimited protobuf files with
 * protobuf's own parser ({@link DynamicMessage}), into Connect values of the schema the sink stored
 * beside them (docs/types.md, "Connect → wire formats", says how each value is placed). None of our
 * decoding code runs: the protobuf descriptor is the one the docs name for a schema ({@link
 * ProtoDescriptorMapper#toDescriptor}), and the values are taken from the messages by field number.
 */
final class JsonAndProtoFiles {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
  private static final long DAY_MILLIS = 86_400_000L;

  private JsonAndProtoFiles() {}

  /** Every line of the {@code .jsonl} files in {@code dir} as a struct of {@code schema}. */
  static List<Struct> jsonLines(Path dir, Schema schema) throws IOException {
    List<Struct> rows = new ArrayList<>();
    for (Path file : files(dir, ".jsonl")) {
      for (String line : Files.readString(file, StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank()) {
          rows.add((Struct) fromJson(schema, JSON.readTree(line)));
        }
      }
    }
    return rows;
  }

  /** Every message of the {@code .pb} files in {@code dir} as a struct of {@code schema}. */
  static List<Struct> proto(Path dir, Schema schema) throws IOException {
    Descriptor descriptor = ProtoDescriptorMapper.toDescriptor(SchemaNode.of(schema));
    List<Struct> rows = new ArrayList<>();
    for (Path file : files(dir, ".pb")) {
      try (InputStream in = Files.newInputStream(file)) {
        DynamicMessage.Builder builder = DynamicMessage.newBuilder(descriptor);
        while (builder.mergeDelimitedFrom(in)) {
          DynamicMessage message = builder.build();
          if (!message.getUnknownFields().asMap().isEmpty()) {
            throw new IllegalStateException(file + ": fields outside the descriptor");
          }
          rows.add((Struct) fromProto(schema, message));
          builder = DynamicMessage.newBuilder(descriptor);
        }
      }
    }
    return rows;
  }

  private static List<Path> files(Path dir, String extension) throws IOException {
    try (var files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(extension)).sorted().toList();
    }
  }

  /** A value of the JSON wire format (docs/types.md) as the Connect value of {@code schema}. */
  static Object fromJson(Schema schema, JsonNode node) throws IOException {
    if (node == null || node.isNull()) {
      return null;
    }
    if (Decimal.LOGICAL_NAME.equals(schema.name())) {
      return node.decimalValue();
    }
    if (Date.LOGICAL_NAME.equals(schema.name())) {
      return new java.util.Date(node.asLong() * DAY_MILLIS);
    }
    return switch (schema.type()) {
      case INT8 -> (byte) node.asInt();
      case INT16 -> (short) node.asInt();
      case INT32 -> node.asInt();
      case INT64 -> node.asLong();
      // a number, or "NaN", "Infinity", "-Infinity", "-0.0" as strings
      case FLOAT32 -> Float.parseFloat(node.asText());
      case FLOAT64 -> Double.parseDouble(node.asText());
      case BOOLEAN -> node.asBoolean();
      case STRING -> node.asText();
      case BYTES -> node.binaryValue(); // base64
      case ARRAY -> {
        List<Object> list = new ArrayList<>();
        for (JsonNode item : node) {
          list.add(fromJson(schema.valueSchema(), item));
        }
        yield list;
      }
      case MAP -> {
        Map<Object, Object> map = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
          map.put(entry.getKey(), fromJson(schema.valueSchema(), entry.getValue()));
        }
        yield map;
      }
      case STRUCT -> {
        Struct struct = new Struct(schema);
        for (Field field : schema.fields()) {
          struct.put(field, fromJson(field.schema(), node.get(field.name())));
        }
        yield struct;
      }
    };
  }

  /** A set field's value: messages by field number (position + 1), as ProtoLayout places them. */
  private static Object fromProto(Schema schema, Object value) {
    if (Decimal.LOGICAL_NAME.equals(schema.name())) {
      int scale = Integer.parseInt(schema.parameters().get(Decimal.SCALE_FIELD));
      return new BigDecimal(new BigInteger(((ByteString) value).toByteArray()), scale);
    }
    if (Date.LOGICAL_NAME.equals(schema.name())) {
      return new java.util.Date((Integer) value * DAY_MILLIS);
    }
    return switch (schema.type()) {
      case INT8 -> ((Integer) value).byteValue();
      case INT16 -> ((Integer) value).shortValue();
      case INT32, INT64, FLOAT32, FLOAT64, BOOLEAN, STRING -> value;
      case BYTES -> ((ByteString) value).toByteArray();
      case ARRAY -> {
        DynamicMessage list = (DynamicMessage) value;
        Schema element = schema.valueSchema();
        boolean wrapped =
            element.isOptional()
                || element.type() == Schema.Type.ARRAY
                || element.type() == Schema.Type.MAP;
        List<Object> out = new ArrayList<>();
        for (Object item : (List<?>) list.getField(number(list, 1))) {
          out.add(wrapped ? optional(element, (DynamicMessage) item, 1) : fromProto(element, item));
        }
        yield out;
      }
      case MAP -> {
        DynamicMessage map = (DynamicMessage) value;
        Map<Object, Object> out = new LinkedHashMap<>();
        for (Object item : (List<?>) map.getField(number(map, 1))) {
          DynamicMessage entry = (DynamicMessage) item;
          out.put(optional(schema.keySchema(), entry, 1), optional(schema.valueSchema(), entry, 2));
        }
        yield out;
      }
      case STRUCT -> {
        DynamicMessage message = (DynamicMessage) value;
        Struct struct = new Struct(schema);
        for (Field field : schema.fields()) {
          struct.put(field, optional(field.schema(), message, field.index() + 1));
        }
        yield struct;
      }
    };
  }

  private static Object optional(Schema schema, DynamicMessage message, int number) {
    FieldDescriptor field = number(message, number);
    return message.hasField(field) ? fromProto(schema, message.getField(field)) : null;
  }

  private static FieldDescriptor number(DynamicMessage message, int number) {
    return message.getDescriptorForType().findFieldByNumber(number);
  }
}
