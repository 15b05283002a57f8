package io.ductstream.format.parquet;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;

/**
 * What the files written so far for a schema tell about its columns: which of them gave up
 * dictionary encoding. parquet-java starts every column of every file with a dictionary and falls
 * back to plain encoding once the dictionary stops paying (a key, a timestamp, free text: values
 * that rarely repeat), after hashing and then re-encoding a whole page of values. A column that
 * fell back in the last file of its schema is written plain from the start in the next one, so its
 * dictionary is not built only to be thrown away; every {@link #PROBE_EVERY}th file tries the
 * dictionary on every column again, in case the data changed. The choice changes only how values
 * are encoded, never which values a file holds.
 *
 * <p>Thread-safe: files are opened and finished on different threads of the S3 sink.
 */
public final class DictionaryHistory {
  /** A file out of this many tries dictionary encoding on all columns. */
  static final int PROBE_EVERY = 10;

  /** Past this many schemas the history starts over (schemas change rarely). */
  private static final int MAX_SCHEMAS = 256;

  private static final DictionaryHistory NONE = new DictionaryHistory(false);

  private record Entry(Set<String> plain, long files) {}

  private final boolean remembers;
  private final Map<Object, Entry> schemas = new ConcurrentHashMap<>();

  public DictionaryHistory() {
    this(true);
  }

  private DictionaryHistory(boolean remembers) {
    this.remembers = remembers;
  }

  /** A history that remembers nothing: every column of every file tries its dictionary. */
  public static DictionaryHistory none() {
    return NONE;
  }

  /**
   * The columns (dotted paths) the next file of {@code schema} writes without a dictionary, and
   * counts that file.
   */
  Set<String> plainColumns(Object schema) {
    if (!remembers) {
      return Set.of();
    }
    if (schemas.size() > MAX_SCHEMAS) {
      schemas.clear();
    }
    Entry entry =
        schemas.compute(
            schema,
            (key, last) ->
                last == null ? new Entry(Set.of(), 1) : new Entry(last.plain(), last.files() + 1));
    // the first file and every PROBE_EVERY-th after it try every column's dictionary
    return (entry.files() - 1) % PROBE_EVERY == 0 ? Set.of() : entry.plain();
  }

  /**
   * Learns from a finished file of {@code schema}: the columns whose chunks hold no dictionary page
   * (they fell back, or were written plain already) are written plain next time.
   */
  void finished(Object schema, ParquetMetadata footer) {
    if (!remembers || footer == null) {
      return;
    }
    Set<String> withDictionary = new HashSet<>();
    Set<String> plain = new HashSet<>();
    for (BlockMetaData block : footer.getBlocks()) {
      for (ColumnChunkMetaData chunk : block.getColumns()) {
        String path = chunk.getPath().toDotString();
        (chunk.hasDictionaryPage() ? withDictionary : plain).add(path);
      }
    }
    plain.removeAll(withDictionary); // a column that kept its dictionary in any row group keeps it
    Set<String> next = Set.copyOf(plain);
    schemas.computeIfPresent(schema, (key, entry) -> new Entry(next, entry.files()));
  }
}
