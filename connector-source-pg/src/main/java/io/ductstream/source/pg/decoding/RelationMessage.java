package io.ductstream.source.pg.decoding;

import java.util.List;

/**
 * A pgoutput Relation message: the shape of a table as of the changes that follow it.
 *
 * @param replicaIdentity {@code d} default, {@code n} nothing, {@code f} full, {@code i} index
 */
public record RelationMessage(
    int relationId, String schema, String table, char replicaIdentity, List<Column> columns) {

  /** One column; {@code key} is set for columns of the replica identity. */
  public record Column(String name, int typeOid, int typmod, boolean key) {}

  public RelationMessage {
    columns = List.copyOf(columns);
  }

  /** {@code schema.table}, with Postgres' empty namespace for pg_catalog written out. */
  public String qualifiedName() {
    return schema + "." + table;
  }
}
