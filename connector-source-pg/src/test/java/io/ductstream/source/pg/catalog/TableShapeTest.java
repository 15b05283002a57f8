package io.ductstream.source.pg.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.ductstream.source.pg.decoding.RelationMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableShapeTest {
  // b is the primary key's second column, a its first; c alone is the replica identity index
  private static final List<TableShape.Column> COLUMNS =
      List.of(
          new TableShape.Column("b", 23, -1, "integer", 0, 1, -1),
          new TableShape.Column("c", 25, -1, "text", 0, -1, 0),
          new TableShape.Column("a", 1043, 14, "character varying(10)", 0, 0, -1));

  private static TableShape shape(char identity, List<TableShape.Column> columns) {
    return new TableShape(new TableId("s", "t"), 42, identity, columns, TableShape.Size.UNKNOWN);
  }

  private static List<Boolean> keyFlags(TableShape shape) {
    return shape.relationMessage().columns().stream().map(RelationMessage.Column::key).toList();
  }

  @Test
  void keyFlagsAreThoseOfPgoutputForEachReplicaIdentity() {
    assertThat(keyFlags(shape('d', COLUMNS))).containsExactly(true, false, true);
    assertThat(keyFlags(shape('i', COLUMNS))).containsExactly(false, true, false);
    assertThat(keyFlags(shape('f', COLUMNS))).containsExactly(true, true, true);
    assertThat(keyFlags(shape('n', COLUMNS))).containsExactly(false, false, false);
    RelationMessage relation = shape('d', COLUMNS).relationMessage();
    assertThat(relation.relationId()).isEqualTo(42);
    assertThat(relation.qualifiedName()).isEqualTo("s.t");
    assertThat(relation.columns().get(2).typmod()).isEqualTo(14);
  }

  @Test
  void theSplitKeyIsThePrimaryKeyInIndexOrderElseTheIdentityIndex() {
    assertThat(shape('d', COLUMNS).splitKey())
        .extracting(TableShape.Column::name)
        .containsExactly("a", "b");
    List<TableShape.Column> noPrimaryKey =
        List.of(
            new TableShape.Column("b", 23, -1, "integer", 0, -1, 1),
            new TableShape.Column("c", 25, -1, "text", 0, -1, 0));
    assertThat(shape('i', noPrimaryKey).splitKey())
        .extracting(TableShape.Column::name)
        .containsExactly("c", "b");
    assertThat(
            shape('f', List.of(new TableShape.Column("x", 25, -1, "text", 0, -1, -1))).splitKey())
        .isEmpty();
  }

  @Test
  void rowsPerBlockAreKnownOnlyFromStatistics() {
    assertThat(new TableShape.Size(1, 100, 10, 12).rowsPerBlock()).isEqualTo(10.0);
    assertThat(new TableShape.Size(1, -1, 0, 12).rowsPerBlock()).isZero();
  }
}
