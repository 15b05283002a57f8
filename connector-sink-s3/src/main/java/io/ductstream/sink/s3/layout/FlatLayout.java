package io.ductstream.sink.s3.layout;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.ductstream.contract.envelope.ChangeEnvelope;
import io.ductstream.contract.envelope.SemanticTypes;
import io.ductstream.contract.envelope.TrustedStructs;
import io.ductstream.format.json.JsonValueCodec;
import io.ductstream.format.mapping.SchemaNode;
import io.ductstream.format.mapping.ValueKind;
import io.ductstream.sink.s3.record.RecordView;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Turns a change envelope into the flat row analysts query in the files: metadata columns first
 * ({@code __op}, {@code __ts}, {@code __schema_version}, {@code __table}, {@code __namespace},
 * {@code __key}, {@code __before_json}, {@code __lsn}, {@code __unchanged}, {@code __overflow}),
 * then the table's own columns as typed columns. The columns hold the after image; a delete, which
 * has none, holds the before image the source sent (at least the key). {@code __overflow} is that
 * image's part of the envelope's {@code overflow}: the exact text of values their typed column
 * cannot hold; {@code __before_json} and a key's JSON carry theirs as a last member {@code
 * __overflow}. {@code __schema_version} is the envelope schema's Connect {@code version()}, the
 * source's table schema version (null when the source keeps no versions); the flat row's schema
 * carries the same version, so a new version starts new objects. Records that are not envelopes are
 * written as they are.
 */
public final class FlatLayout implements RowLayout {
  public static final String OP = "__op";
  public static final String TS = "__ts";
  public static final String SCHEMA_VERSION = "__schema_version";
  public static final String TABLE = "__table";
  public static final String NAMESPACE = "__namespace";
  public static final String KEY = "__key";
  public static final String BEFORE_JSON = "__before_json";
  public static final String LSN = "__lsn";
  public static final String UNCHANGED = "__unchanged";
  public static final String OVERFLOW = "__overflow";

  /** The metadata columns, in the order {@link #flatSchema} declares them; the table's follow. */
  private static final int METADATA_COLUMNS = 10;

  /** Past this many distinct schemas the caches start over (schemas change rarely). */
  private static final int MAX_CACHED_SCHEMAS = 1024;

  private static final JsonFactory JSON = new JsonFactory();

  private final Map<Schema, Shape> shapes = new IdentityHashMap<>();
  private final Map<Schema, KeyNode> keyNodes = new IdentityHashMap<>();

  /**
   * How a key schema is written to {@code __key}: a shared topic's keys (the source's
   * topic.routing=single) leave out their leading table identity, which {@code __table} and {@code
   * __namespace} hold, so {@code __key} is the same whatever the routing.
   */
  private record KeyNode(SchemaNode node, int firstField, String[] plainPrefixes) {
    static KeyNode of(Schema keySchema) {
      SchemaNode node = SchemaNode.of(keySchema);
      int first = ChangeEnvelope.hasTableInKey(keySchema) ? 2 : 0;
      return new KeyNode(node, first, plainPrefixes(node, first));
    }

    /**
     * For a key of integer, boolean and text fields (nearly every primary key): the JSON text before
     * each field's value ({@code {"id":}, then {@code ,"name":}), so its text is made without a
     * generator; null for any other key.
     */
    private static String[] plainPrefixes(SchemaNode node, int first) {
      if (node.kind != ValueKind.STRUCT || node.fields.length <= first) {
        return null;
      }
      String[] prefixes = new String[node.fields.length];
      for (int i = first; i < node.fields.length; i++) {
        switch (node.children[i].kind) {
          case INT8, INT16, INT32, INT64, BOOLEAN, STRING, UUID -> {}
          default -> {
            return null;
          }
        }
        String name = node.fields[i].name();
        if (!plainText(name)) {
          return null;
        }
        prefixes[i] = (i == first ? "{\"" : ",\"") + name + "\":";
      }
      return prefixes;
    }
  }

