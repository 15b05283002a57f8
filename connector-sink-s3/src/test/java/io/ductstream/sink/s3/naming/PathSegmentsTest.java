package io.ductstream.sink.s3.naming;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.junit.jupiter.api.Test;

class PathSegmentsTest {
  @Test
  void plainNamesStayAsTheyAre() {
    assertThat(PathSegments.of("orders")).isEqualTo("orders");
    assertThat(PathSegments.of("Order_Items-2.v1")).isEqualTo("Order_Items-2.v1");
  }

  @Test
  void nothingCanLeaveThePrefixOrMeanAnotherLevel() {
    assertThat(PathSegments.of("..")).isEqualTo("%2E%2E");
    assertThat(PathSegments.of(".")).isEqualTo("%2E");
    assertThat(PathSegments.of("a/b")).isEqualTo("a%2Fb");
    assertThat(PathSegments.of("k=v")).isEqualTo("k%3Dv");
    assertThat(PathSegments.of("line\nbreak")).isEqualTo("line%0Abreak");
    assertThat(PathSegments.of("ü ß")).isEqualTo("%C3%BC%20%C3%9F");
  }

  @Test
  void distinctInputsGiveDistinctSegments() {
    List<String> inputs =
        java.util.Arrays.asList(
            null, "", "null", "__null__", "__empty__", "_", "a/b", "a_b", "a%2Fb", ".", "%2E");
    Set<String> segments = new HashSet<>();
    for (String input : inputs) {
      segments.add(PathSegments.of(input));
    }
    assertThat(segments).hasSize(inputs.size());
    assertThat(PathSegments.of(null)).isEqualTo("__null__");
    assertThat(PathSegments.of("")).isEqualTo("__empty__");
  }

  @Test
  void longValuesAreCutWithAHashSoKeysStayUnderTheLimit() {
    String a = "x".repeat(5000);
    String b = "x".repeat(4999) + "y";
    String ü = "ü".repeat(300);
    assertThat(PathSegments.of(a).getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(PathSegments.MAX_BYTES);
    assertThat(PathSegments.of(a)).isNotEqualTo(PathSegments.of(b)).contains("~");
    assertThat(PathSegments.of(ü).length()).isLessThanOrEqualTo(PathSegments.MAX_BYTES);
    assertThat(PathSegments.of(ü)).matches("(%C3%BC)+~[0-9a-f]{16}");
    assertThat(PathSegments.of(a)).isEqualTo(PathSegments.of("x".repeat(5000)));
  }

  @Test
  void valuesAreWrittenByTheirConnectTypeWhateverTheJvmsTimeZone() {
    TimeZone saved = TimeZone.getDefault();
    try {
      java.util.Date day = new java.util.Date(86_400_000L * 20_000);
      TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Kiritimati"));
      String inKiritimati = PathSegments.ofValue(Date.SCHEMA, day);
      TimeZone.setDefault(TimeZone.getTimeZone("America/Adak"));
      assertThat(PathSegments.ofValue(Date.SCHEMA, day))
          .isEqualTo(inKiritimati)
          .isEqualTo("2024-10-04");
      assertThat(PathSegments.ofValue(Timestamp.SCHEMA, new java.util.Date(1_700_000_000_123L)))
          .isEqualTo("2023-11-14T22%3A13%3A20.123Z");
    } finally {
      TimeZone.setDefault(saved);
    }
    assertThat(PathSegments.ofValue(Schema.BYTES_SCHEMA, new byte[] {0, 15, -1}))
        .isEqualTo("000fff");
    assertThat(PathSegments.ofValue(Schema.BYTES_SCHEMA, new byte[] {0, 15, -1}))
        .as("the same bytes in another array: the same segment")
        .isEqualTo(PathSegments.ofValue(Schema.BYTES_SCHEMA, new byte[] {0, 15, -1}));
    assertThat(PathSegments.ofValue(Decimal.schema(2), new BigDecimal("1E+3").setScale(2)))
        .isEqualTo("1000.00");
    Schema point = SchemaBuilder.struct().field("x", Schema.INT32_SCHEMA).build();
    assertThat(
            PathSegments.ofValue(
                SchemaBuilder.array(Schema.BYTES_SCHEMA).build(),
                List.of(new byte[] {1}, new byte[] {2})))
        .isEqualTo("%5B01%2C02%5D");
    assertThat(PathSegments.ofValue(point, new Struct(point).put("x", 3))).isEqualTo("%7Bx%3A3%7D");
    assertThat(PathSegments.ofValue(null, Map.of("k", 1))).isEqualTo("%7Bk%3A1%7D");
    assertThat(PathSegments.ofValue(Schema.OPTIONAL_STRING_SCHEMA, null)).isEqualTo("__null__");
  }
}
