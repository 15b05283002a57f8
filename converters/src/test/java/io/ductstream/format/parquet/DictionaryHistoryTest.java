package io.ductstream.format.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import io.ductstream.format.BatchWriterOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.junit.jupiter.api.Test;

class DictionaryHistoryTest {
  private static final Schema ROW =
      SchemaBuilder.struct()
          .name("t.Row")
          .field("id", Schema.INT64_SCHEMA)
          .field("op", Schema.STRING_SCHEMA)
          .field("note", Schema.OPTIONAL_STRING_SCHEMA)
          .build();

  private static final int ROWS = 30_000;

  /** One file of {@code ROWS} rows: unique ids, three ops, and a note from {@code note}. */
  private static byte[] file(DictionaryHistory history, LongFunction<String> note)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ParquetBatchWriter writer =
        new ParquetBatchWriter(ROW, out, BatchWriterOptions.defaults(), history)) {
      for (long i = 0; i < ROWS; i++) {
        writer.write(
            new Struct(ROW)
                .put("id", i)
                .put("op", new String[] {"c", "u", "d"}[(int) (i % 3)])
                .put("note", note.apply(i)));
      }
    }
    return out.toByteArray();
  }

  /** Whether each column's chunks hold a dictionary page. */
  private static Map<String, Boolean> dictionaries(byte[] file) throws IOException {
    Map<String, Boolean> columns = new HashMap<>();
    try (org.apache.parquet.hadoop.ParquetFileReader reader =
        org.apache.parquet.hadoop.ParquetFileReader.open(new BytesInputFile(file))) {
      for (BlockMetaData block : reader.getFooter().getBlocks()) {
        for (ColumnChunkMetaData chunk : block.getColumns()) {
          columns.merge(
              chunk.getPath().toDotString(), chunk.hasDictionaryPage(), Boolean::logicalOr);
        }
      }
    }
    return columns;
  }

  private static List<Object> ids(byte[] file) throws IOException {
    List<Object> ids = new ArrayList<>();
    for (SchemaAndValue row : ParquetFileReader.readAll(new BytesInputFile(file))) {
      ids.add(((Struct) row.value()).get("id"));
    }
    return ids;
  }

  @Test
  void aColumnThatFellBackIsWrittenPlainInTheNextFileOfItsSchema() throws IOException {
    DictionaryHistory history = new DictionaryHistory();
    LongFunction<String> uniqueNotes = i -> "note number " + i + " of a long unique text";

    byte[] first = file(history, uniqueNotes);
    // parquet-java tried every dictionary and gave up on the unique columns
    assertThat(dictionaries(first)).containsEntry("op", true);
    assertThat(dictionaries(first)).containsEntry("id", false).containsEntry("note", false);

    byte[] second = file(history, uniqueNotes);
    assertThat(dictionaries(second))
        .containsEntry("op", true)
        .containsEntry("id", false)
        .containsEntry("note", false);
    // the same rows either way
    assertThat(ids(second)).isEqualTo(ids(first));
    assertThat(ParquetFileReader.readAll(new BytesInputFile(second)))
        .isEqualTo(ParquetFileReader.readAll(new BytesInputFile(first)));
  }

  @Test
  void everyTenthFileTriesTheDictionaryAgain() throws IOException {
    DictionaryHistory history = new DictionaryHistory();
    file(history, i -> "unique " + i); // note falls back
    for (int n = 2; n <= DictionaryHistory.PROBE_EVERY; n++) {
      // the notes repeat now, but the history says plain
      assertThat(dictionaries(file(history, i -> "same"))).containsEntry("note", false);
    }
    byte[] probe = file(history, i -> "same");
    assertThat(dictionaries(probe)).containsEntry("note", true);
    assertThat(dictionaries(file(history, i -> "same"))).containsEntry("note", true);
  }

  @Test
  void withoutHistoryEveryFileTriesEveryDictionary() throws IOException {
    DictionaryHistory none = DictionaryHistory.none();
    file(none, i -> "unique " + i);
    assertThat(dictionaries(file(none, i -> "same"))).containsEntry("note", true);
  }

  @Test
  void schemasAreRememberedApart() throws IOException {
    DictionaryHistory history = new DictionaryHistory();
    file(history, i -> "unique " + i);
    Schema other =
        SchemaBuilder.struct().name("t.Other").field("note", Schema.STRING_SCHEMA).build();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ParquetBatchWriter writer =
        new ParquetBatchWriter(other, out, BatchWriterOptions.defaults(), history)) {
      for (int i = 0; i < 1000; i++) {
        writer.write(new Struct(other).put("note", "same"));
      }
    }
    assertThat(dictionaries(out.toByteArray())).containsEntry("note", true);
  }
}