  /**
   * True when a JSON generator writes {@code text} between its quotes as it is: no control
   * character, quote, backslash or slash (which some generators escape).
   */
  static boolean plainText(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == '"' || c == '\\' || c == '/') {
        return false;
      }
    }
    return true;
  }

  /**
   * The flat table of one envelope schema: its columns, the envelope's row, and the envelope's
   * fields resolved once (reading a Struct by Field skips the by-name lookup and type check). Built
   * on the task thread and only read after, so the encoder thread fills rows with it.
   */
  private final class Shape implements RowShape {
    private final Schema flat;
    private final Schema row;
    private final SchemaNode rowNode;
    private final Integer schemaVersion;
    private final Field op;
    private final Field source;
    private final Field before;
    private final Field after;
    private final Field unchanged;
    private final Field overflow;
    private final Field commitTs;
    private final Field table;
    private final Field namespace;
    private final Field lsn;

    private Shape(Schema envelope) {
      this.flat = flatSchema(envelope);
      this.row = envelope.field(ChangeEnvelope.AFTER).schema();
      this.rowNode = SchemaNode.of(row);
      this.schemaVersion = envelope.version();
      this.op = envelope.field(ChangeEnvelope.OP);
      this.source = envelope.field(ChangeEnvelope.SOURCE);
      this.before = envelope.field(ChangeEnvelope.BEFORE);
      this.after = envelope.field(ChangeEnvelope.AFTER);
      this.unchanged = envelope.field(ChangeEnvelope.UNCHANGED);
      this.overflow = envelope.field(ChangeEnvelope.OVERFLOW);
      Schema sourceSchema = source.schema();
      this.commitTs = sourceSchema.field(ChangeEnvelope.SOURCE_COMMIT_TS_US);
      this.table = sourceSchema.field(ChangeEnvelope.SOURCE_TABLE);
      this.namespace = sourceSchema.field(ChangeEnvelope.SOURCE_SCHEMA);
      this.lsn = sourceSchema.field(ChangeEnvelope.SOURCE_LSN);
    }

    @Override
    public Schema schema(SinkRecord record) {
      return flat;
    }

    @Override
    public Struct row(SinkRecord record) {
      return fill(this, record.keySchema(), record.key(), (Struct) record.value());
    }
  }

  // Two sides, each used by one thread: the shapes (shape) on the task thread; the JSON texts and
  // key schemas (Shape.row) where rows are filled, the task's encoder thread.

  /** Reused for every {@code __key} and {@code __before_json} text. */
  private final StringBuilderWriter jsonText = new StringBuilderWriter();

  private JsonGenerator jsonGenerator;

  /** Reused for every {@code __key} text made without the generator. */
  private final StringBuilder keyText = new StringBuilder(64);

  /**
   * A change envelope's flat row, filled when the encoder thread writes it (the task thread only
   * looks up its schema); any other record as it is.
   */
  @Override
  public RowShape shape(RecordView record) {
    Struct envelope = record.envelope();
    return envelope != null ? shape(envelope.schema()) : RowShape.AS_IS;
  }

  private Struct fill(Shape shape, Schema keySchema, Object key, Struct envelope) {
    Struct source = (Struct) envelope.get(shape.source);
    Struct before = (Struct) envelope.get(shape.before);
    Struct after = (Struct) envelope.get(shape.after);
    Struct image = after != null ? after : before;

    // every value comes from a valid envelope (the columns are optional in the flat table), so the
    // row is filled without Connect's per-put checks
    Object[] values = new Object[shape.flat.fields().size()];
    values[0] = envelope.get(shape.op);
    values[1] = source.get(shape.commitTs);
    values[2] = shape.schemaVersion;
    values[3] = source.get(shape.table);
    values[4] = source.get(shape.namespace);
    values[5] = key == null ? null : keyJson(keySchema, key);
    values[6] = before == null ? null : beforeJson(shape, envelope, before);
    values[7] = source.get(shape.lsn);
    values[8] = envelope.get(shape.unchanged);
    values[9] = overflow(shape, envelope, after != null);
    if (image != null) {
      List<Field> columns = shape.row.fields();
      for (int i = 0; i < columns.size(); i++) {
        values[METADATA_COLUMNS + i] = image.get(columns.get(i));
      }
    }
    return TrustedStructs.of(shape.flat, values);
  }

  /**
   * The before image as JSON; with its values that overflowed their typed columns (null in the
   * image) as exact texts in a last member {@code __overflow}, as the envelope's {@code
   * overflow.before} has them.
   */
  private String beforeJson(Shape shape, Struct envelope, Struct before) {
    Object overflow = overflow(shape, envelope, false);
    if (overflow == null) {
      return json(shape.rowNode, before);
    }
    jsonText.reset();
    try {
      JsonGenerator out = generator();
      SchemaNode row = shape.rowNode;
      out.writeStartObject();
      for (int i = 0; i < row.fields.length; i++) {
        out.writeFieldName(row.fields[i].name());
        JsonValueCodec.write(row.children[i], before.get(row.fields[i]), out);
      }
      out.writeFieldName(OVERFLOW);
      JsonValueCodec.writeSchemaless(overflow, out);
      out.writeEndObject();
      out.flush();
    } catch (IOException | RuntimeException e) {
      throw dropGenerator(e);
    }
    return jsonText.toString();
  }

  /** The overflow map of the image the row holds; null when its values all fit. */
  private static Object overflow(Shape shape, Struct envelope, boolean afterImage) {
    if (shape.overflow == null) {
      return null; // an envelope from before the field existed
    }
    Struct overflow = (Struct) envelope.get(shape.overflow);
    if (overflow == null) {
      return null;
    }
    return overflow.get(
        afterImage ? ChangeEnvelope.OVERFLOW_AFTER : ChangeEnvelope.OVERFLOW_BEFORE);
  }

  private Shape shape(Schema envelope) {
    Shape shape = shapes.get(envelope);
    if (shape == null) {
      if (shapes.size() >= MAX_CACHED_SCHEMAS) {
        shapes.clear();
      }
      shape = new Shape(envelope);
      shapes.put(envelope, shape);
    }
    return shape;
  }

  private String keyJson(Schema keySchema, Object key) {
    if (keySchema == null) {
      return json(null, key);
    }
    KeyNode node = keyNodes.get(keySchema);
    if (node == null) {
      if (keyNodes.size() >= MAX_CACHED_SCHEMAS) {
        keyNodes.clear();
      }
      node = KeyNode.of(keySchema);
      keyNodes.put(keySchema, node);
    }
    if (node.plainPrefixes() != null && key instanceof Struct struct) {
      String text = plainKeyJson(node, struct);
      if (text != null) {
        return text;
      }
    }
    return json(node.node(), key, node.firstField());
  }

  /**
   * The key's JSON text as the generator writes it, made directly; null when a text value needs
   * escaping (the generator writes that key).
   */
  private String plainKeyJson(KeyNode node, Struct key) {
    StringBuilder text = keyText;
    text.setLength(0);
    Field[] fields = node.node().fields;
    SchemaNode[] children = node.node().children;
    String[] prefixes = node.plainPrefixes();
    for (int i = node.firstField(); i < fields.length; i++) {
      text.append(prefixes[i]);
      Object value = key.get(fields[i]);
      if (value == null) {
        text.append("null");
        continue;
      }
      switch (children[i].kind) {
        case INT8, INT16, INT32, INT64 -> text.append(((Number) value).longValue());
        case BOOLEAN -> text.append(((Boolean) value).booleanValue());
        default -> {
          String string = (String) value;
          if (!plainText(string)) {
            return null;
          }
          text.append('"').append(string).append('"');
        }
      }
    }
    return text.append('}').toString();
  }

  /** The flat table's columns: metadata first, then the envelope row's, each optional. */
  private static Schema flatSchema(Schema envelope) {
    Schema row = envelope.field(ChangeEnvelope.AFTER).schema();
    String name = envelope.name();
    SchemaBuilder flat =
        SchemaBuilder.struct()
            .name(
                name.substring(0, name.length() - ChangeEnvelope.ENVELOPE_SUFFIX.length()) + ".Row")
            .version(envelope.version())
            .field(OP, Schema.STRING_SCHEMA)
            .field(TS, SemanticTypes.timestampTzMicros().optional().build())
            .field(SCHEMA_VERSION, Schema.OPTIONAL_INT32_SCHEMA)
            .field(TABLE, Schema.STRING_SCHEMA)
            .field(NAMESPACE, Schema.STRING_SCHEMA)
            .field(KEY, Schema.OPTIONAL_STRING_SCHEMA)
            .field(BEFORE_JSON, Schema.OPTIONAL_STRING_SCHEMA)
            .field(LSN, Schema.INT64_SCHEMA)
            .field(UNCHANGED, SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build())
            .field(OVERFLOW, ChangeEnvelope.OVERFLOW_MAP);
    for (Field column : row.fields()) {
      if (column.name().startsWith("__") && flat.field(column.name()) != null) {
        throw new DataException(
            "column "
                + column.name()
                + " of "
                + name
                + " has the name of a metadata column of the flat layout; set layout=envelope to"
                + " write the change records as they are");
      }
      flat.field(column.name(), optional(column.schema()));
    }
    return flat.build();
  }

  /** Columns are optional in the flat table: a delete or truncate may have no image. */
  private static Schema optional(Schema schema) {
    if (schema.isOptional()) {
      return schema;
    }
    SchemaBuilder builder =
        switch (schema.type()) {
          case STRUCT -> {
            SchemaBuilder struct = SchemaBuilder.struct();
            schema.fields().forEach(f -> struct.field(f.name(), f.schema()));
            yield struct;
          }
          case ARRAY -> SchemaBuilder.array(schema.valueSchema());
          case MAP -> SchemaBuilder.map(schema.keySchema(), schema.valueSchema());
          default -> SchemaBuilder.type(schema.type());
        };
    builder.name(schema.name()).version(schema.version()).doc(schema.doc());
    if (schema.parameters() != null) {
      builder.parameters(schema.parameters());
    }
    return builder.optional().build();
  }

  /** The JSON text of one value, by one generator kept open across values. */
  private String json(SchemaNode node, Object value) {
    return json(node, value, 0);
  }

  /**
   * @param firstField with a struct, the first of its fields to write (the others are left out)
   */
  private String json(SchemaNode node, Object value, int firstField) {
    jsonText.reset();
    try {
      JsonGenerator out = generator();
      if (node == null) {
        JsonValueCodec.writeSchemaless(value, out);
      } else if (firstField > 0) {
        JsonValueCodec.writeStruct(node, (Struct) value, firstField, out);
      } else {
        JsonValueCodec.write(node, value, out);
      }
      out.flush();
    } catch (IOException | RuntimeException e) {
      throw dropGenerator(e);
    }
    return jsonText.toString();
  }

  private JsonGenerator generator() throws IOException {
    if (jsonGenerator == null) {
      jsonGenerator = JSON.createGenerator(jsonText);
      jsonGenerator.setRootValueSeparator(null); // values follow each other with no separator
    }
    return jsonGenerator;
  }

  /** A generator stopped inside a value: the next text starts on a fresh one. */
  private RuntimeException dropGenerator(Exception e) {
    jsonGenerator = null;
    return e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
  }

  /** A Writer into a StringBuilder that can start over (StringWriter cannot). */
  private static final class StringBuilderWriter extends Writer {
    private final StringBuilder text = new StringBuilder(128);

    void reset() {
      text.setLength(0);
    }

    @Override
    public void write(char[] chars, int offset, int length) {
      text.append(chars, offset, length);
    }

    @Override
    public void write(String string, int offset, int length) {
      text.append(string, offset, offset + length);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}

    @Override
    public String toString() {
      return text.toString();
    }
  }
}
