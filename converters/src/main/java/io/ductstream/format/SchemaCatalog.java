package io.ductstream.format;

import io.ductstream.format.mapping.ConnectSchemaJson;
import io.ductstream.format.mapping.SchemaNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;

/**
 * The writer schemas one converter has seen, by Connect schema (writing) and by fingerprint
 * (reading), bounded in size. Compiling a schema happens once per distinct schema.
 */
final class SchemaCatalog<S> {
  /** The format's part: compile a schema and fingerprint it. */
  interface Compiler<S> {
    S compile(SchemaNode node, String connectJson);

    long fingerprint(S compiled, byte[] connectJson);

    /** Frees what {@link #compile} made (e.g. off-heap buffers); the entry left the catalog. */
    default void release(S compiled) {}
  }

  private final Compiler<S> compiler;
  private final SchemaHeaderEncoding headerEncoding;
  private final ConnectSchemaJson json = new ConnectSchemaJson();
  private final Map<Schema, WriterSchema<S>> bySchema;
  private final Map<Long, WriterSchema<S>> byFingerprint;

  /** The header bytes each fingerprint's entry was last confirmed with (readers only). */
  private final Map<Long, byte[]> confirmedHeaders;

  private Schema lastSchema;
  private WriterSchema<S> last;

  SchemaCatalog(Compiler<S> compiler, int maxEntries, SchemaHeaderEncoding headerEncoding) {
    this.compiler = compiler;
    this.headerEncoding = headerEncoding;
    this.bySchema = lru(maxEntries);
    this.confirmedHeaders = lru(maxEntries);
    this.byFingerprint =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Long, WriterSchema<S>> eldest) {
            if (size() <= maxEntries) {
              return false;
            }
            forget(eldest.getValue());
            return true;
          }
        };
  }

  /** The writer schema for records of {@code schema}; compiled on first use. */
  WriterSchema<S> forWrite(Schema schema) {
    if (schema == lastSchema) {
      return last;
    }
    WriterSchema<S> entry = bySchema.get(schema);
    if (entry == null) {
      entry = build(schema, json.toJson(schema));
    }
    lastSchema = schema;
    last = entry;
    return entry;
  }

  /** The writer schema with this fingerprint, if this converter has seen it. */
  WriterSchema<S> byFingerprint(long fingerprint) {
    return byFingerprint.get(fingerprint);
  }

  /**
   * The writer schema a record's header carries, in either {@link SchemaHeaderEncoding}; its
   * fingerprint may differ from the payload's (the caller checks). The cached entry of {@code
   * fingerprint} is used only when the header is the one it was built or confirmed from: a 64-bit
   * fingerprint of attacker-chosen text can be forged, and two Connect schemas can share an Avro
   * fingerprint, so a record is always read with the schema its own header names.
   */
  WriterSchema<S> forHeader(long fingerprint, byte[] header) {
    WriterSchema<S> cached = byFingerprint.get(fingerprint);
    if (cached != null && Arrays.equals(header, confirmedHeaders.get(fingerprint))) {
      return cached;
    }
    String text = new String(SchemaHeaderEncoding.decode(header), StandardCharsets.UTF_8);
    Schema schema = json.fromJson(text);
    WriterSchema<S> entry =
        cached != null && cached.connect().equals(schema) ? cached : build(schema, text);
    confirmedHeaders.put(entry.fingerprint(), header.clone());
    return entry;
  }

  private WriterSchema<S> build(Schema schema, String text) {
    SchemaNode node = SchemaNode.of(schema);
    byte[] bytes = ConnectSchemaJson.utf8(text);
    S compiled = compiler.compile(node, text);
    WriterSchema<S> entry =
        new WriterSchema<>(
            schema,
            node,
            bytes,
            headerEncoding.encode(bytes),
            compiler.fingerprint(compiled, bytes),
            compiled);
    bySchema.put(schema, entry);
    WriterSchema<S> replaced = byFingerprint.put(entry.fingerprint(), entry);
    if (replaced != null && replaced != entry) {
      forget(replaced);
    }
    return entry;
  }

  /**
   * The catalog no longer holds {@code entry} (evicted by fingerprint, the map that owns entries,
   * or replaced): drop it from the other map too and free what compiling it made, so a stream of
   * distinct schemas cannot grow memory beyond {@code maxEntries} compiled schemas.
   */
  private void forget(WriterSchema<S> entry) {
    bySchema.remove(entry.connect(), entry);
    confirmedHeaders.remove(entry.fingerprint());
    if (last == entry) {
      last = null;
      lastSchema = null;
    }
    compiler.release(entry.compiled());
  }

  private static <K, V> Map<K, V> lru(int maxEntries) {
    return new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > maxEntries;
      }
    };
  }
}
