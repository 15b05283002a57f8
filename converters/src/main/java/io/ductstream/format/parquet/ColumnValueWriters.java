package io.ductstream.format.parquet;

import io.ductstream.format.mapping.ConnectValues;
import io.ductstream.format.mapping.SchemaNode;
import java.lang.reflect.Field;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * Connect values written straight to parquet-java's column writers: one small writer object per
 * schema node, each leaf bound to its column, with the repetition and definition levels (Dremel
 * encoding) worked out once from the schema. This is what parquet-java's record consumer does for
 * any schema, without its per-value bookkeeping (field markers, a lookup of the current column,
 * scans for missing fields), and each leaf's call to its column writer has one receiver type, which
 * keeps the JIT's compiled code small.
 *
 * <p>The column store is the one parquet-java's writer opened for the current row group; it is read
 * from the record consumer it hands the write support ({@link #of}). When that cannot be done (a
 * consumer of another kind, or levels that differ from the column descriptors'), the caller writes
 * through the record consumer.
 */
final class ColumnValueWriters {
  private static final Field STORE = storeField();

  private final ColumnWriteStore store;
  private final ValueWriter root;
  private final boolean record;

  private ColumnValueWriters(ColumnWriteStore store, ValueWriter root, boolean record) {
    this.store = store;
    this.root = root;
    this.record = record;
  }

  /**
   * Writers over the column store behind {@code consumer}, or null when it is not parquet-java's
   * column consumer or its columns' levels are not the ones this class works out.
   */
  static ColumnValueWriters of(RecordConsumer consumer, SchemaNode root, MessageType schema) {
    if (STORE == null || !STORE.getDeclaringClass().isInstance(consumer)) {
      return null;
    }
    try {
      ColumnWriteStore store = (ColumnWriteStore) STORE.get(consumer);
      Builder builder = new Builder(store, schema);
      if (root.isRecord()) {
        return new ColumnValueWriters(store, builder.struct(root, new String[0], 0, 0), true);
      }
      return new ColumnValueWriters(
          store, builder.node(root, new String[] {ParquetSchemaMapper.VALUE_COLUMN}, 0, 0), false);
    } catch (IllegalAccessException | LevelMismatch | RuntimeException e) {
      // a column path or level this class works out differently from parquet-java: its record
      // consumer writes the rows (ColumnValueWritersTest shows every kind of column takes this
      // path)
      return null;
    }
  }

  private static Field storeField() {
    try {
      Class<?> consumer =
          Class.forName("org.apache.parquet.io.MessageColumnIO$MessageColumnIORecordConsumer");
      Field field = consumer.getDeclaredField("columns");
      if (!ColumnWriteStore.class.isAssignableFrom(field.getType())) {
        return null;
      }
      field.setAccessible(true);
      return field;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null; // another parquet-java, or reflection refused: the record consumer writes
    }
  }

  /** One row: its values, then the end of the record (the store's page and size checks). */
  void write(Object value) {
    if (record) {
      root.write(value, 0);
    } else if (value == null) {
      root.nulls(0, 0);
    } else {
      root.write(value, 0);
    }
    store.endRecord();
  }

  /** Thrown while building when a column's levels differ from the descriptor's. */
  private static final class LevelMismatch extends Exception {
    LevelMismatch(String message) {
      super(message, null, false, false);
    }
  }

  private static final class Builder {
    private final ColumnWriteStore store;
    private final MessageType schema;

    Builder(ColumnWriteStore store, MessageType schema) {
      this.store = store;
      this.schema = schema;
    }

    /**
     * @param parentDefined the definition level where the parent is present
     * @param repetition the repetition level of the closest repeated ancestor
     */
    ValueWriter node(SchemaNode node, String[] path, int parentDefined, int repetition)
        throws LevelMismatch {
      int defined = parentDefined + (node.optional ? 1 : 0);
      return switch (node.kind) {
        case STRUCT, INTERVAL -> struct(node, path, defined, repetition);
        case ARRAY -> {
          String[] element = append(path, "list", "element");
          yield new ListWriter(
              node(node.element, element, defined + 1, repetition + 1),
              !node.element.optional,
              defined,
              repetition + 1);
        }
        case MAP -> {
          ValueWriter key =
              node(node.key(), append(path, "key_value", "key"), defined + 1, repetition + 1);
          ValueWriter value =
              node(node.value, append(path, "key_value", "value"), defined + 1, repetition + 1);
          yield new MapWriter(key, value, !node.value.optional, defined, repetition + 1);
        }
        default -> leaf(node, column(path, defined, repetition), defined);
      };
    }

    StructWriter struct(SchemaNode node, String[] path, int defined, int repetition)
        throws LevelMismatch {
      ValueWriter[] children = new ValueWriter[node.fields.length];
      boolean[] required = new boolean[node.fields.length];
      for (int i = 0; i < children.length; i++) {
        children[i] =
            node(node.children[i], append(path, node.fields[i].name()), defined, repetition);
        required[i] = !node.children[i].optional;
      }
      return new StructWriter(node.fields, children, required, defined);
    }

    private ColumnWriter column(String[] path, int defined, int repetition) throws LevelMismatch {
      ColumnDescriptor descriptor = schema.getColumnDescription(path);
      if (descriptor.getMaxDefinitionLevel() != defined
          || descriptor.getMaxRepetitionLevel() != repetition) {
        throw new LevelMismatch(String.join(".", path));
      }
      return store.getColumnWriter(descriptor);
    }

    private static String[] append(String[] path, String... names) {
      String[] longer = Arrays.copyOf(path, path.length + names.length);
      System.arraycopy(names, 0, longer, path.length, names.length);
      return longer;
    }

    private static ValueWriter leaf(SchemaNode node, ColumnWriter column, int defined) {
      return switch (node.kind) {
        case INT8 ->
            new Leaf(column, defined) {
              @Override
              void write(Object value, int r) {
                column.write((int) (Byte) value, r, defined);
              }
            };
        case INT16 ->
            new Leaf(column, defined) {
              @Override
              void write(Object value, int r) {
                column.write((int) (Short) value, r, defined);
              }
            };
        case INT32 ->
            new Leaf(column, defined) {
              @Override
              void write(Object value, int r) {
                column.write((int) (Integer) value, r, defined);
              }
            };
        case INT64, TIME_MICROS, TIMESTAMP_MICROS, TIMESTAMP_TZ_MICROS ->
            new Leaf(column, defined) {
              @Override
              void write(Object value, int r) {
                column.write((long) (Long) value, r, defined);
              }
            };
        case FLOAT32 ->
            new Leaf(column, defined) {
              @Override
              void write(Object value, int r) {
                column.write((float) (Float) value, r, defined);
              }
            };
        case FLOAT64 ->
            new Leaf(column, defined) {
              @Override
              void write(Object value, int r) {
                column.write((double) (Double) value, r, defined);
              }
            };
        case BOOLEAN ->
            new Leaf(column, defined) {
              @Override
              void write(Object value, int r) {
                column.write((boolean) (Boolean) value, r, defined);
              }
            };
        case STRING, JSON ->
            new Leaf(column, defined) {
              @Override
              void write(Object value, int r) {
                column.write(text((String) value), r, defined);
              }
            };
        case UUID ->
            new Leaf(column, defined) {
              @Override
              void write(Object value, int r) {
                column.write(uuid(value), r, defined);
              }
            };
        case BYTES ->
            new Leaf(column, defined) {
              @Override
              void write(Object value, int r) {
                column.write(bytes(value), r, defined);
              }
            };
        case DATE ->
            new Leaf(column, defined) {
              @Override
              void write(Object value, int r) {
                column.write(ConnectValues.days(value), r, defined);
              }
            };
        case TIME_MILLIS ->
            new Leaf(column, defined) {
              @Override
              void write(Object value, int r) {
                column.write(ConnectValues.millisOfDay(value), r, defined);
              }
            };
        case TIMESTAMP_MILLIS ->
            new Leaf(column, defined) {
              @Override
              void write(Object value, int r) {
                column.write(ConnectValues.epochMillis(value), r, defined);
              }
            };
        case DECIMAL -> decimal(node, column, defined);
        case STRUCT, INTERVAL, ARRAY, MAP ->
            throw new IllegalArgumentException(node.kind + " is no leaf");
      };
    }

    private static ValueWriter decimal(SchemaNode node, ColumnWriter column, int defined) {
      if (ParquetSchemaMapper.decimalAsText(node)
          || ParquetSchemaMapper.decimalStorage(node) == PrimitiveTypeName.BINARY) {
        return new Leaf(column, defined) {
          @Override
          void write(Object value, int r) {
            column.write(decimalBinary(node, (BigDecimal) value), r, defined);
          }
        };
      }
      if (ParquetSchemaMapper.decimalStorage(node) == PrimitiveTypeName.INT32) {
        return new Leaf(column, defined) {
          @Override
          void write(Object value, int r) {
            column.write((int) decimalUnscaled(node, (BigDecimal) value), r, defined);
          }
        };
      }
      return new Leaf(column, defined) {
        @Override
        void write(Object value, int r) {
          column.write(decimalUnscaled(node, (BigDecimal) value), r, defined);
        }
      };
    }
  }

  /**
   * A text value's UTF-8 bytes as an array-backed Binary: parquet-java hashes, compares
   * (dictionary, statistics) and copies those much faster than the ByteBuffer-backed one fromString
   * makes.
   */
  static Binary text(String value) {
    return Binary.fromConstantByteArray(value.getBytes(StandardCharsets.UTF_8));
  }

  static Binary uuid(Object value) {
    return Binary.fromConstantByteArray(ConnectValues.uuidBytes((String) value));
  }

  static Binary bytes(Object value) {
    if (value instanceof ByteBuffer buffer) {
      return Binary.fromConstantByteBuffer(buffer.duplicate());
    }
    return Binary.fromConstantByteArray((byte[]) value);
  }

  /** A decimal stored as bytes: its text past 38 digits, else its unscaled two's complement. */
  static Binary decimalBinary(SchemaNode node, BigDecimal value) {
    if (ParquetSchemaMapper.decimalAsText(node)) {
      ConnectValues.storedUnscaled(value, node); // the same checks as the other storages
      return text(value.toPlainString());
    }
    return Binary.fromConstantByteArray(ConnectValues.storedUnscaled(value, node).toByteArray());
  }

  /** A decimal stored as INT32 or INT64: its unscaled value, which must fit the precision. */
  static long decimalUnscaled(SchemaNode node, BigDecimal value) {
    java.math.BigInteger unscaled = ConnectValues.storedUnscaled(value, node);
    int bits = ParquetSchemaMapper.decimalStorage(node) == PrimitiveTypeName.INT32 ? 31 : 63;
    if (unscaled.bitLength() > bits) {
      throw new DataException(
          "decimal " + value + " has more digits than its declared precision " + node.precision);
    }
    return unscaled.longValue();
  }

  /** Writes one schema node's values at the levels of its place in the schema. */
  abstract static class ValueWriter {
    /** A present (non-null) value, the first of its record or list when {@code r} says so. */
    abstract void write(Object value, int r);

    /** No value here: every column below gets a null at definition level {@code d}. */
    abstract void nulls(int r, int d);
  }

  private abstract static class Leaf extends ValueWriter {
    final ColumnWriter column;
    final int defined;

    Leaf(ColumnWriter column, int defined) {
      this.column = column;
      this.defined = defined;
    }

    @Override
    final void nulls(int r, int d) {
      column.writeNull(r, d);
    }
  }

  private static final class StructWriter extends ValueWriter {
    private final org.apache.kafka.connect.data.Field[] fields;
    private final ValueWriter[] children;
    private final boolean[] required;
    private final int defined;

    StructWriter(
        org.apache.kafka.connect.data.Field[] fields,
        ValueWriter[] children,
        boolean[] required,
        int defined) {
      this.fields = fields;
      this.children = children;
      this.required = required;
      this.defined = defined;
    }

    @Override
    void write(Object value, int r) {
      Struct struct = (Struct) value;
      for (int i = 0; i < children.length; i++) {
        Object child = struct.get(fields[i]);
        if (child != null) {
          children[i].write(child, r);
        } else if (required[i]) {
          throw new DataException("required field " + fields[i].name() + " has no value");
        } else {
          children[i].nulls(r, defined);
        }
      }
    }

    @Override
    void nulls(int r, int d) {
      for (ValueWriter child : children) {
        child.nulls(r, d);
      }
    }
  }

  /** The standard three-level list: an optional or required group, a repeated one, the element. */
  private static final class ListWriter extends ValueWriter {
    private final ValueWriter element;
    private final boolean elementRequired;
    private final int defined;
    private final int repetition;

    ListWriter(ValueWriter element, boolean elementRequired, int defined, int repetition) {
      this.element = element;
      this.elementRequired = elementRequired;
      this.defined = defined;
      this.repetition = repetition;
    }

    @Override
    void write(Object value, int r) {
      List<?> list = (List<?>) value;
      if (list.isEmpty()) {
        element.nulls(r, defined);
        return;
      }
      int level = r;
      for (Object item : list) {
        if (item != null) {
          element.write(item, level);
        } else if (elementRequired) {
          throw new DataException("a list whose elements are not optional holds a null");
        } else {
          element.nulls(level, defined + 1);
        }
        level = repetition;
      }
    }

    @Override
    void nulls(int r, int d) {
      element.nulls(r, d);
    }
  }

  /** The standard map: a group, a repeated key_value group, a required key and the value. */
  private static final class MapWriter extends ValueWriter {
    private final ValueWriter key;
    private final ValueWriter value;
    private final boolean valueRequired;
    private final int defined;
    private final int repetition;

    MapWriter(
        ValueWriter key, ValueWriter value, boolean valueRequired, int defined, int repetition) {
      this.key = key;
      this.value = value;
      this.valueRequired = valueRequired;
      this.defined = defined;
      this.repetition = repetition;
    }

    @Override
    void write(Object map, int r) {
      Map<?, ?> entries = (Map<?, ?>) map;
      if (entries.isEmpty()) {
        nulls(r, defined);
        return;
      }
      int level = r;
      for (Map.Entry<?, ?> entry : entries.entrySet()) {
        if (entry.getKey() == null) {
          throw new DataException("a map key is null; Parquet map keys cannot be");
        }
        key.write(entry.getKey(), level);
        if (entry.getValue() != null) {
          value.write(entry.getValue(), level);
        } else if (valueRequired) {
          throw new DataException("a map whose values are not optional holds a null");
        } else {
          value.nulls(level, defined + 1);
        }
        level = repetition;
      }
    }

    @Override
    void nulls(int r, int d) {
      key.nulls(r, d);
      value.nulls(r, d);
    }
  }
}
