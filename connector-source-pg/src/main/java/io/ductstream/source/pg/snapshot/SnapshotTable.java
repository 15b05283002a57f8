package io.ductstream.source.pg.snapshot;

import io.ductstream.source.pg.catalog.KeyRangeSql;
import io.ductstream.source.pg.catalog.TableShape;
import io.ductstream.source.pg.records.TableMapper;
import io.ductstream.source.pg.types.TypeRegistry;
import java.util.ArrayList;
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
   * One column: quoted name, type as SQL ({@code format_type} with its modifier) for casting key
   * values, and whether its value is read in binary form (else as {@code ::text}).
   */
  public record Column(String quotedName, String sqlType, boolean binary) {}

  public SnapshotTable {
    columns = List.copyOf(columns);
    keyColumns = List.copyOf(keyColumns);
  }

  /**
   * The snapshot's view of a table's catalog shape.
   *
   * @param mapper the table's mapper, built from the shape's Relation message as streaming builds
   *     it
   */
  public static SnapshotTable of(TableShape shape, TableMapper mapper, TypeRegistry types) {
    List<Column> columns = new ArrayList<>();
    for (TableShape.Column column : shape.columns()) {
      columns.add(of(column, types));
    }
    List<Column> keyColumns = new ArrayList<>();
    for (TableShape.Column column : shape.splitKey()) {
      keyColumns.add(of(column, types));
    }
    TableShape.Size size = shape.size();
    return new SnapshotTable(
        shape.id().toString(),
        shape.id().quoted(),
        mapper,
        columns,
        keyColumns,
        size.filenode(),
        size.estimatedRows(),
        size.blocks(),
        size.rowsPerBlock());
  }

  private static Column of(TableShape.Column column, TypeRegistry types) {
    return new Column(column.quotedName(), column.sqlType(), types.binarySafe(column.typeOid()));
  }

  /** The chunk SQL of the table's key (or ctid blocks, without one). */
  KeyRangeSql keyRangeSql() {
    return new KeyRangeSql(
        quotedName,
        keyColumns.stream().map(Column::quotedName).toList(),
        keyColumns.stream().map(Column::sqlType).toList());
  }

  /** True when the table has no key to split by and is read in ctid (block) ranges. */
  public boolean byCtid() {
    return keyColumns.isEmpty();
  }
}
