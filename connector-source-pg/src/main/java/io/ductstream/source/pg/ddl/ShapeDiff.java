package io.ductstream.source.pg.ddl;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What changed between two shapes of a table, one change per line, and whether readers of the old
 * version can read the new one (only nullable columns added, NOT NULL dropped).
 */
public record ShapeDiff(List<Change> changes) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One change: its kind (add_column, ...), the column it is about (empty for the table), text. */
  public record Change(String kind, String column, String text) {}

  public ShapeDiff {
    changes = List.copyOf(changes);
  }

  /** The changes from {@code before} to {@code after}. */
  public static ShapeDiff between(RelationShape before, RelationShape after) {
    List<Change> changes = new ArrayList<>();
    Set<String> oldNames = names(before);
    Set<String> newNames = names(after);
    List<RelationShape.Column> dropped =
        before.columns().stream().filter(c -> !newNames.contains(c.name())).toList();
    List<RelationShape.Column> added =
        after.columns().stream().filter(c -> !oldNames.contains(c.name())).toList();
    // A column that left and one that came at the same place with the same type: a rename (pgoutput
    // names columns only, so this is the best the stream can tell).
    List<RelationShape.Column> renamedFrom = new ArrayList<>();
    List<RelationShape.Column> renamedTo = new ArrayList<>();
    for (RelationShape.Column gone : dropped) {
      int at = before.columns().indexOf(gone);
      if (at < after.columns().size()) {
        RelationShape.Column there = after.columns().get(at);
        if (added.contains(there)
            && !renamedTo.contains(there)
            && there.typeOid() == gone.typeOid()
            && there.typmod() == gone.typmod()) {
          renamedFrom.add(gone);
          renamedTo.add(there);
          changes.add(
              new Change(
                  "rename_column",
                  gone.name(),
                  "rename column " + gone.name() + " to " + there.name()));
        }
      }
    }
    for (RelationShape.Column column : dropped) {
      if (!renamedFrom.contains(column)) {
        changes.add(new Change("drop_column", column.name(), "drop column " + column.name()));
      }
    }
    for (RelationShape.Column column : added) {
      if (!renamedTo.contains(column)) {
        changes.add(
            new Change(
                "add_column",
                column.name(),
                "add column "
                    + column.name()
                    + " "
                    + column.type()
                    + (column.notNull() ? " not null" : "")));
      }
    }
    for (RelationShape.Column now : after.columns()) {
      RelationShape.Column was = before.column(now.name());
      if (was == null) {
        continue;
      }
      if (was.typeOid() != now.typeOid() || was.typmod() != now.typmod()) {
        changes.add(
            new Change(
                "alter_type",
                now.name(),
                "alter column " + now.name() + " type " + was.type() + " -> " + now.type()));
      }
      if (was.notNull() != now.notNull()) {
        changes.add(
            new Change(
                now.notNull() ? "set_not_null" : "drop_not_null",
                now.name(),
                "alter column " + now.name() + (now.notNull() ? " set" : " drop") + " not null"));
      }
    }
    if (before.replicaIdentity() != after.replicaIdentity()) {
      changes.add(
          new Change(
              "replica_identity",
              "",
              "replica identity "
                  + before.replicaIdentityName()
                  + " -> "
                  + after.replicaIdentityName()));
    } else if (!keyFlags(before).equals(keyFlags(after)) && !renamesOnly(before, after)) {
      changes.add(
          new Change(
              "replica_identity",
              "",
              "replica identity columns (" + keyFlags(before) + ") -> (" + keyFlags(after) + ")"));
    }
    String oldKey = primaryKey(before);
    String newKey = primaryKey(after);
    if (!oldKey.equals(newKey) && !renamesOnly(before, after)) {
      changes.add(
          new Change("primary_key", "", "primary key (" + oldKey + ") -> (" + newKey + ")"));
    }
    return new ShapeDiff(changes);
  }

  /** True when the only differences of the two are column names (a rename keeps the keys). */
  private static boolean renamesOnly(RelationShape before, RelationShape after) {
    if (before.columns().size() != after.columns().size()) {
      return false;
    }
    for (int i = 0; i < before.columns().size(); i++) {
      RelationShape.Column a = before.columns().get(i);
      RelationShape.Column b = after.columns().get(i);
      if (a.primaryKey() != b.primaryKey() || a.identityKey() != b.identityKey()) {
        return false;
      }
    }
    return true;
  }

  private static Set<String> names(RelationShape shape) {
    Set<String> names = new HashSet<>();
    shape.columns().forEach(c -> names.add(c.name()));
    return names;
  }

  private static String keyFlags(RelationShape shape) {
    return shape.columns().stream()
        .filter(RelationShape.Column::identityKey)
        .map(RelationShape.Column::name)
        .collect(Collectors.joining(", "));
  }

  private static String primaryKey(RelationShape shape) {
    return shape.columns().stream()
        .filter(c -> c.primaryKey() > 0)
        .sorted(java.util.Comparator.comparingInt(RelationShape.Column::primaryKey))
        .map(RelationShape.Column::name)
        .collect(Collectors.joining(", "));
  }

  /** True when nothing changed. */
  public boolean isEmpty() {
    return changes.isEmpty();
  }

  /**
   * True when a reader of the old version reads the new one: nothing but nullable columns added and
   * NOT NULL dropped.
   */
  public boolean compatible() {
    for (Change change : changes) {
      boolean fine =
          change.kind().equals("drop_not_null")
              || (change.kind().equals("add_column") && !change.text().endsWith(" not null"));
      if (!fine) {
        return false;
      }
    }
    return true;
  }

  /** One change per line. */
  public String text() {
    return changes.stream().map(Change::text).collect(Collectors.joining("\n"));
  }

  /**
   * What applying the change does, for the event's {@code plan_json}.
   *
   * @param table {@code schema.table}
   * @param destinations the flow's destinations as {@code type:name}; empty when not known
   */
  public String plan(String table, int fromVersion, int version, List<String> destinations) {
    ObjectNode root = JSON.createObjectNode();
    root.put("table", table);
    root.put("from_version", fromVersion);
    root.put("version", version);
    root.put("compatible", compatible());
    ArrayNode list = root.putArray("changes");
    for (Change change : changes) {
      ObjectNode node = list.addObject();
      node.put("kind", change.kind());
      if (!change.column().isEmpty()) {
        node.put("column", change.column());
      }
      node.put("text", change.text());
    }
    ArrayNode targets = root.putArray("destinations");
    List<String> named = destinations.isEmpty() ? List.of("records:") : destinations;
    for (String destination : named) {
      String type =
          destination.contains(":") ? destination.substring(0, destination.indexOf(':')) : "";
      ObjectNode node = targets.addObject();
      node.put("destination", destination.equals("records:") ? "records" : destination);
      node.put("action", action(type, table, version));
    }
    return root.toString();
  }

  private static String action(String type, String table, int version) {
    return switch (type) {
      case "s3" ->
          "finish the open objects of "
              + table
              + "; write its _schemas/v"
              + version
              + ".json and start new objects whose rows carry __schema_version "
              + version;
      case "kafka" ->
          "produce the records of "
              + table
              + " with writer schema version "
              + version
              + " (the value schema's version)";
      default -> "emit the records of " + table + " with value schema version " + version;
    };
  }
}
