package io.ductstream.dist;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The fenced code blocks of README.md and docs/*.md, with the HTML comment right before each (the
 * line before the fence, blank lines skipped): {@code <!-- not-run: why -->} marks a block no test
 * can run, {@code <!-- duckdb -->} a SQL block for DuckDB rather than PostgreSQL.
 */
final class DocBlocks {
  static final Path REPO = Path.of(System.getProperty("ductstream.repo.root", "..")).normalize();

  private static final Pattern FENCE = Pattern.compile("^(\\s*)```(\\w*)\\s*$");
  private static final Pattern MARK =
      Pattern.compile("^\\s*<!--\\s*([\\w-]+)(?::\\s*(.*?))?\\s*-->\\s*$");

  /** One block: where it starts (file:line of the fence), its language and text, its mark. */
  record Block(String where, String language, String text, String mark, String reason) {
    boolean notRun() {
      return "not-run".equals(mark);
    }

    @Override
    public String toString() {
      return where + " (```" + language + ")";
    }
  }

  private DocBlocks() {}

  /** Every block of the docs in {@code language}, in file order. */
  static List<Block> of(String language) {
    return all().stream().filter(b -> b.language().equals(language)).toList();
  }

  static List<Block> all() {
    List<Path> files = new ArrayList<>(List.of(REPO.resolve("README.md")));
    try (Stream<Path> docs = Files.list(REPO.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Block> blocks = new ArrayList<>();
    for (Path file : files) {
      blocks.addAll(read(file));
    }
    return blocks;
  }

  private static List<Block> read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher open = FENCE.matcher(lines.get(i));
      if (!open.matches()) {
        continue;
      }
      int indent = open.group(1).length();
      StringBuilder text = new StringBuilder();
      int end = i + 1;
      while (end < lines.size() && !lines.get(end).trim().equals("```")) {
        String line = lines.get(end);
        text.append(
                line.length() >= indent ? line.substring(Math.min(indent, leading(line))) : line)
            .append('\n');
        end++;
      }
      String mark = null;
      String reason = null;
      int before = i - 1;
      while (before >= 0 && lines.get(before).isBlank()) {
        before--;
      }
      Matcher marked = before >= 0 ? MARK.matcher(lines.get(before)) : null;
      if (marked != null && marked.matches()) {
        mark = marked.group(1);
        reason = marked.group(2);
      }
      String where = REPO.relativize(file).toString() + ":" + (i + 1);
      blocks.add(new Block(where, open.group(2), text.toString(), mark, reason));
      i = end;
    }
    return blocks;
  }

  private static int leading(String line) {
    int n = 0;
    while (n < line.length() && line.charAt(n) == ' ') {
      n++;
    }
    return n;
  }
}
