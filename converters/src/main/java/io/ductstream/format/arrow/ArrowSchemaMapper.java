package io.ductstream.format.arrow;

import io.ductstream.format.mapping.SchemaNode;
import io.ductstream.format.mapping.ValueKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Connect schema → Arrow schema. A struct's fields become the columns; any other top-level value is
 * one column {@value #VALUE_COLUMN}. The Connect schema rides in the schema metadata under {@value
 * #CONNECT_SCHEMA_META}, its version (when it has one) under {@value #CONNECT_VERSION_META}; named
 * columns carry their Connect name in field metadata {@value #CONNECT_NAME_META}.
 */
public final class ArrowSchemaMapper {
  public static final String CONNECT_SCHEMA_META = "ductstream.connect.schema";
  public static final String CONNECT_NAME_META = "ductstream.connect.name";

  /** The Connect schema's version (the source's table schema version), when it has one. */
  public static final String CONNECT_VERSION_META = "ductstream.connect.version";

  public static final String VALUE_COLUMN = "value";

  /** Arrow's extension type keys (Arrow columnar format, "Extension Types"). */
  static final String EXTENSION_NAME_META = "ARROW:extension:name";

  static final String EXTENSION_METADATA_META = "ARROW:extension:metadata";

  /** The canonical extension type for UUIDs: 16 bytes, big-endian. */
  static final String UUID_EXTENSION = "arrow.uuid";

  /** The canonical extension type for JSON text: UTF-8. */
  static final String JSON_EXTENSION = "arrow.json";

  private static final String UTC = "UTC";

  private ArrowSchemaMapper() {}

  /** The Arrow schema of records of {@code root}, with {@code connectJson} in its metadata. */
  public static Schema toArrow(SchemaNode root, String connectJson) {
    List<Field> fields = new ArrayList<>();
    if (root.isRecord()) {
      for (int i = 0; i < root.fields.length; i++) {
        fields.add(field(root.fields[i].name(), root.children[i]));
      }
    } else {
      fields.add(field(VALUE_COLUMN, root));
    }
    Integer version = root.schema.version();
    return new Schema(
        fields,
        version == null
            ? Map.of(CONNECT_SCHEMA_META, connectJson)
            : Map.of(CONNECT_SCHEMA_META, connectJson, CONNECT_VERSION_META, version.toString()));
  }

  /** The columns' compiled schemas, in column order. */
  public static SchemaNode[] columns(SchemaNode root) {
    return root.isRecord() ? root.children : new SchemaNode[] {root};
  }

  static Field field(String name, SchemaNode node) {
    Map<String, String> meta = node.name() == null ? null : Map.of(CONNECT_NAME_META, node.name());
    if (node.kind == ValueKind.UUID || node.kind == ValueKind.JSON) {
      // Arrow's canonical extension types: arrow.uuid on a FixedSizeBinary(16), arrow.json on Utf8
      meta =
          Map.of(
              CONNECT_NAME_META,
              node.name(),
              EXTENSION_NAME_META,
              node.kind == ValueKind.UUID ? UUID_EXTENSION : JSON_EXTENSION,
              EXTENSION_METADATA_META,
              "");
    }
    FieldType type = new FieldType(node.optional, type(node), null, meta);
    return new Field(name, type, children(node));
  }

  private static List<Field> children(SchemaNode node) {
    return switch (node.kind) {
      case STRUCT, INTERVAL -> {
        List<Field> children = new ArrayList<>(node.fields.length);
        for (int i = 0; i < node.fields.length; i++) {
          children.add(field(node.fields[i].name(), node.children[i]));
        }
        yield children;
      }
      case ARRAY -> List.of(field("element", node.element));
      case MAP ->
          List.of(
              new Field(
                  "entries",
                  FieldType.notNullable(ArrowType.Struct.INSTANCE),
                  List.of(nonNull(field("key", node.key())), field("value", node.value))));
      default -> null;
    };
  }

  private static Field nonNull(Field field) {
    FieldType t = field.getFieldType();
    return new Field(
        field.getName(),
        new FieldType(false, t.getType(), t.getDictionary(), t.getMetadata()),
        field.getChildren());
  }

  private static ArrowType type(SchemaNode node) {
    return switch (node.kind) {
      case INT8 -> new ArrowType.Int(8, true);
      case INT16 -> new ArrowType.Int(16, true);
      case INT32 -> new ArrowType.Int(32, true);
      case INT64 -> new ArrowType.Int(64, true);
      case FLOAT32 -> new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
      case FLOAT64 -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
      case BOOLEAN -> ArrowType.Bool.INSTANCE;
      case STRING, JSON -> ArrowType.Utf8.INSTANCE;
      case UUID -> new ArrowType.FixedSizeBinary(16);
      case BYTES -> ArrowType.Binary.INSTANCE;
      case DECIMAL -> decimal(node);
      case DATE -> new ArrowType.Date(DateUnit.DAY);
      case TIME_MILLIS -> new ArrowType.Time(TimeUnit.MILLISECOND, 32);
      case TIME_MICROS -> new ArrowType.Time(TimeUnit.MICROSECOND, 64);
      case TIMESTAMP_MILLIS -> new ArrowType.Timestamp(TimeUnit.MILLISECOND, UTC);
      case TIMESTAMP_MICROS -> new ArrowType.Timestamp(TimeUnit.MICROSECOND, null);
      case TIMESTAMP_TZ_MICROS -> new ArrowType.Timestamp(TimeUnit.MICROSECOND, UTC);
      case STRUCT, INTERVAL -> ArrowType.Struct.INSTANCE;
      case ARRAY -> ArrowType.List.INSTANCE;
      case MAP -> new ArrowType.Map(false);
    };
  }

  /** Decimal128 up to 38 digits, Decimal256 up to 76, text beyond (Arrow has no wider decimal). */
  private static ArrowType decimal(SchemaNode node) {
    int precision = node.storedPrecision;
    if (precision > 76) {
      return ArrowType.Utf8.INSTANCE;
    }
    return new ArrowType.Decimal(precision, node.storedScale, precision > 38 ? 256 : 128);
  }

  /** True when a decimal column is stored as text (precision above 76). */
  static boolean decimalAsText(SchemaNode node) {
    return node.storedPrecision > 76;
  }
}
