package io.ductstream.dist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.UnknownFieldSet;
import io.ductstream.testkit.NodeReaders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.SeekableByteArrayInput;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Reads the sink's objects back with readers that share no code with ours (our classes are not on
 * this test's class path): DuckDB for Parquet, apache-arrow (JavaScript) for Arrow, Avro's own
 * reader, Jackson for JSON Lines, and protobuf's wire-format parser for length-delimited protobuf
 * (field numbers from the {@code _schemas/} object, as a user without our code would map them).
 * Each row comes back as column name to value, for the columns asked for.
 */
final class ForeignReaders {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ForeignReaders() {}

  /** The rows of every data object below {@code prefix}, in key order. */
  static List<Map<String, Object>> rows(
      S3Client s3, String bucket, String prefix, String format, List<String> columns) {
    List<String> keys =
        s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
            .map(S3Object::key)
            .sorted()
            .toList();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (String key : keys) {
      if (key.contains("/_schemas/")
          || key.contains("_index/")
          || !key.endsWith(extension(format))) {
        continue;
      }
      byte[] bytes = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
      try {
        rows.addAll(
            switch (format) {
              case "parquet" -> node("duckdb_read.mjs", bytes, columns);
              case "arrow" -> node("arrow_read.mjs", bytes, columns);
              case "avro" -> avro(bytes, columns);
              case "json" -> jsonLines(bytes, columns);
              case "proto" -> proto(bytes, fieldNumbers(s3, bucket, key), columns);
              default -> throw new IllegalArgumentException(format);
            });
      } catch (Exception e) {
        throw new IllegalStateException("cannot read " + key + ": " + e.getMessage(), e);
      }
    }
    return rows;
  }

  static String extension(String format) {
    return switch (format) {
      case "json" -> ".jsonl";
      case "proto" -> ".pb";
      default -> "." + format;
    };
  }

  private static List<Map<String, Object>> node(String script, byte[] bytes, List<String> columns)
      throws Exception {
    Path file = Files.createTempFile("object", ".bin");
    try {
      Files.write(file, bytes);
      List<JsonNode> lines = NodeReaders.run(script, file);
      List<Map<String, Object>> rows = new ArrayList<>();
      for (JsonNode line : lines.subList(1, lines.size())) { // the first line describes the file
        rows.add(pick(line, columns));
      }
      return rows;
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private static List<Map<String, Object>> avro(byte[] bytes, List<String> columns)
      throws IOException {
    List<Map<String, Object>> rows = new ArrayList<>();
    try (DataFileReader<GenericRecord> reader =
        new DataFileReader<>(new SeekableByteArrayInput(bytes), new GenericDatumReader<>())) {
      for (GenericRecord record : reader) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (String column : columns) {
          Object value = record.get(column);
          row.put(column, value == null || value instanceof Number ? value : value.toString());
        }
        rows.add(row);
      }
    }
    return rows;
  }

  private static List<Map<String, Object>> jsonLines(byte[] bytes, List<String> columns)
      throws IOException {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank()) {
        rows.add(pick(JSON.readTree(line), columns));
      }
    }
    return rows;
  }

  /** The JSON Lines values of records that are not rows (a whole record per line). */
  static List<JsonNode> jsonValues(S3Client s3, String bucket, String prefix) {
    List<JsonNode> values = new ArrayList<>();
    s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
        .map(S3Object::key)
        .filter(k -> k.endsWith(".jsonl"))
        .sorted()
        .forEach(
            key -> {
              String text = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String();
              for (String line : text.split("\n")) {
                if (!line.isBlank()) {
                  try {
                    values.add(JSON.readTree(line));
                  } catch (IOException e) {
                    throw new UncheckedIOException(key + ": " + e.getMessage(), e);
                  }
                }
              }
            });
    return values;
  }

  /**
   * Length-delimited protobuf messages read with protobuf's own wire parser. Strings are
   * length-delimited fields, integers varints: enough for the text and integer columns asked for.
   */
  private static List<Map<String, Object>> proto(
      byte[] bytes, Map<String, Integer> numbers, List<String> columns) throws IOException {
    List<Map<String, Object>> rows = new ArrayList<>();
    CodedInputStream in = CodedInputStream.newInstance(bytes);
    while (!in.isAtEnd()) {
      UnknownFieldSet message = UnknownFieldSet.parseFrom(in.readBytes());
      Map<String, Object> row = new LinkedHashMap<>();
      for (String column : columns) {
        Integer number = numbers.get(column);
        if (number == null || !message.hasField(number)) {
          row.put(column, null);
          continue;
        }
        UnknownFieldSet.Field field = message.getField(number);
        List<ByteString> text = field.getLengthDelimitedList();
        row.put(
            column,
            text.isEmpty() ? (Object) field.getVarintList().get(0) : text.get(0).toStringUtf8());
      }
      rows.add(row);
    }
    return rows;
  }

  /** Top-level field name to protobuf field number (its position + 1) from the object's schema. */
  private static Map<String, Integer> fieldNumbers(S3Client s3, String bucket, String dataKey)
      throws IOException {
    String tableDir = dataKey.substring(0, dataKey.lastIndexOf('/') + 1);
    List<String> schemas =
        s3
            .listObjectsV2Paginator(b -> b.bucket(bucket).prefix(tableDir + "_schemas/"))
            .contents()
            .stream()
            .map(S3Object::key)
            .toList();
    if (schemas.size() != 1) {
      throw new IllegalStateException(
          "expected one schema object beside " + dataKey + ": " + schemas);
    }
    JsonNode schema =
        JSON.readTree(
            s3.getObjectAsBytes(b -> b.bucket(bucket).key(schemas.get(0))).asUtf8String());
    Map<String, Integer> numbers = new HashMap<>();
    JsonNode fields = schema.path("fields");
    for (int i = 0; i < fields.size(); i++) {
      numbers.put(fields.get(i).path("field").asText(), i + 1);
    }
    return numbers;
  }

  private static Map<String, Object> pick(JsonNode node, List<String> columns) {
    Map<String, Object> row = new LinkedHashMap<>();
    for (String column : columns) {
      JsonNode value = node.get(column);
      row.put(
          column,
          value == null || value.isNull()
              ? null
              : value.isNumber() ? (Object) value.numberValue() : value.asText());
    }
    return row;
  }
}
