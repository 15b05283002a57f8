package io.ductstream.format.arrow;

import io.ductstream.format.mapping.ConnectValues;
import io.ductstream.format.mapping.SchemaNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.Decimal256Vector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.kafka.connect.data.Struct;

/**
 * Writes Connect values into Arrow vectors of the schema {@link ArrowSchemaMapper} derives, and
 * reads them back. Rows are written in order, every index of every vector is set (NULLs explicitly,
 * down into the children of a NULL struct) so offsets stay consistent.
 */
public final class ArrowVectorCodec {
  private ArrowVectorCodec() {}

  public static void write(ValueVector vector, SchemaNode node, int index, Object value) {
    if (value == null) {
      writeNull(vector, node, index);
      return;
    }
    switch (node.kind) {
      case INT8 -> ((TinyIntVector) vector).setSafe(index, (Byte) value);
      case INT16 -> ((SmallIntVector) vector).setSafe(index, (Short) value);
      case INT32 -> ((IntVector) vector).setSafe(index, (Integer) value);
      case INT64 -> ((BigIntVector) vector).setSafe(index, (Long) value);
      case FLOAT32 -> ((Float4Vector) vector).setSafe(index, (Float) value);
      case FLOAT64 -> ((Float8Vector) vector).setSafe(index, (Double) value);
      case BOOLEAN -> ((BitVector) vector).setSafe(index, (Boolean) value ? 1 : 0);
      case STRING, JSON ->
          ((VarCharVector) vector)
              .setSafe(index, ((String) value).getBytes(StandardCharsets.UTF_8));
      case UUID -> uuidVector(vector).setSafe(index, ConnectValues.uuidBytes((String) value));
      case BYTES -> ((VarBinaryVector) vector).setSafe(index, ConnectValues.bytes(value));
      case DECIMAL -> writeDecimal(vector, node, index, (BigDecimal) value);
      case DATE -> ((DateDayVector) vector).setSafe(index, ConnectValues.days(value));
      case TIME_MILLIS ->
          ((TimeMilliVector) vector).setSafe(index, ConnectValues.millisOfDay(value));
      case TIME_MICROS -> ((TimeMicroVector) vector).setSafe(index, (Long) value);
      case TIMESTAMP_MILLIS ->
          ((TimeStampVector) vector).setSafe(index, ConnectValues.epochMillis(value));
      case TIMESTAMP_MICROS, TIMESTAMP_TZ_MICROS ->
          ((TimeStampVector) vector).setSafe(index, (Long) value);
      case STRUCT, INTERVAL -> {
        StructVector struct = (StructVector) vector;
        struct.setIndexDefined(index);
        Struct row = (Struct) value;
        for (int i = 0; i < node.fields.length; i++) {
          write(struct.getChildByOrdinal(i), node.children[i], index, row.get(node.fields[i]));
        }
      }
      case ARRAY -> {
        ListVector list = (ListVector) vector;
        List<?> items = (List<?>) value;
        int start = list.startNewValue(index);
        FieldVector child = list.getDataVector();
        for (int i = 0; i < items.size(); i++) {
          write(child, node.element, start + i, items.get(i));
        }
        list.endValue(index, items.size());
      }
      case MAP -> {
        ListVector map = (ListVector) vector;
        Map<?, ?> entries = (Map<?, ?>) value;
        int start = map.startNewValue(index);
        StructVector entry = (StructVector) map.getDataVector();
        int i = start;
        for (Map.Entry<?, ?> e : entries.entrySet()) {
          entry.setIndexDefined(i);
          write(entry.getChildByOrdinal(0), node.key(), i, e.getKey());
          write(entry.getChildByOrdinal(1), node.value, i, e.getValue());
          i++;
        }
        map.endValue(index, entries.size());
      }
    }
  }

  private static void writeDecimal(ValueVector vector, SchemaNode node, int index, BigDecimal v) {
    ConnectValues.unscaled(v, node.scale);
    if (vector instanceof DecimalVector d) {
      d.setSafe(index, node.storedScale == node.scale ? v : v.setScale(node.storedScale));
    } else if (vector instanceof Decimal256Vector d) {
      d.setSafe(index, node.storedScale == node.scale ? v : v.setScale(node.storedScale));
    } else {
      ((VarCharVector) vector).setSafe(index, v.toPlainString().getBytes(StandardCharsets.UTF_8));
    }
  }

