package io.ductstream.format;

/** Names what a payload looks like from its first bytes, for mismatch messages. */
public final class PayloadSniffer {
  /** First byte of DuctStream's framed payloads; the second names the format. */
  public static final byte FRAME_MAGIC = (byte) 0xD5;

  public static final byte ARROW_ID = 0x01;
  public static final byte PARQUET_ID = 0x02;
  public static final byte PROTO_ID = 0x04;

  private PayloadSniffer() {}

  public static String describe(byte[] bytes) {
    if (bytes.length == 0) {
      return "an empty payload";
    }
    StringBuilder hex = new StringBuilder();
    for (int i = 0; i < Math.min(4, bytes.length); i++) {
      hex.append(String.format("%02x", bytes[i] & 0xff));
    }
    return "bytes 0x" + hex + " (" + guess(bytes) + ")";
  }

  private static String guess(byte[] b) {
    if (b.length >= 2 && (b[0] & 0xff) == 0xC3 && b[1] == 0x01) {
      return "looks like avro single-object encoding";
    }
    if (b.length >= 2 && b[0] == FRAME_MAGIC) {
      return switch (b[1]) {
        case ARROW_ID -> "looks like DuctStream arrow";
        case PARQUET_ID -> "looks like DuctStream parquet";
        case PROTO_ID -> "looks like DuctStream proto";
        default -> "DuctStream frame of an unknown format";
      };
    }
    if (b.length >= 4 && b[0] == 'P' && b[1] == 'A' && b[2] == 'R' && b[3] == '1') {
      return "looks like a bare Parquet file";
    }
    if (b.length >= 4 && b[0] == (byte) 0xff && b[1] == (byte) 0xff) {
      return "looks like a bare Arrow IPC stream";
    }
    if (b.length >= 5 && b[0] == 0 && b.length > 4) {
      return "looks like Confluent Schema Registry framing";
    }
    int first = 0;
    while (first < b.length && Character.isWhitespace(b[first])) {
      first++;
    }
    if (first < b.length && (b[first] == '{' || b[first] == '[' || b[first] == '"')) {
      return "looks like JSON";
    }
    return "not a known format";
  }
}
