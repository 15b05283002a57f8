package io.ductstream.bench;

import io.ductstream.contract.envelope.SemanticTypes;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

/**
 * The anchor workload's row as the source emits it (a Connect struct), with the values the anchor
 * load's INSERT computes for id {@code i}: the same formulas, so files compare with DuckDB's.
 */
final class WriterRows {
  static final Schema ROW =
      SchemaBuilder.struct()
          .name("bench.public.bench.Value")
          .field("id", Schema.INT64_SCHEMA)
          .field("a", Schema.OPTIONAL_INT32_SCHEMA)
          .field("b", Schema.OPTIONAL_INT64_SCHEMA)
          .field("c", Schema.OPTIONAL_STRING_SCHEMA)
          .field("d", SemanticTypes.timestampTzMicros().optional().build())
          .field("e", SemanticTypes.decimal(12, 2).optional().build())
          .field("f", Schema.OPTIONAL_BOOLEAN_SCHEMA)
          .field("g", SemanticTypes.json().optional().build())
          .build();

  /** 2026-01-01T00:00:00Z in microseconds. */
  static final long BASE_MICROS = 1_767_225_600_000_000L;

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final MessageDigest md5;

  WriterRows() {
    try {
      md5 = MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  Struct row(long i) {
    return new Struct(ROW)
        .put("id", i)
        .put("a", (int) (i % 100_000))
        .put("b", i * 7919)
        .put("c", (md5Hex(Long.toString(i)) + md5Hex(Long.toString(i + 1))).substring(0, 50))
        .put("d", BASE_MICROS + i * 1_000_000L)
        .put("e", BigDecimal.valueOf(i % 1_000_000, 2))
        .put("f", i % 2 == 0)
        .put("g", "{\"k\": " + i + ", \"tag\": \"t" + (i % 10) + "\"}");
  }

  private String md5Hex(String text) {
    byte[] digest = md5.digest(text.getBytes(StandardCharsets.US_ASCII));
    char[] out = new char[32];
    for (int k = 0; k < 16; k++) {
      out[2 * k] = HEX[(digest[k] >> 4) & 0xf];
      out[2 * k + 1] = HEX[digest[k] & 0xf];
    }
    return new String(out);
  }
}
