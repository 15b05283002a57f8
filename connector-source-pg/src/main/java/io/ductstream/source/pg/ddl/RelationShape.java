package io.ductstream.source.pg.ddl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ductstream.source.pg.catalog.TableShape;
import io.ductstream.source.pg.decoding.RelationMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The shape of a captured table that schema versions are told apart by. What the stream says of a
 * table (a Relation message: column names, types, the replica identity and its key flags) is
 * deterministic at any position of the WAL; what only the catalog says (NOT NULL, the primary key,
 * the type's SQL name) is read when the message arrives, so it describes the table as it is then.
 *
 * @param replicaIdentity {@code d} default, {@code n} nothing, {@code f} full, {@code i} index
 */
public record RelationShape(char replicaIdentity, List<Column> columns) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One column.
   *
   * @param type the type as SQL with its modifier, or {@code oid <n>} when the catalog no longer
   *     knows the column
   * @param primaryKey the place in the primary key from 1, 0 when not in it
   * @param identityKey pgoutput's key flag (part of the replica identity)
   */
  public record Column(
      String name,
      String type,
      int typeOid,
      int typmod,
      boolean notNull,
      int primaryKey,
      boolean identityKey) {

    /** Same as the stream says it: name, type and key flag. */
    boolean sameInStream(Column other) {
      return name.equals(other.name)
          && typeOid == other.typeOid
          && typmod == other.typmod
          && identityKey == other.identityKey;
    }
  }

  public RelationShape {
    columns = List.copyOf(columns);
  }

  /**
   * The shape of {@code relation}, completed with what {@code catalog} (the table now, or null when
   * unknown) says of its columns.
   */
  public static RelationShape of(RelationMessage relation, TableShape catalog) {
    List<Column> columns = new ArrayList<>(relation.columns().size());
    for (RelationMessage.Column column : relation.columns()) {
      TableShape.Column described = catalog == null ? null : catalog.column(column.name());
      boolean known = described != null && described.typeOid() == column.typeOid();
      columns.add(
          new Column(
              column.name(),
              known ? described.sqlType() : "oid " + column.typeOid(),
              column.typeOid(),
              column.typmod(),
              known && described.notNull(),
              described == null ? 0 : described.primaryKeyPosition() + 1,
              column.key()));
    }
    return new RelationShape(relation.replicaIdentity(), columns);
  }

  /** The shape of a table as the catalog describes it now. */
  public static RelationShape of(TableShape catalog) {
    return of(catalog.relationMessage(), catalog);
  }

  /** True when the stream cannot tell the two apart (catalog-only details may differ). */
  public boolean sameInStream(RelationShape other) {
    if (replicaIdentity != other.replicaIdentity || columns.size() != other.columns.size()) {
      return false;
    }
    for (int i = 0; i < columns.size(); i++) {
      if (!columns.get(i).sameInStream(other.columns.get(i))) {
        return false;
      }
    }
    return true;
  }

  /** True when the two are the same in every detail a schema version is told apart by. */
  public boolean same(RelationShape other) {
    if (!sameInStream(other)) {
      return false;
    }
    for (int i = 0; i < columns.size(); i++) {
      Column mine = columns.get(i);
      Column theirs = other.columns.get(i);
      if (mine.notNull != theirs.notNull || mine.primaryKey != theirs.primaryKey) {
        return false;
      }
    }
    return true;
  }

  /**
   * This shape, with the catalog details of the columns the catalog did not know when it was read
   * (dropped since) taken from {@code earlier}'s columns of the same name.
   */
  public RelationShape withCatalogDetailsOf(RelationShape earlier) {
    List<Column> completed = new ArrayList<>(columns.size());
    for (Column column : columns) {
      Column known = earlier.column(column.name);
      if (column.type.startsWith("oid ") && known != null && known.typeOid == column.typeOid) {
        completed.add(
            new Column(
                column.name,
                known.type,
                column.typeOid,
                column.typmod,
                known.notNull,
                known.primaryKey,
                column.identityKey));
      } else {
        completed.add(column);
      }
    }
    return new RelationShape(replicaIdentity, completed);
  }

  /** The column named {@code name}, or null. */
  public Column column(String name) {
    for (Column column : columns) {
      if (column.name.equals(name)) {
        return column;
      }
    }
    return null;
  }

  /** The replica identity as the store and the diff name it. */
  public String replicaIdentityName() {
    return identityName(replicaIdentity);
  }

  static String identityName(char identity) {
    return switch (identity) {
      case 'd' -> "default";
      case 'f' -> "full";
      case 'i' -> "index";
      case 'n' -> "nothing";
      default -> String.valueOf(identity);
    };
  }

  /** The shape as the store keeps it ({@code schema_versions.schema_json}). */
  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("replica_identity", replicaIdentityName());
    ArrayNode array = root.putArray("columns");
    for (Column column : columns) {
      ObjectNode node = array.addObject();
      node.put("name", column.name);
      node.put("type", column.type);
      node.put("type_oid", column.typeOid);
      node.put("typmod", column.typmod);
      node.put("not_null", column.notNull);
      node.put("primary_key", column.primaryKey);
      node.put("identity_key", column.identityKey);
    }
    return root.toString();
  }

  /**
   * Reads {@link #toJson}'s form.
   *
   * @throws IllegalArgumentException when {@code json} is not a shape
   */
  public static RelationShape fromJson(String json) {
    try {
      JsonNode root = JSON.readTree(json);
      char identity =
          switch (root.path("replica_identity").asText("default")) {
            case "full" -> 'f';
            case "index" -> 'i';
            case "nothing" -> 'n';
            default -> 'd';
          };
      List<Column> columns = new ArrayList<>();
      for (JsonNode node : root.path("columns")) {
        columns.add(
            new Column(
                node.path("name").asText(),
                node.path("type").asText(),
                node.path("type_oid").asInt(),
                node.path("typmod").asInt(-1),
                node.path("not_null").asBoolean(),
                node.path("primary_key").asInt(),
                node.path("identity_key").asBoolean()));
      }
      return new RelationShape(identity, columns);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("not a table shape: " + e.getOriginalMessage(), e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RelationShape other && same(other);
  }

  @Override
  public int hashCode() {
    return Objects.hash(replicaIdentity, columns.size());
  }
}
