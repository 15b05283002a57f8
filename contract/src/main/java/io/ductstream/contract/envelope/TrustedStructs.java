package io.ductstream.contract.envelope;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * Sets struct fields without Connect's per-put validation, for code that builds structs from values
 * whose types its schema already guarantees (a decoder reading bytes laid out by the same schema,
 * or a copy of fields of an already valid struct). {@link Struct#put(Field, Object)} checks each
 * value against its schema, and for a nested struct validates the whole nested struct again:
 * profiles of the S3 sink showed more time there than in decoding the bytes.
 *
 * <p>Values go straight into the struct's own value slots. When this Connect version does not let
 * us reach them, every call falls back to {@link Struct#put(Field, Object)}; {@link #direct()} says
 * which path is in use (a test pins it, so an upgrade that loses the fast path is noticed).
 */
public final class TrustedStructs {
  private static final VarHandle VALUES = valuesHandle();

  private TrustedStructs() {}

  /**
   * Sets {@code field} of {@code struct} to {@code value}, unchecked. The caller guarantees that
   * {@code value} is valid for the field's schema. A null for a required field goes through {@link
   * Struct#put(Field, Object)}, which refuses it with Connect's own message.
   */
  public static void set(Struct struct, Field field, Object value) {
    if (value == null && !field.schema().isOptional()) {
      struct.put(field, null);
    }
    if (VALUES != null) {
      ((Object[]) VALUES.get(struct))[field.index()] = value;
    } else {
      struct.put(field, value);
    }
  }

  /** A new struct of {@code schema} holding {@code values} in field order, unchecked. */
  public static Struct of(Schema schema, Object... values) {
    Struct struct = new Struct(schema);
    if (VALUES != null) {
      Object[] slots = (Object[]) VALUES.get(struct);
      System.arraycopy(values, 0, slots, 0, slots.length);
    } else {
      for (Field field : schema.fields()) {
        struct.put(field, values[field.index()]);
      }
    }
    return struct;
  }

  /** True when values are set directly; false when this Connect version forces checked puts. */
  public static boolean direct() {
    return VALUES != null;
  }

  private static VarHandle valuesHandle() {
    try {
      VarHandle handle =
          MethodHandles.privateLookupIn(Struct.class, MethodHandles.lookup())
              .findVarHandle(Struct.class, "values", Object[].class);
      // prove it behaves as expected before trusting it
      Schema probe =
          org.apache.kafka.connect.data.SchemaBuilder.struct()
              .field("a", Schema.INT32_SCHEMA)
              .build();
      Struct struct = new Struct(probe);
      ((Object[]) handle.get(struct))[0] = 7;
      return Integer.valueOf(7).equals(struct.get("a")) ? handle : null;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
