package io.ductstream.format.mapping;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;

/**
 * Conversions between Connect's Java values for logical types and the integers the wire formats
 * store, without going through Calendar (Connect's own helpers reject the infinity dates Postgres
 * has).
 */
public final class ConnectValues {
  public static final long MILLIS_PER_DAY = 86_400_000L;

  /** Precision assumed for a Decimal whose schema does not declare one. */
  public static final int DEFAULT_DECIMAL_PRECISION = 38;

  private ConnectValues() {}

  /** Days since the epoch of a Connect {@code Date} value. */
  /** A BYTES value as an array: Connect allows byte[] and ByteBuffer. */
  public static byte[] bytes(Object value) {
    if (value instanceof java.nio.ByteBuffer buffer) {
      byte[] out = new byte[buffer.remaining()];
      buffer.duplicate().get(out);
      return out;
    }
    return (byte[]) value;
  }

  public static int days(Object date) {
    return (int) Math.floorDiv(((java.util.Date) date).getTime(), MILLIS_PER_DAY);
  }

  public static java.util.Date dateOfDays(long days) {
    return new java.util.Date(days * MILLIS_PER_DAY);
  }

  /** Milliseconds since midnight of a Connect {@code Time} value. */
  public static int millisOfDay(Object time) {
    return (int) ((java.util.Date) time).getTime();
  }

  public static long epochMillis(Object timestamp) {
    return ((java.util.Date) timestamp).getTime();
  }

  public static java.util.Date dateOfMillis(long millis) {
    return new java.util.Date(millis);
  }

  /** The scale a Decimal schema declares. */
  public static int scale(Schema schema) {
    Map<String, String> params = schema.parameters();
    String scale = params == null ? null : params.get(Decimal.SCALE_FIELD);
    if (scale == null) {
      throw new DataException("Decimal schema " + schema + " has no scale parameter");
    }
    return Integer.parseInt(scale);
  }

  /** The precision a Decimal schema declares ({@code connect.decimal.precision}), or 38. */
  public static int precision(Schema schema) {
    Map<String, String> params = schema.parameters();
    String precision =
        params == null
            ? null
            : params.get(io.ductstream.contract.envelope.SemanticTypes.DECIMAL_PRECISION);
    return precision == null ? DEFAULT_DECIMAL_PRECISION : Integer.parseInt(precision);
  }

  /** The unscaled value of {@code value} at the schema's scale; a different scale is an error. */
  public static BigInteger unscaled(BigDecimal value, int scale) {
    if (value.scale() != scale) {
      throw new DataException(
          "decimal " + value + " has scale " + value.scale() + " but its schema says " + scale);
    }
    return value.unscaledValue();
  }

  public static BigDecimal decimal(BigInteger unscaled, int scale) {
    return new BigDecimal(unscaled, scale);
  }

  /** The 16 big-endian bytes of a canonical uuid string (the Parquet and Arrow uuid layout). */
  public static byte[] uuidBytes(String uuid) {
    java.util.UUID parsed;
    try {
      parsed = java.util.UUID.fromString(uuid);
    } catch (IllegalArgumentException e) {
      throw new DataException("not a uuid: \"" + uuid + "\"", e);
    }
    return java.nio.ByteBuffer.allocate(16)
        .putLong(parsed.getMostSignificantBits())
        .putLong(parsed.getLeastSignificantBits())
        .array();
  }

  /** The canonical lower-case form of 16 big-endian uuid bytes. */
  public static String uuidText(byte[] bytes) {
    java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes);
    return new java.util.UUID(buffer.getLong(), buffer.getLong()).toString();
  }

  /** The unscaled value at the node's {@link SchemaNode#storedScale} (exact). */
  public static BigInteger storedUnscaled(BigDecimal value, SchemaNode node) {
    unscaled(value, node.scale);
    return node.storedScale == node.scale
        ? value.unscaledValue()
        : value.setScale(node.storedScale).unscaledValue();
  }

  /** A decimal stored at {@link SchemaNode#storedScale}, back at the schema's scale (exact). */
  public static BigDecimal fromStored(BigDecimal stored, SchemaNode node) {
    return stored.scale() == node.scale
        ? stored
        : stored.setScale(node.scale, java.math.RoundingMode.UNNECESSARY);
  }
}
