package io.ductstream.format.parquet;

import io.ductstream.format.mapping.ConnectValues;
import io.ductstream.format.mapping.SchemaNode;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.kafka.connect.data.Struct;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * Parquet's {@link WriteSupport} over Connect values (no Avro or Group objects in between): the
 * values go straight to the row group's column writers ({@link ColumnValueWriters}), or, where
 * those cannot be reached, through the record consumer parquet-java hands over.
 */
public final class ConnectWriteSupport extends WriteSupport<Object> {
  private final SchemaNode root;
  private final MessageType schema;
  private final String connectJson;
  private final boolean columnWriters;
  private RecordConsumer out;
  private ColumnValueWriters columns;

  public ConnectWriteSupport(SchemaNode root, String connectJson) {
    this(root, connectJson, true);
  }

  /**
   * @param columnWriters false: always through the record consumer (tests compare the two ways)
   */
  ConnectWriteSupport(SchemaNode root, String connectJson, boolean columnWriters) {
    this.root = root;
    this.schema = ParquetSchemaMapper.toParquet(root);
    this.connectJson = connectJson;
    this.columnWriters = columnWriters;
  }

  @Override
  public WriteContext init(Configuration configuration) {
    return context();
  }

  @Override
  public WriteContext init(ParquetConfiguration configuration) {
    return context();
  }

  private WriteContext context() {
    Integer version = root.schema.version();
    return new WriteContext(
        schema,
        version == null
            ? Map.of(ParquetSchemaMapper.CONNECT_SCHEMA_META, connectJson)
            : Map.of(
                ParquetSchemaMapper.CONNECT_SCHEMA_META,
                connectJson,
                ParquetSchemaMapper.CONNECT_VERSION_META,
                version.toString()));
  }

  @Override
  public String getName() {
    return "ductstream";
  }

  @Override
  public void prepareForWrite(RecordConsumer recordConsumer) {
    // called again for each row group, with the new group's consumer and columns
    this.out = recordConsumer;
    this.columns = columnWriters ? ColumnValueWriters.of(recordConsumer, root, schema) : null;
  }

  /** True when the rows go straight to the column writers. */
  boolean writesColumns() {
    return columns != null;
  }

  @Override
  public void write(Object record) {
    if (columns != null) {
      columns.write(record);
      return;
    }
    out.startMessage();
    if (root.isRecord()) {
      writeFields(root, (Struct) record);
    } else if (record != null) {
      out.startField(ParquetSchemaMapper.VALUE_COLUMN, 0);
      writeValue(root, record);
      out.endField(ParquetSchemaMapper.VALUE_COLUMN, 0);
    }
    out.endMessage();
  }

  private void writeFields(SchemaNode node, Struct struct) {
    for (int i = 0; i < node.fields.length; i++) {
      Object value = struct.get(node.fields[i]);
      if (value != null) {
        String name = node.fields[i].name();
        out.startField(name, i);
        writeValue(node.children[i], value);
        out.endField(name, i);
      }
    }
  }

  private void writeValue(SchemaNode node, Object value) {
    switch (node.kind) {
      case INT8 -> out.addInteger((Byte) value);
      case INT16 -> out.addInteger((Short) value);
      case INT32 -> out.addInteger((Integer) value);
      case INT64, TIME_MICROS, TIMESTAMP_MICROS, TIMESTAMP_TZ_MICROS -> out.addLong((Long) value);
      case FLOAT32 -> out.addFloat((Float) value);
      case FLOAT64 -> out.addDouble((Double) value);
      case BOOLEAN -> out.addBoolean((Boolean) value);
      case STRING, JSON -> out.addBinary(ColumnValueWriters.text((String) value));
      case UUID -> out.addBinary(ColumnValueWriters.uuid(value));
      case BYTES -> out.addBinary(ColumnValueWriters.bytes(value));
      case DECIMAL -> writeDecimal(node, (BigDecimal) value);
      case DATE -> out.addInteger(ConnectValues.days(value));
      case TIME_MILLIS -> out.addInteger(ConnectValues.millisOfDay(value));
      case TIMESTAMP_MILLIS -> out.addLong(ConnectValues.epochMillis(value));
      case STRUCT, INTERVAL -> {
        out.startGroup();
        writeFields(node, (Struct) value);
        out.endGroup();
      }
      case ARRAY -> writeList(node, (List<?>) value);
      case MAP -> writeMap(node, (Map<?, ?>) value);
    }
  }

  private void writeDecimal(SchemaNode node, BigDecimal value) {
    if (ParquetSchemaMapper.decimalAsText(node)
        || ParquetSchemaMapper.decimalStorage(node) == PrimitiveTypeName.BINARY) {
      out.addBinary(ColumnValueWriters.decimalBinary(node, value));
    } else if (ParquetSchemaMapper.decimalStorage(node) == PrimitiveTypeName.INT32) {
      out.addInteger((int) ColumnValueWriters.decimalUnscaled(node, value));
    } else {
      out.addLong(ColumnValueWriters.decimalUnscaled(node, value));
    }
  }

  private void writeList(SchemaNode node, List<?> list) {
    out.startGroup();
    if (!list.isEmpty()) {
      out.startField("list", 0);
      for (Object item : list) {
        out.startGroup();
        if (item != null) {
          out.startField("element", 0);
          writeValue(node.element, item);
          out.endField("element", 0);
        }
        out.endGroup();
      }
      out.endField("list", 0);
    }
    out.endGroup();
  }

  private void writeMap(SchemaNode node, Map<?, ?> map) {
    out.startGroup();
    if (!map.isEmpty()) {
      out.startField("key_value", 0);
      for (Map.Entry<?, ?> e : map.entrySet()) {
        out.startGroup();
        out.startField("key", 0);
        writeValue(node.key(), e.getKey());
        out.endField("key", 0);
        if (e.getValue() != null) {
          out.startField("value", 1);
          writeValue(node.value, e.getValue());
          out.endField("value", 1);
        }
        out.endGroup();
      }
      out.endField("key_value", 0);
    }
    out.endGroup();
  }
}