  /** A uuid column's bytes, also when the reader registered Arrow's uuid extension type. */
  private static org.apache.arrow.vector.FixedSizeBinaryVector uuidVector(ValueVector vector) {
    if (vector instanceof org.apache.arrow.vector.ExtensionTypeVector<?> extension) {
      return (org.apache.arrow.vector.FixedSizeBinaryVector) extension.getUnderlyingVector();
    }
    return (org.apache.arrow.vector.FixedSizeBinaryVector) vector;
  }

  private static void writeNull(ValueVector vector, SchemaNode node, int index) {
    if (vector instanceof org.apache.arrow.vector.ExtensionTypeVector<?> extension) {
      writeNull(extension.getUnderlyingVector(), node, index);
      return;
    }
    if (vector instanceof StructVector struct) {
      struct.setNull(index);
      for (int i = 0; i < node.fields.length; i++) {
        writeNull(struct.getChildByOrdinal(i), node.children[i], index);
      }
    } else if (vector instanceof ListVector list) {
      list.setNull(index);
    } else if (vector instanceof org.apache.arrow.vector.BaseFixedWidthVector fixed) {
      fixed.setNull(index);
    } else if (vector instanceof org.apache.arrow.vector.BaseVariableWidthVector variable) {
      variable.setNull(index);
    } else {
      throw new IllegalStateException("no null for " + vector.getClass());
    }
  }

  public static Object read(ValueVector vector, SchemaNode node, int index) {
    if (vector.isNull(index)) {
      return null;
    }
    return switch (node.kind) {
      case INT8 -> ((TinyIntVector) vector).get(index);
      case INT16 -> ((SmallIntVector) vector).get(index);
      case INT32 -> ((IntVector) vector).get(index);
      case INT64 -> ((BigIntVector) vector).get(index);
      case FLOAT32 -> ((Float4Vector) vector).get(index);
      case FLOAT64 -> ((Float8Vector) vector).get(index);
      case BOOLEAN -> ((BitVector) vector).get(index) != 0;
      case STRING, JSON -> new String(((VarCharVector) vector).get(index), StandardCharsets.UTF_8);
      case UUID -> ConnectValues.uuidText(uuidVector(vector).get(index));
      case BYTES -> ((VarBinaryVector) vector).get(index);
      case DECIMAL ->
          vector instanceof VarCharVector text
              ? new BigDecimal(new String(text.get(index), StandardCharsets.UTF_8))
                  .setScale(node.scale)
              : ConnectValues.fromStored((BigDecimal) vector.getObject(index), node);
      case DATE -> ConnectValues.dateOfDays(((DateDayVector) vector).get(index));
      case TIME_MILLIS -> ConnectValues.dateOfMillis(((TimeMilliVector) vector).get(index));
      case TIME_MICROS -> ((TimeMicroVector) vector).get(index);
      case TIMESTAMP_MILLIS -> ConnectValues.dateOfMillis(((TimeStampVector) vector).get(index));
      case TIMESTAMP_MICROS, TIMESTAMP_TZ_MICROS -> ((TimeStampVector) vector).get(index);
      case STRUCT, INTERVAL -> {
        StructVector struct = (StructVector) vector;
        Struct row = new Struct(node.schema);
        for (int i = 0; i < node.fields.length; i++) {
          row.put(node.fields[i], read(struct.getChildByOrdinal(i), node.children[i], index));
        }
        yield row;
      }
      case ARRAY -> {
        ListVector list = (ListVector) vector;
        int start = list.getElementStartIndex(index);
        int end = list.getElementEndIndex(index);
        List<Object> items = new ArrayList<>(end - start);
        for (int i = start; i < end; i++) {
          items.add(read(list.getDataVector(), node.element, i));
        }
        yield items;
      }
      case MAP -> {
        ListVector map = (ListVector) vector;
        StructVector entry = (StructVector) map.getDataVector();
        Map<Object, Object> out = new LinkedHashMap<>();
        for (int i = map.getElementStartIndex(index); i < map.getElementEndIndex(index); i++) {
          out.put(
              read(entry.getChildByOrdinal(0), node.key(), i),
              read(entry.getChildByOrdinal(1), node.value, i));
        }
        yield out;
      }
    };
  }
}
