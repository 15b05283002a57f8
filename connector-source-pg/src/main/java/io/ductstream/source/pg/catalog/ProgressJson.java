package io.ductstream.source.pg.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The one format of read progress in offsets (the snapshot's {@code snapshot} entry and the
 * backfill's {@code backfill} entry): a JSON object whose tables are their {@link TableId} text and
 * whose keys are arrays of the key columns' text forms, {@code null} for an unbounded side.
 */
public final class ProgressJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ProgressJson() {}

  /** A new, empty object to fill. */
  public static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  /** A key tuple (null: unbounded) as JSON. */
  public static JsonNode key(List<String> values) {
    if (values == null) {
      return JsonNodeFactory.instance.nullNode();
    }
    ArrayNode array = JsonNodeFactory.instance.arrayNode(values.size());
    values.forEach(array::add);
    return array;
  }

  /** A key tuple read back: null for a JSON null or a missing value. */
  public static List<String> key(JsonNode node) {
    if (node == null || !node.isArray()) {
      return null;
    }
    List<String> values = new ArrayList<>(node.size());
    for (JsonNode value : node) {
      values.add(value.isNull() ? null : value.asText());
    }
    return Collections.unmodifiableList(values);
  }

  /** The text stored in the offset. */
  public static String write(JsonNode progress) {
    return progress.toString();
  }

  /**
   * True when {@code text} is in this format (a JSON object) rather than an older one.
   *
   * @param text a stored offset entry, not empty
   */
  public static boolean isJson(String text) {
    return text.charAt(0) == '{';
  }

  /**
   * Reads a stored entry.
   *
   * @param what names the entry in the error, e.g. "snapshot progress"
   * @throws IllegalArgumentException when it is not a JSON object
   */
  public static JsonNode read(String text, String what) {
    try {
      JsonNode node = JSON.readTree(text);
      if (node == null || !node.isObject()) {
        throw new IllegalArgumentException("not a JSON object");
      }
      return node;
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "the stored " + what + " \"" + text + "\" is malformed: " + e.getMessage(), e);
    }
  }
}
