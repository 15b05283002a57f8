package io.ductstream.format.parquet;

import io.ductstream.format.mapping.ConnectSchemaJson;
import io.ductstream.format.mapping.ConnectValues;
import io.ductstream.format.mapping.SchemaNode;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * Reads a Parquet file written by {@link ParquetBatchWriter} back into Connect values, through
 * parquet-java's own example {@code Group} reader, using the Connect schema from the footer.
 */
public final class ParquetFileReader {
  private ParquetFileReader() {}

  public static List<SchemaAndValue> readAll(InputFile file) throws IOException {
    String json;
    try (org.apache.parquet.hadoop.ParquetFileReader footer =
        org.apache.parquet.hadoop.ParquetFileReader.open(file)) {
      json =
          footer
              .getFooter()
              .getFileMetaData()
              .getKeyValueMetaData()
              .get(ParquetSchemaMapper.CONNECT_SCHEMA_META);
    }
    if (json == null) {
      throw new DataException(
          "Parquet file has no " + ParquetSchemaMapper.CONNECT_SCHEMA_META + " metadata");
    }
    Schema schema = new ConnectSchemaJson().fromJson(json);
    SchemaNode root = SchemaNode.of(schema);
    List<SchemaAndValue> rows = new ArrayList<>();
    try (ParquetReader<Group> reader =
        new GroupReaderBuilder(file).withConf(new PlainParquetConfiguration()).build()) {
      for (Group group = reader.read(); group != null; group = reader.read()) {
        Object value =
            root.isRecord()
                ? struct(root, group)
                : group.getFieldRepetitionCount(0) == 0 ? null : value(root, group, 0, 0);
        rows.add(new SchemaAndValue(schema, value));
      }
    }
    return rows;
  }

  private static Struct struct(SchemaNode node, Group group) {
    Struct struct = new Struct(node.schema);
    for (int i = 0; i < node.fields.length; i++) {
      if (group.getFieldRepetitionCount(i) > 0) {
        struct.put(node.fields[i], value(node.children[i], group, i, 0));
      }
    }
    return struct;
  }

  private static Object value(SchemaNode node, Group group, int field, int index) {
    return switch (node.kind) {
      case INT8 -> (byte) group.getInteger(field, index);
      case INT16 -> (short) group.getInteger(field, index);
      case INT32 -> group.getInteger(field, index);
      case INT64, TIME_MICROS, TIMESTAMP_MICROS, TIMESTAMP_TZ_MICROS -> group.getLong(field, index);
      case FLOAT32 -> group.getFloat(field, index);
      case FLOAT64 -> group.getDouble(field, index);
      case BOOLEAN -> group.getBoolean(field, index);
      case STRING, JSON -> group.getBinary(field, index).toStringUsingUTF8();
      case UUID -> ConnectValues.uuidText(group.getBinary(field, index).getBytes());
      case BYTES -> group.getBinary(field, index).getBytes();
      case DECIMAL -> {
        if (ParquetSchemaMapper.decimalAsText(node)) {
          yield new java.math.BigDecimal(group.getBinary(field, index).toStringUsingUTF8())
              .setScale(node.scale);
        }
        PrimitiveTypeName storage = ParquetSchemaMapper.decimalStorage(node);
        BigInteger unscaled =
            storage == PrimitiveTypeName.INT32
                ? BigInteger.valueOf(group.getInteger(field, index))
                : storage == PrimitiveTypeName.INT64
                    ? BigInteger.valueOf(group.getLong(field, index))
                    : new BigInteger(group.getBinary(field, index).getBytes());
        yield ConnectValues.fromStored(ConnectValues.decimal(unscaled, node.storedScale), node);
      }
      case DATE -> ConnectValues.dateOfDays(group.getInteger(field, index));
      case TIME_MILLIS -> ConnectValues.dateOfMillis(group.getInteger(field, index));
      case TIMESTAMP_MILLIS -> ConnectValues.dateOfMillis(group.getLong(field, index));
      case STRUCT, INTERVAL -> struct(node, group.getGroup(field, index));
      case ARRAY -> {
        Group list = group.getGroup(field, index);
        int n = list.getFieldRepetitionCount(0);
        List<Object> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          Group element = list.getGroup(0, i);
          items.add(
              element.getFieldRepetitionCount(0) == 0 ? null : value(node.element, element, 0, 0));
        }
        yield items;
      }
      case MAP -> {
        Group map = group.getGroup(field, index);
        int n = map.getFieldRepetitionCount(0);
        Map<Object, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
          Group entry = map.getGroup(0, i);
          out.put(
              value(node.key(), entry, 0, 0),
              entry.getFieldRepetitionCount(1) == 0 ? null : value(node.value, entry, 1, 0));
        }
        yield out;
      }
    };
  }

  private static final class GroupReaderBuilder extends ParquetReader.Builder<Group> {
    GroupReaderBuilder(InputFile file) {
      super(file);
    }

    @Override
    protected ReadSupport<Group> getReadSupport() {
      return new GroupReadSupport();
    }
  }
}
