package io.ductstream.sink.s3.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.ductstream.sink.s3.buffer.SpillingBuffer;
import io.ductstream.sink.s3.naming.ObjectNamer;
import io.ductstream.sink.s3.upload.ObjectStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.junit.jupiter.api.Test;

class SchemaVersionsTest {
  private final Map<String, byte[]> objects = new HashMap<>();
  private final List<String> puts = new ArrayList<>();
  private final ObjectNamer namer = new ObjectNamer("p");

  @Test
  void rememberedSchemaObjectsStayBoundedAndAForgottenOneIsReadAgainNotRewritten() {
    SchemaVersions schemas = new SchemaVersions(8);
    int tables = 10;
    for (int table = 0; table < tables; table++) {
      schemas.ensureWritten(store, namer, "public/t" + table, schemas.of(schema(table, 1)));
    }
    assertThat(schemas.claimedCount()).isEqualTo(8);
    assertThat(SchemaVersions.MAX_CLAIMED).isEqualTo(1024); // as documented
    assertThat(puts).hasSize(tables);

    // table 0 was forgotten: its object is read back, found equal, and neither replaced nor
    // joined by a fingerprint-named copy
    String key = schemas.ensureWritten(store, namer, "public/t0", schemas.of(schema(0, 1)));
    assertThat(key).isEqualTo("p/public/t0/_schemas/v1.json");
    assertThat(puts).hasSize(tables);
    System.out.println(
        "checked: " + tables + " schema objects, " + schemas.claimedCount() + " remembered");
  }

  private static Schema schema(int table, int version) {
    return SchemaBuilder.struct()
        .name("t" + table)
        .version(version)
        .field("id", Schema.INT64_SCHEMA)
        .build();
  }

  private final ObjectStore store =
      new ObjectStore() {
        @Override
        public void put(String key, SpillingBuffer bytes, Map<String, String> metadata) {
          throw new UnsupportedOperationException();
        }

        @Override
        public void put(String key, byte[] bytes, String contentType) {
          puts.add(key);
          objects.put(key, bytes);
        }

        @Override
        public boolean exists(String key) {
          return objects.containsKey(key);
        }

        @Override
        public Optional<byte[]> get(String key) {
          return Optional.ofNullable(objects.get(key));
        }

        @Override
        public List<String> list(String prefix) {
          return objects.keySet().stream().filter(k -> k.startsWith(prefix)).sorted().toList();
        }

        @Override
        public void delete(Collection<String> keys) {
          keys.forEach(objects::remove);
        }

        @Override
        public void close() {}
      };
}
