package io.ductstream.source.pg.records;

import io.ductstream.contract.envelope.ChangeEnvelope;
import io.ductstream.contract.envelope.TrustedStructs;
import io.ductstream.source.pg.config.TopicNames;
import io.ductstream.source.pg.decoding.RelationMessage;
import io.ductstream.source.pg.decoding.TupleData;
import io.ductstream.source.pg.types.OverflowValue;
import io.ductstream.source.pg.types.ValueDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.postgresql.replication.LogSequenceNumber;

/**
 * Turns the row images of one table (as one Relation message describes it) into Connect structs:
 * the key, the row, and the change envelope. Built once per Relation message; its schemas and
 * decoders are reused for every change of the table.
 */
public final class TableMapper {
  private final RelationMessage relation;
  private final String topic;
  private final ValueDecoder[] decoders;
  private final Schema rowSchema;
  private final Field[] rowFields;
  private final Schema keySchema;
  private final int[] keyColumns;
  private final Field[] keyFields;
  private final Field keyNamespaceField;
  private final Field keyTableField;
  private Schema overflowKeySchema;
  private final Schema envelopeSchema;
  private final Field opField;
  private final Field beforeField;
  private final Field afterField;
  private final Field sourceField;
  private final Field tsField;
  private final Field unchangedField;
  private final Field overflowField;
  private final String placeholder;
  private final byte[] placeholderBytes;

  /**
   * @param keyColumns indexes of the key columns (primary key, else replica identity index); empty
   *     for a table without a key, whose records then have a null key
   */
  public TableMapper(
      RelationMessage relation,
      TopicNames names,
      ValueDecoder[] decoders,
      int[] keyColumns,
      String placeholder) {
    this(relation, names, decoders, keyColumns, placeholder, null);
  }

  /**
   * @param schemaVersion the table's schema version, set as the envelope schema's version (null
   *     when unknown)
   */
  public TableMapper(
      RelationMessage relation,
      TopicNames names,
      ValueDecoder[] decoders,
      int[] keyColumns,
      String placeholder,
      Integer schemaVersion) {
    this.relation = relation;
    this.topic = names.topic(relation.schema(), relation.table());
    String schemaName = names.schemaName(relation.schema(), relation.table());
    this.decoders = decoders.clone();
    this.keyColumns = keyColumns.clone();
    this.placeholder = placeholder;
    this.placeholderBytes = placeholder.getBytes(StandardCharsets.UTF_8);

    List<RelationMessage.Column> columns = relation.columns();
    SchemaBuilder row =
        SchemaBuilder.struct().name(schemaName + ChangeEnvelope.VALUE_SUFFIX).optional();
    for (int i = 0; i < columns.size(); i++) {
      row.field(columns.get(i).name(), decoders[i].schema());
    }
    this.rowSchema = row.build();
    this.rowFields = rowSchema.fields().toArray(Field[]::new);

    if (keyColumns.length == 0) {
      this.keySchema = null;
      this.keyFields = new Field[0];
      this.keyNamespaceField = null;
      this.keyTableField = null;
    } else {
      SchemaBuilder key =
          SchemaBuilder.struct().name(schemaName + ChangeEnvelope.KEY_SUFFIX).optional();
      if (names.tableInKey()) {
        key.field(ChangeEnvelope.KEY_NAMESPACE, Schema.STRING_SCHEMA);
        key.field(ChangeEnvelope.KEY_TABLE, Schema.STRING_SCHEMA);
      }
      for (int column : keyColumns) {
        String name = columns.get(column).name();
        if (names.tableInKey()
            && (name.equals(ChangeEnvelope.KEY_NAMESPACE)
                || name.equals(ChangeEnvelope.KEY_TABLE))) {
          throw new DataException(
              "table "
                  + relation.qualifiedName()
                  + " has a key column named "
                  + name
                  + ", which the keys of a topic shared by several tables (topic.routing=single)"
                  + " use for the table's name; rename the column or use topic.routing=table");
        }
        key.field(name, decoders[column].schema());
      }
      this.keySchema = key.build();
      Field[] fields = keySchema.fields().toArray(Field[]::new);
      int skip = names.tableInKey() ? 2 : 0;
      this.keyFields = Arrays.copyOfRange(fields, skip, fields.length);
      this.keyNamespaceField = names.tableInKey() ? fields[0] : null;
      this.keyTableField = names.tableInKey() ? fields[1] : null;
    }

    this.envelopeSchema = ChangeEnvelope.envelopeSchema(schemaName, rowSchema, schemaVersion);
    this.opField = envelopeSchema.field(ChangeEnvelope.OP);
    this.beforeField = envelopeSchema.field(ChangeEnvelope.BEFORE);
    this.afterField = envelopeSchema.field(ChangeEnvelope.AFTER);
    this.sourceField = envelopeSchema.field(ChangeEnvelope.SOURCE);
    this.tsField = envelopeSchema.field(ChangeEnvelope.TS_US);
    this.unchangedField = envelopeSchema.field(ChangeEnvelope.UNCHANGED);
    this.overflowField = envelopeSchema.field(ChangeEnvelope.OVERFLOW);
  }

