package io.ductstream.source.pg.backfill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How far a backfill got, kept in the offset of every record emitted while it runs (offset key
 * {@value #OFFSET_KEY}) so a restarted task goes on from there: the signal's id, the tables still
 * to read (the current one first), and the key after which the current table goes on ({@code null}:
 * from its start). Key values are in their text form.
 */
public record BackfillProgress(String id, List<String> tables, List<String> afterKey) {
  public static final String OFFSET_KEY = "backfill";
  private static final ObjectMapper JSON = new ObjectMapper();

  public BackfillProgress {
    tables = List.copyOf(tables);
    afterKey =
        afterKey == null ? null : java.util.Collections.unmodifiableList(new ArrayList<>(afterKey));
  }

  /** The progress stored in a Connect offset, or null when no backfill was running. */
  public static BackfillProgress from(Map<String, Object> offset) {
    if (offset == null || !(offset.get(OFFSET_KEY) instanceof String text) || text.isBlank()) {
      return null;
    }
    try {
      JsonNode root = JSON.readTree(text);
      List<String> tables = new ArrayList<>();
      root.path("tables").forEach(t -> tables.add(t.asText()));
      List<String> after = null;
      if (root.path("after").isArray()) {
        after = new ArrayList<>();
        for (JsonNode value : root.path("after")) {
          after.add(value.isNull() ? null : value.asText());
        }
      }
      return tables.isEmpty()
          ? null
          : new BackfillProgress(root.path("id").asText(), tables, after);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(
          "the stored offset's backfill progress is not readable: " + e.getMessage(), e);
    }
  }

  /** The text stored under {@value #OFFSET_KEY}. */
  public String encode() {
    ObjectNode root = JSON.createObjectNode();
    root.put("id", id);
    ArrayNode names = root.putArray("tables");
    tables.forEach(names::add);
    if (afterKey == null) {
      root.putNull("after");
    } else {
      ArrayNode after = root.putArray("after");
      afterKey.forEach(after::add);
    }
    return root.toString();
  }

  /** The current table is read up to and including {@code key}. */
  BackfillProgress after(List<String> key) {
    return new BackfillProgress(id, tables, key);
  }

  /** The current table is done; null when it was the last. */
  BackfillProgress nextTable() {
    return tables.size() <= 1
        ? null
        : new BackfillProgress(id, tables.subList(1, tables.size()), null);
  }

  String table() {
    return tables.get(0);
  }
}
