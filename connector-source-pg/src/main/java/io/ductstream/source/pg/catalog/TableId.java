package io.ductstream.source.pg.catalog;

import io.ductstream.source.pg.decoding.RelationMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A table's name as the catalog stores it: schema and table, each exactly as in {@code
 * pg_namespace} / {@code pg_class} (case kept, nothing folded). Parsing and quoting live here only.
 *
 * <p>Text form: {@code table} (schema {@code public}), {@code schema.table}, or either part in
 * double quotes, in which a dot is part of the name and {@code ""} is one quote: {@code
 * "my.schema"."Orders"}. An unquoted name is taken as written (so {@code Orders} names the table
 * stored as {@code Orders}); an unquoted schema ends at the first dot and everything after it is
 * the table, as before quoting was understood.
 */
public record TableId(String schema, String table) implements Comparable<TableId> {
  /** The schema of a name written without one. */
  public static final String DEFAULT_SCHEMA = "public";

  public TableId {
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(table, "table");
  }

  /** The table a Relation message describes. */
  public static TableId of(RelationMessage relation) {
    return new TableId(relation.schema(), relation.table());
  }

  /**
   * Parses the text form (see the class comment).
   *
   * @throws IllegalArgumentException when the text is empty, a quote is not closed, or something
   *     follows a quoted name other than a dot and the table
   */
  public static TableId parse(String text) {
    String trimmed = text == null ? "" : text.trim();
    if (trimmed.isEmpty()) {
      throw new IllegalArgumentException("a table name is empty; write schema.table or table");
    }
    int[] end = new int[1];
    String first = part(trimmed, 0, end);
    if (end[0] == trimmed.length()) {
      return new TableId(DEFAULT_SCHEMA, first);
    }
    if (trimmed.charAt(end[0]) != '.') {
      throw malformed(trimmed, "expected a dot after " + trimmed.substring(0, end[0]));
    }
    int tableStart = end[0] + 1;
    if (tableStart == trimmed.length()) {
      throw malformed(trimmed, "the table after the dot is missing");
    }
    String second;
    if (trimmed.charAt(tableStart) == '"') {
      second = part(trimmed, tableStart, end);
      if (end[0] != trimmed.length()) {
        throw malformed(trimmed, "text follows the quoted table name");
      }
    } else {
      second = trimmed.substring(tableStart);
    }
    return new TableId(first, second);
  }

  /**
   * The entries of a comma-separated list of table names in the text form, each trimmed, for {@link
   * #parse}: a comma inside a quoted name belongs to the name ({@code "a,b",public."c,d"} is two
   * entries). A quote opens a quoted name only where a name starts (at the entry's start or after a
   * dot); elsewhere it is part of an unquoted name. Empty text is no entry.
   */
  public static List<String> splitList(String text) {
    List<String> entries = new ArrayList<>();
    if (text == null || text.isBlank()) {
      return entries;
    }
    int start = 0;
    boolean nameStarts = true;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (nameStarts && c == '"') {
        i = afterQuoted(text, i);
        nameStarts = false;
        continue;
      }
      if (c == ',') {
        entries.add(text.substring(start, i).trim());
        start = i + 1;
        nameStarts = true;
      } else if (!(nameStarts && Character.isWhitespace(c))) {
        nameStarts = c == '.';
      }
      i++;
    }
    entries.add(text.substring(start).trim());
    return entries;
  }

  /** The index after the quoted name opening at {@code open}, or the text's end when unclosed. */
  private static int afterQuoted(String text, int open) {
    int i = open + 1;
    while (i < text.length()) {
      if (text.charAt(i) == '"') {
        if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    return text.length();
  }

  /** One name from {@code from}: quoted up to its closing quote, else up to the next dot. */
  private static String part(String text, int from, int[] end) {
    if (text.charAt(from) != '"') {
      int dot = text.indexOf('.', from);
      int stop = dot < 0 ? text.length() : dot;
      if (stop == from) {
        throw malformed(text, "a name before the dot is missing");
      }
      end[0] = stop;
      return text.substring(from, stop);
    }
    StringBuilder name = new StringBuilder();
    int i = from + 1;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '"') {
        if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
          name.append('"');
          i += 2;
          continue;
        }
        if (name.length() == 0) {
          throw malformed(text, "a quoted name is empty");
        }
        end[0] = i + 1;
        return name.toString();
      }
      name.append(c);
      i++;
    }
    throw malformed(text, "a quote is not closed");
  }

  private static IllegalArgumentException malformed(String text, String why) {
    return new IllegalArgumentException(
        "\""
            + text
            + "\" is not a table name ("
            + why
            + "); write schema.table, and put a name with dots or quotes in double quotes:"
            + " \"my.schema\".\"my table\"");
  }

  /** True when {@code relation} is this table (no allocation: it runs once per change). */
  public boolean names(RelationMessage relation) {
    return table.equals(relation.table()) && schema.equals(relation.schema());
  }

  /** {@code schema.table} as written unquoted: the form of topic names and log lines. */
  public String name() {
    return schema + "." + table;
  }

  /** {@code "schema"."table"}, for SQL. */
  public String quoted() {
    return quote(schema) + "." + quote(table);
  }

  /** An identifier for SQL: in double quotes, quotes doubled. */
  public static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  /**
   * The text form that {@link #parse} reads back as this table: {@link #name()} whenever that is
   * unambiguous (every name without a dot in its schema or a leading quote), else {@link
   * #quoted()}. Offsets, task configs and the captured-table filter use this form.
   */
  @Override
  public String toString() {
    boolean plain =
        !schema.isEmpty()
            && !table.isEmpty()
            && schema.indexOf('.') < 0
            && schema.charAt(0) != '"'
            && table.charAt(0) != '"'
            && schema.equals(schema.trim())
            && table.equals(table.trim());
    return plain ? name() : quoted();
  }

  @Override
  public int compareTo(TableId other) {
    int bySchema = schema.compareTo(other.schema);
    return bySchema != 0 ? bySchema : table.compareTo(other.table);
  }
}
