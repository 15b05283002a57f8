package io.ductstream.source.pg.catalog;

import io.ductstream.source.pg.decoding.RelationMessage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * A table as the catalog describes it now: its columns in the order and with the key flags a
 * pgoutput Relation message gives (generated columns left out, as pgoutput does), its keys, and the
 * catalog's size figures. Snapshot, backfill and streaming all read tables through this one shape.
 *
 * @param oid pg_class.oid, the relation id of pgoutput messages
 * @param replicaIdentity {@code d} default, {@code n} nothing, {@code f} full, {@code i} index
 * @param size the size figures; {@link Size#UNKNOWN} when the shape was read by relation id
 */
public record TableShape(
    TableId id, int oid, char replicaIdentity, List<Column> columns, Size size) {

  /**
   * One column.
   *
   * @param sqlType the type as SQL with its modifier ({@code format_type}), for casting key text
   * @param arrayDims the declared array dimensions (attndims), 0 for none or not declared
   * @param primaryKeyPosition the place in the primary key's index, -1 when not in it
   * @param identityPosition the place in the replica identity index, -1 when not in it
   * @param notNull the column is declared NOT NULL
   */
  public record Column(
      String name,
      int typeOid,
      int typmod,
      String sqlType,
      int arrayDims,
      int primaryKeyPosition,
      int identityPosition,
      boolean notNull) {
    /** A column whose nullability is not known (taken as nullable). */
    public Column(
        String name,
        int typeOid,
        int typmod,
        String sqlType,
        int arrayDims,
        int primaryKeyPosition,
        int identityPosition) {
      this(name, typeOid, typmod, sqlType, arrayDims, primaryKeyPosition, identityPosition, false);
    }

    public String quotedName() {
      return TableId.quote(name);
    }
  }

  /**
   * The catalog's size figures.
   *
   * @param filenode pg_class.relfilenode (changes when the table is rewritten)
   * @param estimatedRows pg_class.reltuples, or -1 when the table was never analyzed
   * @param pages pg_class.relpages as of the statistics
   * @param blocks the table's size in blocks now
   */
  public record Size(long filenode, long estimatedRows, long pages, long blocks) {
    public static final Size UNKNOWN = new Size(0, -1, 0, 0);

    /** Rows per block from the statistics, or 0 when unknown. */
    public double rowsPerBlock() {
      return estimatedRows > 0 && pages > 0 ? (double) estimatedRows / pages : 0;
    }
  }

  public TableShape {
    columns = List.copyOf(columns);
  }

  /** The Relation message pgoutput would send for the table now. */
  public RelationMessage relationMessage() {
    List<RelationMessage.Column> relation = new ArrayList<>(columns.size());
    for (Column column : columns) {
      relation.add(
          new RelationMessage.Column(
              column.name(), column.typeOid(), column.typmod(), pgoutputKey(column)));
    }
    return new RelationMessage(oid, id.schema(), id.table(), replicaIdentity, relation);
  }

  /** pgoutput's key flag: the replica identity's columns (all for FULL, none for NOTHING). */
  private boolean pgoutputKey(Column column) {
    return switch (replicaIdentity) {
      case 'd' -> column.primaryKeyPosition() >= 0;
      case 'i' -> column.identityPosition() >= 0;
      case 'f' -> true;
      default -> false;
    };
  }

  /** The primary key's columns in index order; empty without one. */
  public List<Column> primaryKey() {
    return inIndexOrder(Column::primaryKeyPosition);
  }

  /**
   * The key to read the table by in chunks: the primary key, else the replica identity index, in
   * index order; empty when the table has neither.
   */
  public List<Column> splitKey() {
    List<Column> primaryKey = primaryKey();
    return primaryKey.isEmpty() ? inIndexOrder(Column::identityPosition) : primaryKey;
  }

  /** The column named {@code name}, or null. */
  public Column column(String name) {
    for (Column column : columns) {
      if (column.name().equals(name)) {
        return column;
      }
    }
    return null;
  }

  private List<Column> inIndexOrder(ToIntFunction<Column> position) {
    return columns.stream()
        .filter(c -> position.applyAsInt(c) >= 0)
        .sorted(Comparator.comparingInt(position))
        .toList();
  }
}
