package io.ductstream.source.pg.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ductstream.contract.envelope.SemanticTypes;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class UserTypesIT {
  private static ColumnReadBack db;

  @BeforeAll
  static void openDatabase() throws Exception {
    db = ColumnReadBack.open("types_user");
    db.execute(
        "CREATE TYPE mood AS ENUM ('sad', 'ok', 'with space', 'quote\"d', 'é')",
        "CREATE SCHEMA shop",
        "CREATE TYPE shop.status AS ENUM ('new', 'paid')",
        "CREATE DOMAIN posint AS integer CHECK (VALUE > 0)",
        "CREATE DOMAIN email AS text CHECK (VALUE LIKE '%@%')",
        "CREATE DOMAIN price AS numeric(7,3)",
        "CREATE DOMAIN price_alias AS price",
        "CREATE DOMAIN intlist AS integer[]",
        "CREATE DOMAIN spot AS point",
        "CREATE TYPE pair AS (a integer, b text)");
  }

  @AfterAll
  static void closeDatabase() throws Exception {
    db.close();
  }

  @Test
  void enumIsItsLabelNamedByItsQualifiedType() throws Exception {
    ValueDecoder decoder =
        db.assertReadsBack(
            "mood",
            List.of("'sad'", "NULL", "'with space'", "'é'"),
            Arrays.asList("sad", null, "with space", "é"));
    assertThat(decoder.schema().name()).isEqualTo(SemanticTypes.ENUM);
    assertThat(decoder.schema().parameters()).containsEntry(SemanticTypes.PG_TYPE, "public.mood");
    assertThat(decoder.takesPlaceholder()).isTrue();

    ValueDecoder other = db.assertReadsBack("shop.status", List.of("'paid'"), List.of("paid"));
    assertThat(other.schema().parameters()).containsEntry(SemanticTypes.PG_TYPE, "shop.status");
  }

  @Test
  void enumArrayIsListOfLabels() throws Exception {
    ValueDecoder decoder =
        db.assertReadsBack(
            "mood[]",
            List.of("'{sad,\"with space\",NULL,\"quote\\\"d\"}'", "'{}'"),
            List.of(Arrays.asList("sad", "with space", null, "quote\"d"), List.of()));
    assertThat(decoder.schema().type()).isEqualTo(Schema.Type.ARRAY);
    assertThat(decoder.schema().valueSchema().name()).isEqualTo(SemanticTypes.ENUM);
    assertThat(decoder.schema().valueSchema().isOptional()).isTrue();
  }

  @Test
  void domainOverIntegerDecodesAsInteger() throws Exception {
    ValueDecoder decoder =
        db.assertReadsBack(
            "posint",
            List.of("1", "2147483647", "NULL"),
            Arrays.asList(1, Integer.MAX_VALUE, null));
    assertThat(decoder.schema()).isEqualTo(Schema.OPTIONAL_INT32_SCHEMA);
  }

  @Test
  void domainOverTextDecodesAsText() throws Exception {
    ValueDecoder decoder =
        db.assertReadsBack("email", List.of("'a@b.c'", "NULL"), Arrays.asList("a@b.c", null));
    assertThat(decoder.schema()).isEqualTo(Schema.OPTIONAL_STRING_SCHEMA);
    assertThat(decoder.takesPlaceholder()).isTrue();
  }

  @Test
  void domainOverConstrainedNumericTakesTheDomainsScale() throws Exception {
    ValueDecoder decoder =
        db.assertReadsBack(
            "price_alias",
            List.of("'1234.5'", "'-0.001'"),
            List.of(new BigDecimal("1234.500"), new BigDecimal("-0.001")));
    assertThat(decoder.schema().name()).isEqualTo(Decimal.LOGICAL_NAME);
    assertThat(decoder.schema().parameters())
        .containsEntry(Decimal.SCALE_FIELD, "3")
        .containsEntry(SemanticTypes.DECIMAL_PRECISION, "7");
  }

  @Test
  void domainOverArrayAndArrayOfDomainDecodeAsArrays() throws Exception {
    ValueDecoder domainOverArray =
        db.assertReadsBack("intlist", List.of("'{1,NULL,3}'"), List.of(Arrays.asList(1, null, 3)));
    assertThat(domainOverArray.schema())
        .isEqualTo(SchemaBuilder.array(Schema.OPTIONAL_INT32_SCHEMA).optional().build());
    db.assertReadsBack("posint[]", List.of("'{5,NULL}'"), List.of(Arrays.asList(5, null)));
  }

  @Test
  void typesWithoutMappingAreTheirTextUnderPgText() throws Exception {
    ColumnReadBack.Column point = db.store("point", List.of("'(1.5,-2)'", "NULL"));
    assertThat(db.text(point)).containsExactly("(1.5,-2)", null);
    assertThat(point.decoder().schema().name()).isEqualTo(SemanticTypes.PG_TEXT);
    assertThat(point.decoder().schema().parameters()).containsEntry(SemanticTypes.PG_TYPE, "point");
    assertThat(point.decoder().takesPlaceholder()).isTrue();
    assertThatThrownBy(() -> db.binary(point))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("point")
        .hasMessageContaining("text mode");

    ColumnReadBack.Column pair = db.store("pair", List.of("ROW(1, 'x y')"));
    assertThat(db.text(pair)).containsExactly("(1,\"x y\")");
    assertThat(pair.decoder().schema().parameters())
        .containsEntry(SemanticTypes.PG_TYPE, "public.pair");

    ColumnReadBack.Column range = db.store("int4range", List.of("'[1,5)'"));
    assertThat(db.text(range)).containsExactly("[1,5)");

    ColumnReadBack.Column boxes = db.store("box[]", List.of("ARRAY[box '((1,1),(0,0))', NULL]"));
    assertThat(db.text(boxes)).containsExactly(Arrays.asList("(1,1),(0,0)", null));
  }

  @Test
  void binarySafeOnlyForTypesWithBinaryDecoders() throws Exception {
    TypeRegistry registry = db.registry();
    assertThat(registry.binarySafe(oid("integer"))).isTrue();
    assertThat(registry.binarySafe(oid("text[]"))).isTrue();
    assertThat(registry.binarySafe(oid("mood"))).isTrue();
    assertThat(registry.binarySafe(oid("mood[]"))).isTrue();
    assertThat(registry.binarySafe(oid("posint"))).isTrue();
    assertThat(registry.binarySafe(oid("posint[]"))).isTrue();
    assertThat(registry.binarySafe(oid("intlist"))).isTrue();
    assertThat(registry.binarySafe(oid("point"))).isFalse();
    assertThat(registry.binarySafe(oid("point[]"))).isFalse();
    assertThat(registry.binarySafe(oid("spot"))).isFalse();
    assertThat(registry.binarySafe(oid("pair"))).isFalse();
    assertThat(registry.binarySafe(oid("int4range"))).isFalse();
    assertThat(registry.binarySafe(oid("int2vector"))).isFalse();
  }

  @Test
  void decodersAreCachedPerTypeTypmodAndDimensions() throws Exception {
    TypeRegistry registry = db.registry();
    int mood = oid("mood");
    assertThat(registry.decoder(mood, -1, 0)).isSameAs(registry.decoder(mood, -1, 0));
    assertThat(registry.decoder(1007, -1, 0)).isSameAs(registry.decoder(1007, -1, 1));
    assertThat(registry.decoder(1007, -1, 2).schema().valueSchema().type())
        .isEqualTo(Schema.Type.ARRAY);
  }

  private static int oid(String type) throws Exception {
    ColumnReadBack.Column column = db.store(type, List.of());
    return column.oid();
  }
}