  public RelationMessage relation() {
    return relation;
  }

  public String topic() {
    return topic;
  }

  public Schema keySchema() {
    return keySchema;
  }

  public Schema envelopeSchema() {
    return envelopeSchema;
  }

  /**
   * Decodes a row image. Unchanged TOAST columns get the placeholder (text and bytes) or null, and
   * are named in {@code unchanged} unless {@code fillFrom} (a full before-image) has their value.
   * Values a column's type cannot hold ({@link OverflowValue}) keep their exact text beside the
   * row, for the envelope's {@code overflow}.
   *
   * @param unchanged receives the names of unchanged TOAST columns; may be null when the caller
   *     knows the image has none (old images never have them)
   */
  public Struct row(TupleData tuple, Struct fillFrom, List<String> unchanged, long lsn) {
    CheckedStruct struct = new CheckedStruct(rowSchema);
    int count = Math.min(tuple.columnCount(), rowFields.length);
    for (int i = 0; i < count; i++) {
      byte kind = tuple.kind(i);
      Object value;
      if (kind == TupleData.BINARY || kind == TupleData.TEXT) {
        value = decode(i, tuple, kind, lsn);
        if (value instanceof OverflowValue overflow) {
          struct.overflow(rowFields[i].name(), overflow.text());
          value = overflow.value();
        }
      } else if (kind == TupleData.UNCHANGED_TOAST) {
        value = unchangedValue(i, fillFrom, unchanged, struct);
      } else {
        value = null;
      }
      // each decoder makes values of its column's schema: Struct.put's check of every value cost
      // a third of the replication reader's time
      TrustedStructs.set(struct, rowFields[i], value);
    }
    return struct;
  }

  /** A row read outside a change (a backfill), with its key. */
  public record RowImage(Struct key, Struct row) {}

  /** Decodes a whole row image read from the table itself, and its key. */
  public RowImage readImage(TupleData tuple) {
    Struct row = row(tuple, null, null, 0);
    return new RowImage(key(row), row);
  }

  /**
   * The key struct from a row, or null for a table without a key. On a shared topic it starts with
   * the table's schema and name.
   */
  public Struct key(Struct row) {
    if (keySchema == null || row == null) {
      return null;
    }
    Map<String, String> keyOverflow = keyOverflow(row);
    if (keyOverflow != null) {
      return overflowingKey(row, keyOverflow);
    }
    // the key's fields have the schemas of the row's columns, whose values are valid already
    Struct key = new CheckedStruct(keySchema);
    if (keyNamespaceField != null) {
      TrustedStructs.set(key, keyNamespaceField, relation.schema());
      TrustedStructs.set(key, keyTableField, relation.table());
    }
    for (int i = 0; i < keyColumns.length; i++) {
      TrustedStructs.set(key, keyFields[i], row.get(rowFields[keyColumns[i]]));
    }
    return key;
  }

  /** The exact texts of the row's key values that overflowed their columns; null when none did. */
  private Map<String, String> keyOverflow(Struct row) {
    Map<String, String> rowOverflow = overflowOf(row);
    if (rowOverflow == null) {
      return null;
    }
    Map<String, String> keyOverflow = null;
    for (Field field : keyFields) {
      String text = rowOverflow.get(field.name());
      if (text != null) {
        keyOverflow = keyOverflow == null ? new LinkedHashMap<>() : keyOverflow;
        keyOverflow.put(field.name(), text);
      }
    }
    return keyOverflow;
  }

