package io.ductstream.source.pg.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import io.ductstream.source.pg.records.ReadRow;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

class BackfillWindowTest {
  private static final Schema KEY = SchemaBuilder.struct().field("id", Schema.INT32_SCHEMA).build();
  private final BackfillWindow window = new BackfillWindow();

  @Test
  void rowsWhoseKeyChangedBetweenTheWatermarksAreDropped() {
    window.open(42);
    window.changed(42, key(2));
    window.changed(7, key(3)); // another table
    List<ReadRow> rows = rows(1, 2, 3);

    window.close(rows);

    assertThat(rows).extracting(r -> r.key().getInt32("id")).containsExactly(1, 3);
    assertThat(window.isOpen()).isFalse();
  }

  @Test
  void changesOutsideTheWindowDropNothing() {
    window.changed(42, key(1)); // before the low watermark
    window.open(42);
    List<ReadRow> rows = rows(1, 2);
    window.close(rows);
    window.changed(42, key(2)); // after the high watermark

    assertThat(rows).hasSize(2);
  }

  @Test
  void aTruncateInsideTheWindowDropsTheWholeChunk() {
    window.open(42);
    window.truncated(42);
    List<ReadRow> rows = rows(1, 2);

    window.close(rows);

    assertThat(rows).isEmpty();
  }

  @Test
  void eachChunkStartsWithAnEmptyWindow() {
    window.open(42);
    window.changed(42, key(1));
    window.close(new ArrayList<>());
    window.open(42);
    List<ReadRow> rows = rows(1);

    window.close(rows);

    assertThat(rows).hasSize(1);
  }

  private static Struct key(int id) {
    return new Struct(KEY).put("id", id);
  }

  private static List<ReadRow> rows(int... ids) {
    List<ReadRow> rows = new ArrayList<>();
    for (int id : ids) {
      rows.add(new ReadRow(key(id), null, 100));
    }
    return rows;
  }
}
