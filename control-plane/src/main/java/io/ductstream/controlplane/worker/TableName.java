package io.ductstream.controlplane.worker;

/** A source table as {@code schema.table}. */
public record TableName(String schema, String table) {

  public TableName {
    if (schema.isEmpty() || table.isEmpty()) {
      throw new IllegalArgumentException("schema and table must not be empty");
    }
  }

  /**
   * Parses {@code schema.table}.
   *
   * @throws IllegalArgumentException if there is not exactly one dot between two non-empty names
   */
  public static TableName parse(String text) {
    String trimmed = text.trim();
    int dot = trimmed.indexOf('.');
    if (dot <= 0 || dot == trimmed.length() - 1 || trimmed.indexOf('.', dot + 1) >= 0) {
      throw new IllegalArgumentException(
          "\"" + text + "\" is not schema.table, e.g. public.orders");
    }
    return new TableName(trimmed.substring(0, dot), trimmed.substring(dot + 1));
  }

  @Override
  public String toString() {
    return schema + "." + table;
  }
}
