package io.ductstream.source.pg.backfill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ductstream.source.pg.catalog.ProgressJson;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * How far a backfill got, kept in the offset of every record emitted while it runs (offset key
 * {@value #OFFSET_KEY}) so a restarted task goes on from there: the signal's id, the tables still
 * to read (the current one first), and the key after which the current table goes on ({@code null}:
 * from its start). Key values are in their text form; the entry is in {@link ProgressJson}'s
 * format: {@code {"id": "...", "tables": ["schema.table", ...], "after": [key values] | null}}.
 */
public record BackfillProgress(String id, List<String> tables, List<String> afterKey) {
  public static final String OFFSET_KEY = "backfill";

  public BackfillProgress {
    tables = List.copyOf(tables);
    afterKey = afterKey == null ? null : Collections.unmodifiableList(new ArrayList<>(afterKey));
  }

  /** The progress stored in a Connect offset, or null when no backfill was running. */
  public static BackfillProgress from(Map<String, Object> offset) {
    if (offset == null || !(offset.get(OFFSET_KEY) instanceof String text) || text.isBlank()) {
      return null;
    }
    JsonNode root = ProgressJson.read(text, "backfill progress");
    List<String> tables = new ArrayList<>();
    root.path("tables").forEach(t -> tables.add(t.asText()));
    return tables.isEmpty()
        ? null
        : new BackfillProgress(
            root.path("id").asText(), tables, ProgressJson.key(root.get("after")));
  }

  /** The text stored under {@value #OFFSET_KEY}. */
  public String encode() {
    ObjectNode root = ProgressJson.object();
    root.put("id", id);
    ArrayNode names = root.putArray("tables");
    tables.forEach(names::add);
    root.set("after", ProgressJson.key(afterKey));
    return ProgressJson.write(root);
  }

  /** The offset entry that carries this progress. */
  public Map<String, Object> offsetEntry() {
    return Map.of(OFFSET_KEY, encode());
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
