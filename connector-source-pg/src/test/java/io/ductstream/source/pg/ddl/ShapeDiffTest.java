package io.ductstream.source.pg.ddl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShapeDiffTest {
  private static RelationShape.Column column(String name, String type, int oid) {
    return new RelationShape.Column(name, type, oid, -1, false, 0, false);
  }

  private static RelationShape.Column key(String name, int position) {
    return new RelationShape.Column(name, "integer", 23, -1, true, position, true);
  }

  private static final RelationShape BASE =
      new RelationShape(
          'd', List.of(key("id", 1), column("name", "text", 25), column("qty", "integer", 23)));

  @Test
  void anAddedNullableColumnIsCompatible() {
    RelationShape after =
        new RelationShape(
            'd',
            List.of(
                key("id", 1),
                column("name", "text", 25),
                column("qty", "integer", 23),
                column("note", "text", 25)));
    ShapeDiff diff = ShapeDiff.between(BASE, after);
    assertThat(diff.text()).isEqualTo("add column note text");
    assertThat(diff.compatible()).isTrue();
    assertThat(ShapeDiff.between(BASE, BASE).isEmpty()).isTrue();
  }

  @Test
  void aColumnReplacedInPlaceWithTheSameTypeIsARenameAndKeepsTheKeys() {
    RelationShape after =
        new RelationShape(
            'd', List.of(key("id", 1), column("title", "text", 25), column("qty", "integer", 23)));
    ShapeDiff diff = ShapeDiff.between(BASE, after);
    assertThat(diff.text()).isEqualTo("rename column name to title");
    assertThat(diff.compatible()).isFalse();
  }

  @Test
  void typeNullabilityIdentityAndKeyChangesAreEachALine() {
    RelationShape after =
        new RelationShape(
            'f',
            List.of(
                new RelationShape.Column("id", "integer", 23, -1, true, 1, true),
                new RelationShape.Column("name", "text", 25, -1, true, 2, true),
                new RelationShape.Column("qty", "bigint", 20, -1, false, 0, true)));
    ShapeDiff diff = ShapeDiff.between(BASE, after);
    assertThat(diff.changes())
        .extracting(ShapeDiff.Change::kind)
        .containsExactly("set_not_null", "alter_type", "replica_identity", "primary_key");
    assertThat(diff.text())
        .isEqualTo(
            "alter column name set not null\n"
                + "alter column qty type integer -> bigint\n"
                + "replica identity default -> full\n"
                + "primary key (id) -> (id, name)");
  }

  @Test
  void aDroppedColumnAndANotNullColumnAreNotCompatibleButDroppingNotNullIs() {
    RelationShape dropped =
        new RelationShape('d', List.of(key("id", 1), column("name", "text", 25)));
    assertThat(ShapeDiff.between(BASE, dropped).text()).isEqualTo("drop column qty");
    assertThat(ShapeDiff.between(BASE, dropped).compatible()).isFalse();

    RelationShape notNull =
        new RelationShape(
            'd',
            List.of(
                key("id", 1),
                column("name", "text", 25),
                column("qty", "integer", 23),
                new RelationShape.Column("flag", "boolean", 16, -1, true, 0, false)));
    assertThat(ShapeDiff.between(BASE, notNull).text())
        .isEqualTo("add column flag boolean not null");
    assertThat(ShapeDiff.between(BASE, notNull).compatible()).isFalse();
    assertThat(ShapeDiff.between(notNull, BASE).changes()).hasSize(1);

    RelationShape nullable =
        new RelationShape(
            'd',
            List.of(
                key("id", 1),
                column("name", "text", 25),
                column("qty", "integer", 23),
                column("flag", "boolean", 16)));
    ShapeDiff relaxed = ShapeDiff.between(notNull, nullable);
    assertThat(relaxed.text()).isEqualTo("alter column flag drop not null");
    assertThat(relaxed.compatible()).isTrue();
  }

  @Test
  void thePlanSaysWhatEachDestinationDoes() {
    RelationShape after =
        new RelationShape(
            'd',
            List.of(
                key("id", 1),
                column("name", "text", 25),
                column("qty", "integer", 23),
                column("note", "text", 25)));
    String plan =
        ShapeDiff.between(BASE, after).plan("public.t", 1, 2, List.of("s3:lake", "kafka:bus"));
    assertThat(plan)
        .contains("\"version\":2")
        .contains("\"from_version\":1")
        .contains("\"destination\":\"s3:lake\"")
        .contains("_schemas/v2.json")
        .contains("__schema_version 2")
        .contains("\"destination\":\"kafka:bus\"")
        .contains("writer schema version 2");
    assertThat(ShapeDiff.between(BASE, after).plan("public.t", 1, 2, List.of()))
        .contains("\"destination\":\"records\"");
  }

  @Test
  void shapesRoundTripThroughTheirJsonAndCatalogDetailsFillColumnsTheCatalogLost() {
    RelationShape lost =
        new RelationShape(
            'd',
            List.of(
                new RelationShape.Column("id", "oid 23", 23, -1, false, 0, true),
                column("name", "text", 25),
                column("qty", "integer", 23)));
    assertThat(RelationShape.fromJson(BASE.toJson())).isEqualTo(BASE);
    assertThat(RelationShape.fromJson(BASE.toJson()).columns()).isEqualTo(BASE.columns());
    assertThat(lost.same(BASE)).isFalse();
    assertThat(lost.sameInStream(BASE)).isTrue();
    assertThat(lost.withCatalogDetailsOf(BASE).columns()).isEqualTo(BASE.columns());
  }
}
