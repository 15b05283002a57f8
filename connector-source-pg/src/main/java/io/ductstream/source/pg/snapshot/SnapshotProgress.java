package io.ductstream.source.pg.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ductstream.source.pg.catalog.ProgressJson;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which key ranges of which tables a snapshot has completed, as carried in the task's offsets
 * ({@code snapshot} key) so a restart reads only the rest. Ranges are kept in key order and merged
 * where they touch, so the encoding stays short: a finished table is one unbounded range.
 *
 * <p>Encoding ({@link ProgressJson}): {@code {"tables": {"schema.table": {"filenode": 0, "done":
 * [[lo, hi], ...]}}}}, tables in name order, a bound an array of key values or null (unbounded).
 * The compact string of earlier versions is still read, so stored offsets resume.
 */
public final class SnapshotProgress {
  /** Nothing completed yet. */
  public static final SnapshotProgress NONE = new SnapshotProgress(Map.of());

  private static final String UNBOUNDED = "~";
  private static final String WHAT = "snapshot progress";

  /**
   * One table's completed ranges, in key order, merged where they touch.
   *
   * @param filenode the table's pg_class.relfilenode when it is read by ctid (a rewrite such as
   *     VACUUM FULL moves rows between blocks, so block ranges are only kept while it is
   *     unchanged); 0 for a table read by key
   */
  public record TableProgress(long filenode, List<KeyRange> done) {
    public TableProgress {
      done = List.copyOf(done);
    }

    /** True when the completed ranges cover the whole table. */
    public boolean complete() {
      return done.size() == 1 && done.get(0).lo() == null && done.get(0).hi() == null;
    }

    /** The ranges still to read, in key order, each with its place among the completed ones. */
    public List<Gap> gaps() {
      if (done.isEmpty()) {
        return List.of(new Gap(KeyRange.ALL, 0));
      }
      List<Gap> gaps = new ArrayList<>();
      KeyRange first = done.get(0);
      if (first.lo() != null) {
        gaps.add(new Gap(new KeyRange(null, first.lo()), 0));
      }
      for (int j = 0; j < done.size(); j++) {
        KeyRange range = done.get(j);
        if (range.hi() == null) {
          break;
        }
        KeyRange next = j + 1 < done.size() ? done.get(j + 1) : null;
        gaps.add(new Gap(new KeyRange(range.hi(), next == null ? null : next.lo()), 2 * (j + 1)));
      }
      return gaps;
    }
  }

  /**
   * A range still to read. {@code slot} orders it among the completed ranges: gap before completed
   * range j has slot 2j, completed range j has slot 2j+1.
   */
  public record Gap(KeyRange range, int slot) {}

  private final Map<String, TableProgress> tables;

  SnapshotProgress(Map<String, TableProgress> tables) {
    this.tables = Collections.unmodifiableMap(new TreeMap<>(tables));
  }

  /** The table's progress, or null when nothing of it is complete. */
  public TableProgress table(String table) {
    return tables.get(table);
  }

  public Map<String, TableProgress> tables() {
    return tables;
  }

  /** True when every one of {@code names} is completely read. */
  public boolean complete(Collection<String> names) {
    for (String name : names) {
      TableProgress progress = tables.get(name);
      if (progress == null || !progress.complete()) {
        return false;
      }
    }
    return true;
  }

  /** The text form carried in offsets ({@link ProgressJson}). */
  public String encode() {
    if (tables.isEmpty()) {
      return "";
    }
    ObjectNode root = ProgressJson.object();
    ObjectNode byTable = root.putObject("tables");
    for (Map.Entry<String, TableProgress> entry : tables.entrySet()) {
      ObjectNode table = byTable.putObject(entry.getKey());
      table.put("filenode", entry.getValue().filenode());
      ArrayNode done = table.putArray("done");
      for (KeyRange range : entry.getValue().done()) {
        done.addArray().add(ProgressJson.key(range.lo())).add(ProgressJson.key(range.hi()));
      }
    }
    return ProgressJson.write(root);
  }

  /**
   * Reads {@link #encode()}'s form, and the compact form written before it; a malformed value is an
   * error naming the offset key.
   */
  public static SnapshotProgress decode(String encoded) {
    if (encoded == null || encoded.isEmpty()) {
      return NONE;
    }
    if (!ProgressJson.isJson(encoded)) {
      return decodeCompact(encoded);
    }
    JsonNode root = ProgressJson.read(encoded, WHAT);
    Map<String, TableProgress> tables = new TreeMap<>();
    try {
      root.path("tables")
          .fields()
          .forEachRemaining(
              entry -> {
                JsonNode table = entry.getValue();
                if (!table.path("filenode").isIntegralNumber() || !table.path("done").isArray()) {
                  throw new IllegalArgumentException(entry.getKey() + " lacks filenode or done");
                }
                List<KeyRange> done = new ArrayList<>();
                for (JsonNode range : table.path("done")) {
                  done.add(
                      new KeyRange(ProgressJson.key(range.get(0)), ProgressJson.key(range.get(1))));
                }
                tables.put(
                    entry.getKey(), new TableProgress(table.path("filenode").asLong(), done));
              });
    } catch (RuntimeException e) {
      throw malformed(encoded, e);
    }
    return new SnapshotProgress(tables);
  }

  /**
   * The compact form of earlier versions: {@code table@filenode=lo!hi/lo!hi;table@...}, a bound
   * {@code ~} (unbounded) or its values URL-encoded and joined by commas.
   */
  private static SnapshotProgress decodeCompact(String encoded) {
    try {
      Map<String, TableProgress> tables = new TreeMap<>();
      for (String table : encoded.split(";", -1)) {
        int at = table.indexOf('@');
        int eq = table.indexOf('=', at);
        String name = decode1(table.substring(0, at));
        long filenode = Long.parseLong(table.substring(at + 1, eq));
        List<KeyRange> done = new ArrayList<>();
        for (String range : table.substring(eq + 1).split("/", -1)) {
          int bang = range.indexOf('!');
          done.add(
              new KeyRange(
                  parseBound(range.substring(0, bang)), parseBound(range.substring(bang + 1))));
        }
        tables.put(name, new TableProgress(filenode, done));
      }
      return new SnapshotProgress(tables);
    } catch (RuntimeException e) {
      throw malformed(encoded, e);
    }
  }

  private static IllegalArgumentException malformed(String encoded, RuntimeException e) {
    return new IllegalArgumentException(
        "the stored " + WHAT + " \"" + encoded + "\" is malformed: " + e, e);
  }

  private static List<String> parseBound(String text) {
    if (UNBOUNDED.equals(text)) {
      return null;
    }
    return Arrays.stream(text.split(",", -1)).map(SnapshotProgress::decode1).toList();
  }

  private static String decode1(String value) {
    return URLDecoder.decode(value, StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SnapshotProgress p && p.tables.equals(tables);
  }

  @Override
  public int hashCode() {
    return tables.hashCode();
  }

  @Override
  public String toString() {
    return encode();
  }
}
