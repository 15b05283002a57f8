package io.ductstream.format.mapping;

import java.util.List;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;

/**
 * A Connect schema compiled once for the hot path: its {@link ValueKind}, optionality, decimal
 * scale and children, so encoders switch on an enum instead of looking at names per value.
 */
public final class SchemaNode {
  public final Schema schema;
  public final ValueKind kind;
  public final boolean optional;

  /** Struct and interval fields, in schema order; empty otherwise. */
  public final Field[] fields;

  /** Compiled schemas of {@link #fields}, same order. */
  public final SchemaNode[] children;

  /** Array element, or map key; null otherwise. */
  public final SchemaNode element;

  /** Map value; null otherwise. */
  public final SchemaNode value;

  /** Decimal scale and precision; 0 otherwise. */
  public final int scale;

  public final int precision;

  /**
   * How a format with a plain decimal type (scale 0 to precision) stores a decimal exactly:
   * Postgres allows a negative scale ({@code numeric(2,-3)}, stored at scale 0 with 5 digits) and a
   * scale above the precision ({@code numeric(3,5)}, stored with precision 5). 0 for other kinds.
   */
  public final int storedScale;

  public final int storedPrecision;

  private SchemaNode(Schema schema) {
    this.schema = schema;
    this.kind = ValueKind.of(schema);
    this.optional = schema.isOptional();
    if (kind == ValueKind.STRUCT || kind == ValueKind.INTERVAL) {
      List<Field> list = schema.fields();
      this.fields = list.toArray(new Field[0]);
      this.children = new SchemaNode[fields.length];
      for (int i = 0; i < fields.length; i++) {
        children[i] = new SchemaNode(fields[i].schema());
      }
    } else {
      this.fields = new Field[0];
      this.children = new SchemaNode[0];
    }
    this.element =
        kind == ValueKind.ARRAY
            ? new SchemaNode(schema.valueSchema())
            : kind == ValueKind.MAP ? new SchemaNode(schema.keySchema()) : null;
    this.value = kind == ValueKind.MAP ? new SchemaNode(schema.valueSchema()) : null;
    this.scale = kind == ValueKind.DECIMAL ? ConnectValues.scale(schema) : 0;
    this.precision = kind == ValueKind.DECIMAL ? ConnectValues.precision(schema) : 0;
    this.storedScale = Math.max(0, scale);
    this.storedPrecision =
        kind == ValueKind.DECIMAL
            ? Math.max(1, Math.max(precision, scale) - Math.min(0, scale))
            : 0;
  }

  public static SchemaNode of(Schema schema) {
    return new SchemaNode(schema);
  }

  /** True for a struct (not an interval): the formats that need a record at the top wrap others. */
  public boolean isRecord() {
    return kind == ValueKind.STRUCT;
  }

  /** Map key: the {@link #element} of a map. */
  public SchemaNode key() {
    return element;
  }

  public String name() {
    return schema.name();
  }
}
