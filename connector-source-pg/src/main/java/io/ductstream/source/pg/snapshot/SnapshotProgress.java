package io.ductstream.source.pg.snapshot;

import java.net.URLDecoder;
import java.net.URLEncoder;
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
 * <p>Encoding: {@code table@filenode=lo!hi/lo!hi;table@...}, tables in name order; a bound is
 * {@code ~} (unbounded) or its values URL-encoded and joined by commas. URL encoding escapes every
 * separator, so any key value round-trips.
 */
public final class SnapshotProgress {
  /** Nothing completed yet. */
  public static final SnapshotProgress NONE = new SnapshotProgress(Map.of());

  private static final String UNBOUNDED = "~";

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

  /** The compact text form carried in offsets. */
  public String encode() {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, TableProgress> entry : tables.entrySet()) {
      if (out.length() > 0) {
        out.append(';');
      }
      out.append(encode(entry.getKey()))
          .append('@')
          .append(entry.getValue().filenode())
          .append('=');
      List<KeyRange> done = entry.getValue().done();
      for (int i = 0; i < done.size(); i++) {
        if (i > 0) {
          out.append('/');
        }
        appendBound(out, done.get(i).lo());
        out.append('!');
        appendBound(out, done.get(i).hi());
      }
    }
    return out.toString();
  }

  /** Reads {@link #encode()}'s form; a malformed value is an error naming the offset key. */
  public static SnapshotProgress decode(String encoded) {
    if (encoded == null || encoded.isEmpty()) {
      return NONE;
    }
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
      throw new IllegalArgumentException(
          "the stored snapshot progress \"" + encoded + "\" is malformed: " + e, e);
    }
  }

  private static void appendBound(StringBuilder out, List<String> bound) {
    if (bound == null) {
      out.append(UNBOUNDED);
      return;
    }
    for (int i = 0; i < bound.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(encode(bound.get(i)));
    }
  }

  private static List<String> parseBound(String text) {
    if (UNBOUNDED.equals(text)) {
      return null;
    }
    return Arrays.stream(text.split(",", -1)).map(SnapshotProgress::decode1).toList();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
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
