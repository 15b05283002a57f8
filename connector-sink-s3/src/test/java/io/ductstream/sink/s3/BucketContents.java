package io.ductstream.sink.s3;

import io.ductstream.format.arrow.ArrowFileReader;
import io.ductstream.format.avro.AvroContainerReader;
import io.ductstream.format.json.JsonLinesReader;
import io.ductstream.format.mapping.ConnectSchemaJson;
import io.ductstream.format.parquet.BytesInputFile;
import io.ductstream.format.parquet.ParquetFileReader;
import io.ductstream.format.proto.ProtoDelimitedReader;
import io.ductstream.sink.s3.naming.ObjectNamer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Reads a bucket back the way a user would: every data object through its format's reader. */
public final class BucketContents {
  /** One data object and the values in it, in order. */
  public record DataObject(String key, Map<String, String> metadata, List<Object> values) {}

  private BucketContents() {}

  /** Every key below {@code prefix}, sorted. */
  public static List<String> keys(S3Client s3, String bucket, String prefix) {
    return s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
        .map(S3Object::key)
        .sorted()
        .toList();
  }

  /** The data objects below {@code prefix} (not the _schemas/ and _index/ ones), sorted by key. */
  public static List<DataObject> read(S3Client s3, String bucket, String prefix) {
    List<DataObject> objects = new ArrayList<>();
    for (String key : keys(s3, bucket, prefix)) {
      if (key.contains("/" + ObjectNamer.SCHEMAS_DIR + "/")
          || key.contains(ObjectNamer.INDEX_DIR + "/")) {
        continue;
      }
      ResponseBytes<GetObjectResponse> object = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key));
      Map<String, String> metadata = object.response().metadata();
      objects.add(new DataObject(key, metadata, values(s3, bucket, key, object.asByteArray())));
    }
    return objects;
  }

  /** All values of all data objects below {@code prefix}, object by object. */
  public static List<Object> values(S3Client s3, String bucket, String prefix) {
    return read(s3, bucket, prefix).stream().flatMap(o -> o.values().stream()).toList();
  }

  /** The {@code after.id} (or top-level {@code id}) of every value, for exactly-once checks. */
  public static List<Long> ids(List<Object> values) {
    return values.stream().map(BucketContents::id).toList();
  }

  static Long id(Object value) {
    if (value instanceof Struct struct) {
      Struct row = struct.schema().field("after") != null ? struct.getStruct("after") : struct;
      return ((Number) row.get("id")).longValue();
    }
    return ((Number) ((Map<?, ?>) value).get("id")).longValue();
  }

  private static List<Object> values(S3Client s3, String bucket, String key, byte[] bytes) {
    try {
      if (key.endsWith(".parquet")) {
        return ParquetFileReader.readAll(new BytesInputFile(bytes)).stream()
            .map(SchemaAndValue::value)
            .toList();
      }
      if (key.endsWith(".arrow")) {
        return ArrowFileReader.readAll(bytes).stream().map(SchemaAndValue::value).toList();
      }
      if (key.endsWith(".avro")) {
        return AvroContainerReader.readAll(new ByteArrayInputStream(bytes)).stream()
            .map(SchemaAndValue::value)
            .toList();
      }
      Schema schema = schemaOf(s3, bucket, key);
      if (key.endsWith(".jsonl")) {
        return JsonLinesReader.readAll(schema, new ByteArrayInputStream(bytes));
      }
      if (key.endsWith(".pb")) {
        return ProtoDelimitedReader.readAll(schema, bytes);
      }
      throw new IllegalStateException("unknown object type: " + key);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + key, e);
    }
  }

  /**
   * The schema named by the object's metadata, from its table's _schemas/ folder: {@code
   * v<schema-version>.json} when it holds that fingerprint, else {@code <fingerprint>.json}; null
   * for a schemaless object.
   */
  static Schema schemaOf(S3Client s3, String bucket, String key) {
    Map<String, String> metadata = s3.headObject(b -> b.bucket(bucket).key(key)).metadata();
    String fingerprint = metadata.get("schema-fingerprint");
    if (fingerprint == null) {
      return null;
    }
    String version = metadata.get("schema-version");
    // <prefix>/<table path>/<partition path>/<file>: find the _schemas/ folder upwards
    String dir = key.substring(0, key.lastIndexOf('/'));
    while (true) {
      String schemas = dir + "/" + ObjectNamer.SCHEMAS_DIR + "/";
      byte[] json = version == null ? null : bytes(s3, bucket, schemas + "v" + version + ".json");
      if (json == null
          || !ObjectNamer.fingerprintText(ConnectSchemaJson.fingerprint(json))
              .equals(fingerprint)) {
        json = bytes(s3, bucket, schemas + fingerprint + ".json");
      }
      if (json != null) {
        return new ConnectSchemaJson().fromJson(new String(json, StandardCharsets.UTF_8));
      }
      int slash = dir.lastIndexOf('/');
      if (slash < 0) {
        throw new IllegalStateException("no schema " + fingerprint + " above " + key);
      }
      dir = dir.substring(0, slash);
    }
  }

  private static byte[] bytes(S3Client s3, String bucket, String key) {
    try {
      return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
    } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException e) {
      return null;
    }
  }
}
