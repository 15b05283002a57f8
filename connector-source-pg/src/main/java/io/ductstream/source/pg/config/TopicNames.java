package io.ductstream.source.pg.config;

/**
 * Where the changes of a table go and what their schemas are called. Schemas are named per table
 * ({@code <prefix>.<schema>.<table>.Key/.Value/.Envelope}) whatever the routing, so a consumer of a
 * single topic still tells the tables' schemas apart; with {@link TopicRouting#SINGLE} the key also
 * carries the table, so that records of two tables with equal primary keys never share a key (log
 * compaction would otherwise drop one table's row for the other's).
 */
public record TopicNames(String prefix, TopicRouting routing) {
  /** The topic of the changes of {@code schema.table}. */
  public String topic(String schema, String table) {
    return routing == TopicRouting.SINGLE ? prefix : schemaName(schema, table);
  }

  /** The base name of the table's schemas: {@code <prefix>.<schema>.<table>}. */
  public String schemaName(String schema, String table) {
    return prefix + "." + schema + "." + table;
  }

  /** True when record keys carry the table's schema and name before the key columns. */
  public boolean tableInKey() {
    return routing == TopicRouting.SINGLE;
  }
}
