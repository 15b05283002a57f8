package io.ductstream.source.pg.backfill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ductstream.source.pg.catalog.TableId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A request, read from a row of the signal table, to backfill tables while streaming goes on. The
 * row's {@code type} is {@code execute-snapshot} (Debezium's name, so its signals work here) or
 * {@code backfill}; its {@code data} names the tables: {@code {"data-collections":
 * ["public.orders"]}} (or {@code "tables"}). Only incremental backfills exist: {@code "type":
 * "blocking"} is refused.
 */
public record BackfillSignal(String id, List<String> tables) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public BackfillSignal {
    tables = List.copyOf(tables);
  }

  /** The type a signal row that asks for a backfill carries. */
  public static final String TYPE = "execute-snapshot";

  /** The data of a signal row that asks for a backfill of {@code tables}. */
  public static String data(List<String> tables) {
    var root = JSON.createObjectNode();
    var names = root.putArray("data-collections");
    tables.forEach(names::add);
    root.put("type", "incremental");
    return root.toString();
  }

  /** True when a signal row of this type asks for a backfill. */
  public static boolean isBackfill(String type) {
    String t = type == null ? "" : type.trim().toLowerCase(Locale.ROOT);
    return t.equals("execute-snapshot") || t.equals("backfill");
  }

  /**
   * Reads a signal row's data.
   *
   * @throws IllegalArgumentException naming what is wrong and how the data should look
   */
  public static BackfillSignal parse(String id, String data) {
    JsonNode root;
    try {
      root = JSON.readTree(data == null ? "" : data);
    } catch (java.io.IOException e) {
      throw invalid(id, "its data is not JSON");
    }
    if (root == null || !root.isObject()) {
      throw invalid(id, "its data is not a JSON object");
    }
    JsonNode kind = root.path("type");
    if (!kind.isMissingNode() && !kind.asText().equalsIgnoreCase("incremental")) {
      throw invalid(id, "only incremental backfills exist, not \"" + kind.asText() + "\"");
    }
    JsonNode names =
        root.has("data-collections") ? root.get("data-collections") : root.get("tables");
    if (names == null || !names.isArray() || names.isEmpty()) {
      throw invalid(id, "it names no tables");
    }
    List<String> tables = new ArrayList<>();
    for (JsonNode name : names) {
      String table = name.asText().trim();
      if (!name.isTextual() || table.isEmpty()) {
        throw invalid(id, "\"" + name + "\" is not a table name");
      }
      try {
        tables.add(TableId.parse(table).toString());
      } catch (IllegalArgumentException e) {
        throw invalid(id, e.getMessage());
      }
    }
    return new BackfillSignal(id, tables);
  }

  private static IllegalArgumentException invalid(String id, String why) {
    return new IllegalArgumentException(
        "backfill signal "
            + id
            + " is ignored: "
            + why
            + "; write data as {\"data-collections\": [\"schema.table\", ...]}");
  }
}