  /**
   * A key whose typed fields cannot hold a key value: the key schema plus {@link
   * ChangeEnvelope#KEY_OVERFLOW}, so rows whose keys differ only in such values keep distinct keys
   * (docs/types.md). Rare, so built by name.
   */
  private Struct overflowingKey(Struct row, Map<String, String> keyOverflow) {
    if (overflowKeySchema == null) {
      if (keySchema.field(ChangeEnvelope.KEY_OVERFLOW) != null) {
        throw new DataException(
            "table "
                + relation.qualifiedName()
                + " has a key column named "
                + ChangeEnvelope.KEY_OVERFLOW
                + ", which the key of a row whose key value its column type cannot hold uses for"
                + " the value's exact text; rename the column");
      }
      SchemaBuilder builder = SchemaBuilder.struct().name(keySchema.name()).optional();
      keySchema.fields().forEach(field -> builder.field(field.name(), field.schema()));
      overflowKeySchema =
          builder.field(ChangeEnvelope.KEY_OVERFLOW, ChangeEnvelope.OVERFLOW_MAP).build();
    }
    Struct key = new Struct(overflowKeySchema);
    if (keyNamespaceField != null) {
      key.put(ChangeEnvelope.KEY_NAMESPACE, relation.schema());
      key.put(ChangeEnvelope.KEY_TABLE, relation.table());
    }
    for (int i = 0; i < keyColumns.length; i++) {
      key.put(keyFields[i].name(), row.get(rowFields[keyColumns[i]]));
    }
    return key.put(ChangeEnvelope.KEY_OVERFLOW, keyOverflow);
  }

  /** The change envelope. */
  public Struct envelope(
      String op,
      Struct before,
      Struct after,
      Struct source,
      long tsMicros,
      List<String> unchanged) {
    // every part is made here for the envelope's schema: Struct.put would validate the row images
    // and the source block again, field by field, building a text per field for its messages
    Struct envelope = new CheckedStruct(envelopeSchema);
    TrustedStructs.set(envelope, opField, op);
    TrustedStructs.set(envelope, beforeField, before);
    TrustedStructs.set(envelope, afterField, after);
    TrustedStructs.set(envelope, sourceField, source);
    TrustedStructs.set(envelope, tsField, tsMicros);
    if (unchanged != null && !unchanged.isEmpty()) {
      TrustedStructs.set(envelope, unchangedField, new ArrayList<>(unchanged));
    }
    Map<String, String> beforeOverflow = overflowOf(before);
    Map<String, String> afterOverflow = overflowOf(after);
    if (beforeOverflow != null || afterOverflow != null) {
      Struct overflow = new Struct(ChangeEnvelope.OVERFLOW_BLOCK);
      overflow.put(ChangeEnvelope.OVERFLOW_BEFORE, beforeOverflow);
      overflow.put(ChangeEnvelope.OVERFLOW_AFTER, afterOverflow);
      envelope.put(overflowField, overflow);
    }
    return envelope;
  }

  /** The bytes of a row image's column values as the change message holds them. */
  public static long valueBytes(TupleData tuple) {
    long bytes = 0;
    for (int i = 0; i < tuple.columnCount(); i++) {
      bytes += Math.max(0, tuple.length(i));
    }
    return bytes;
  }

  /** Rough heap cost of a row image, for the queue's byte limit. */
  public static long estimateBytes(TupleData tuple) {
    return estimateBytes(tuple.columnCount(), valueBytes(tuple));
  }

  /**
   * Rough heap cost of a row image of {@code columns} columns whose values took {@code valueBytes}
   * in the change message: a fixed part, a slot per column, two bytes per byte of text.
   */
  static long estimateBytes(int columns, long valueBytes) {
    return 256 + 24L * columns + 2 * valueBytes;
  }

  private Object decode(int column, TupleData tuple, byte kind, long lsn) {
    ValueDecoder decoder = decoders[column];
    try {
      return kind == TupleData.BINARY
          ? decoder.decodeBinary(tuple.buffer(), tuple.offset(column), tuple.length(column))
          : decoder.decodeText(tuple.buffer(), tuple.offset(column), tuple.length(column));
    } catch (RuntimeException e) {
      throw new DataException(
          "cannot read column "
              + relation.columns().get(column).name()
              + " of "
              + relation.qualifiedName()
              + " in the transaction committed at LSN "
              + LogSequenceNumber.valueOf(lsn).asString()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private static Map<String, String> overflowOf(Struct image) {
    return image instanceof CheckedStruct checked ? checked.overflow() : null;
  }

  private Object unchangedValue(
      int column, Struct fillFrom, List<String> unchanged, CheckedStruct row) {
    if (fillFrom != null) {
      Object previous = fillFrom.get(rowFields[column]);
      String name = rowFields[column].name();
      Map<String, String> previousOverflow = overflowOf(fillFrom);
      if (previousOverflow != null && previousOverflow.containsKey(name)) {
        row.overflow(name, previousOverflow.get(name));
        return previous;
      }
      if (previous != null) {
        return previous;
      }
    }
    if (unchanged != null) {
      unchanged.add(rowFields[column].name());
    }
    ValueDecoder decoder = decoders[column];
    if (!decoder.takesPlaceholder()) {
      return null;
    }
    return decoder.schema().type() == Schema.Type.BYTES ? placeholderBytes.clone() : placeholder;
  }
}
