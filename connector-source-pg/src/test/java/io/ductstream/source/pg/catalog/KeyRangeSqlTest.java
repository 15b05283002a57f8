package io.ductstream.source.pg.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeyRangeSqlTest {
  private static final KeyRangeSql COMPOSITE =
      new KeyRangeSql(
          "\"s\".\"t\"", List.of("\"a\"", "\"b\""), List.of("integer", "character varying(10)"));

  @Test
  void parameterBoundsAreTypedPlaceholdersInARowComparison() {
    StringBuilder sql = new StringBuilder("SELECT x, ");
    COMPOSITE.appendKeyText(sql, "__key_");
    COMPOSITE.appendFromAfter(sql, List.of("1", "z"), KeyRangeSql.Values.PARAMETERS);
    COMPOSITE.appendKey(sql.append(" ORDER BY ")).append(" LIMIT ?");
    assertThat(sql.toString())
        .isEqualTo(
            "SELECT x, \"a\"::text AS __key_0, \"b\"::text AS __key_1 FROM \"s\".\"t\""
                + " WHERE (\"a\", \"b\") > (?::integer, ?::character varying(10))"
                + " ORDER BY \"a\", \"b\" LIMIT ?");
  }

  @Test
  void withoutABoundEveryRowIsRead() {
    assertThat(
            COMPOSITE
                .appendFromAfter(new StringBuilder(), null, KeyRangeSql.Values.PARAMETERS)
                .toString())
        .isEqualTo(" FROM \"s\".\"t\"");
    assertThat(
            COMPOSITE
                .appendFrom(new StringBuilder(), null, null, KeyRangeSql.Values.INLINE)
                .toString())
        .isEqualTo(" FROM \"s\".\"t\"");
  }

  @Test
  void inlineBoundsAreEscapeStringLiteralsThatNoValueCanEnd() {
    KeyRangeSql single = new KeyRangeSql("\"s\".\"t\"", List.of("\"k\""), List.of("text"));
    assertThat(
            single
                .appendFrom(
                    new StringBuilder(),
                    List.of("it's \\"),
                    List.of("z"),
                    KeyRangeSql.Values.INLINE)
                .toString())
        .isEqualTo(" FROM \"s\".\"t\" WHERE \"k\" >= E'it''s \\\\'::text AND \"k\" < E'z'::text");
  }

  @Test
  void aTableWithoutKeyIsReadInBlockRanges() {
    KeyRangeSql blocks = new KeyRangeSql("\"s\".\"t\"", List.of(), List.of());
    assertThat(blocks.byCtid()).isTrue();
    assertThat(
            blocks
                .appendFrom(new StringBuilder(), List.of("8"), null, KeyRangeSql.Values.INLINE)
                .toString())
        .isEqualTo(" FROM \"s\".\"t\" WHERE ctid >= '(8,0)'::tid");
  }
}
