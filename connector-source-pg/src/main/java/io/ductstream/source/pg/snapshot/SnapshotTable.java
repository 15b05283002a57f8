package io.ductstream.source.pg.snapshot;

import io.ductstream.source.pg.records.TableMapper;
import java.util.List;

/**
 * What the snapshot needs to know of one captured table: its mapper (the same schemas, topic and
 * decoders streaming uses), how each column is read, how the table is split into chunks, and the
 * catalog's size estimates.
 *
 * @param qualifiedName {@code schema.table}
 * @param quotedName {@code "schema"."table"}, for SQL
 * @param columns the columns in the order of the mapper's row (pgoutput's Relation order)
 * @param keyColumns the key columns in index order; empty for a table read by ctid
 * @param filenode pg_class.relfilenode (changes when the table is rewritten)
 * @param estimatedRows pg_class.reltuples, or -1 when the table was never analyzed
 * @param blocks the table's size in blocks now
 * @param rowsPerBlock rows per block from the statistics, or 0 when unknown
 */
public record SnapshotTable(
    String qualifiedName,
    String quotedName,
    TableMapper mapper,
    List<Column> columns,
    List<Column> keyColumns,
    long filenode,
    long estimatedRows,
    long blocks,
    double rowsPerBlock) {

  /**
   * One column: quoted name, type as SQL ({@code format_type} without typmod) for casting key
   * values, and whether its value is read in binary form (else as {@code ::text}).
   */
  public record Column(String quotedName, String sqlType, boolean binary) {}

  public SnapshotTable {
    columns = List.copyOf(columns);
    keyColumns = List.copyOf(keyColumns);
  }

  /** True when the table has no key to split by and is read in ctid (block) ranges. */
  public boolean byCtid() {
    return keyColumns.isEmpty();
  }
}
