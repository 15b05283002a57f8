package io.ductstream.sink.s3.naming;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;

/**
 * One level of an object key from a name or a value. The same input gives the same segment on every
 * worker and every replay (the exactly-once object names depend on it), distinct inputs give
 * distinct segments, and no segment can leave the prefix or break S3's 1,024-byte key limit:
 *
 * <ul>
 *   <li>letters, digits, {@code .}, {@code _} and {@code -} stay; every other UTF-8 byte is
 *       percent-encoded ({@code /} is {@code %2F}, {@code =} is {@code %3D}, a space {@code %20});
 *   <li>{@code .} and {@code ..} become {@code %2E} and {@code %2E%2E};
 *   <li>null is {@code __null__}, the empty string {@code __empty__} (their own text is encoded:
 *       {@code _} stays, so the string {@code "__null__"} is the only thing that collides, and it
 *       is percent-encoded to {@code %5F%5Fnull%5F%5F} to keep it apart);
 *   <li>a segment longer than {@link #MAX_BYTES} keeps its first characters and ends with {@code ~}
 *       and 16 hex digits of the SHA-256 of the whole value.
 * </ul>
 *
 * Values are written by their Connect type, never by {@code toString()} of whatever object holds
 * them: dates as ISO dates, timestamps as ISO instants in UTC, times as ISO times, decimals as
 * plain numbers, bytes as hex, lists, maps and structs as their elements in brackets.
 */
public final class PathSegments {
  /** Longest segment, in bytes: keys stay well under S3's limit with a few levels. */
  public static final int MAX_BYTES = 128;

  static final String NULL = "__null__";
  static final String EMPTY = "__empty__";
  private static final HexFormat HEX = HexFormat.of();

  private PathSegments() {}

  /** The segment of a name (a schema, table or topic) or of a value's text. */
  public static String of(String text) {
    if (text == null) {
      return NULL;
    }
    if (text.isEmpty()) {
      return EMPTY;
    }
    if (text.equals(".")) {
      return "%2E";
    }
    if (text.equals("..")) {
      return "%2E%2E";
    }
    boolean reserved = text.equals(NULL) || text.equals(EMPTY);
    StringBuilder out = new StringBuilder(text.length() + 8);
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      if (!reserved && safe(b)) {
        out.append((char) b);
      } else {
        out.append('%').append(HEX.toHexDigits(b).toUpperCase(java.util.Locale.ROOT));
      }
    }
    return out.length() <= MAX_BYTES ? out.toString() : shortened(out, text);
  }

  /** The segment of a field's value, written by its Connect type. */
  public static String ofValue(Schema schema, Object value) {
    return of(value == null ? null : text(schema, value));
  }

  private static boolean safe(byte b) {
    return (b >= 'a' && b <= 'z')
        || (b >= 'A' && b <= 'Z')
        || (b >= '0' && b <= '9')
        || b == '.'
        || b == '_'
        || b == '-';
  }

  private static String shortened(StringBuilder encoded, String text) {
    int keep = MAX_BYTES - 17;
    // do not cut a %XX escape in half
    while (keep > 0 && (encoded.charAt(keep - 1) == '%' || encoded.charAt(keep - 2) == '%')) {
      keep--;
    }
    // nor a character's UTF-8 bytes: the cut goes before the byte that starts it
    while (keep >= 3 && continuation(encoded, keep)) {
      keep -= 3;
    }
    return encoded.substring(0, keep) + "~" + HEX.formatHex(sha256(text), 0, 8);
  }

  /** True when the escape at {@code at} is a UTF-8 continuation byte (10xxxxxx: 8, 9, A, B). */
  private static boolean continuation(StringBuilder encoded, int at) {
    if (at + 2 >= encoded.length() || encoded.charAt(at) != '%') {
      return false;
    }
    char high = encoded.charAt(at + 1);
    return high == '8' || high == '9' || high == 'A' || high == 'B';
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }

  private static String text(Schema schema, Object value) {
    String logical = schema == null ? null : schema.name();
    if (value instanceof java.util.Date date) {
      if (Date.LOGICAL_NAME.equals(logical)) {
        return LocalDate.ofInstant(date.toInstant(), ZoneOffset.UTC).toString();
      }
      if (Time.LOGICAL_NAME.equals(logical)) {
        return LocalTime.ofInstant(date.toInstant(), ZoneOffset.UTC).toString();
      }
      if (Timestamp.LOGICAL_NAME.equals(logical) || logical == null) {
        return Instant.ofEpochMilli(date.getTime()).toString();
      }
    }
    if (value instanceof BigDecimal decimal
        && (logical == null || Decimal.LOGICAL_NAME.equals(logical))) {
      return decimal.toPlainString();
    }
    if (value instanceof byte[] bytes) {
      return HEX.formatHex(bytes);
    }
    if (value instanceof ByteBuffer buffer) {
      ByteBuffer copy = buffer.duplicate();
      byte[] bytes = new byte[copy.remaining()];
      copy.get(bytes);
      return HEX.formatHex(bytes);
    }
    if (value instanceof List<?> list) {
      StringBuilder out = new StringBuilder("[");
      Schema element = schema == null ? null : schema.valueSchema();
      for (int i = 0; i < list.size(); i++) {
        out.append(i == 0 ? "" : ",").append(nested(element, list.get(i)));
      }
      return out.append(']').toString();
    }
    if (value instanceof Map<?, ?> map) {
      StringBuilder out = new StringBuilder("{");
      Schema keys = schema == null ? null : schema.keySchema();
      Schema values = schema == null ? null : schema.valueSchema();
      boolean first = true;
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        out.append(first ? "" : ",")
            .append(nested(keys, entry.getKey()))
            .append(':')
            .append(nested(values, entry.getValue()));
        first = false;
      }
      return out.append('}').toString();
    }
    if (value instanceof Struct struct) {
      StringBuilder out = new StringBuilder("{");
      boolean first = true;
      for (Field field : struct.schema().fields()) {
        out.append(first ? "" : ",")
            .append(field.name())
            .append(':')
            .append(nested(field.schema(), struct.get(field)));
        first = false;
      }
      return out.append('}').toString();
    }
    return value.toString();
  }

  private static String nested(Schema schema, Object value) {
    return value == null ? "null" : text(schema, value);
  }
}
