package io.ductstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

class WriterRowsTest {

  @Test
  void rowHasTheValuesTheAnchorInsertComputes() {
    Struct row = new WriterRows().row(1);
    assertThat(row.getInt64("id")).isEqualTo(1L);
    assertThat(row.getInt32("a")).isEqualTo(1);
    assertThat(row.getInt64("b")).isEqualTo(7919L);
    // left(md5('1') || md5('2'), 50)
    assertThat(row.getString("c")).isEqualTo("c4ca4238a0b923820dcc509a6f75849bc81e728d9d4c2f636f");
    // timestamptz '2026-01-01' + 1 second, in µs since the epoch (UTC)
    assertThat(row.getInt64("d")).isEqualTo(1_767_225_601_000_000L);
    assertThat(row.get("e")).isEqualTo(new BigDecimal("0.01"));
    assertThat(row.getBoolean("f")).isFalse();
    assertThat(row.getString("g")).isEqualTo("{\"k\": 1, \"tag\": \"t1\"}");
  }
}
