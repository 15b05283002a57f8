package io.ductstream.contract.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.types.Password;

/**
 * Renders a {@link ConfigDef} as the Markdown tables of the user docs, grouped as declared, so the
 * reference in docs/ is generated from the code that defines the keys. Shared by the connectors
 * (each has a {@code ConfigReferenceTest} that keeps its docs page in step).
 */
public final class ConfigReference {
  private static final String START = "<!-- config-reference:start -->\n";
  private static final String END = "<!-- config-reference:end -->";

  /** The reference section of a docs page as it is, and as the ConfigDef generates it. */
  public record DocsSection(String current, String generated) {}

  private ConfigReference() {}

  /**
   * Reads the section between the {@code config-reference} markers of {@code page}; with {@code
   * rewrite}, first replaces it with the generated reference (so both then agree).
   *
   * @throws IllegalStateException when the page lacks the markers
   */
  public static DocsSection docsSection(Path page, ConfigDef def, boolean rewrite)
      throws IOException {
    String text = Files.readString(page);
    int start = text.indexOf(START);
    int end = text.indexOf(END);
    if (start < 0 || end < start) {
      throw new IllegalStateException(
          page + " lacks the " + START.trim() + " and " + END + " markers");
    }
    String generated = markdown(def);
    if (rewrite) {
      Files.writeString(
          page, text.substring(0, start + START.length()) + generated + text.substring(end));
      return new DocsSection(generated, generated);
    }
    return new DocsSection(text.substring(start + START.length(), end), generated);
  }

  public static String markdown(ConfigDef def) {
    StringBuilder out = new StringBuilder();
    for (String group : def.groups()) {
      out.append("### ").append(group).append("\n\n");
      out.append("| key | type | default | valid values | description |\n");
      out.append("|---|---|---|---|---|\n");
      List<ConfigDef.ConfigKey> keys =
          def.configKeys().values().stream()
              .filter(key -> group.equals(key.group))
              .sorted((a, b) -> Integer.compare(a.orderInGroup, b.orderInGroup))
              .toList();
      for (ConfigDef.ConfigKey key : keys) {
        out.append("| `")
            .append(key.name)
            .append("` | ")
            .append(key.type.name().toLowerCase(java.util.Locale.ROOT))
            .append(" | ")
            .append(defaultValue(key))
            .append(" | ")
            .append(key.validator == null ? "" : cell(key.validator.toString()))
            .append(" | ")
            .append(cell(key.documentation))
            .append(" |\n");
      }
      out.append('\n');
    }
    return out.toString();
  }

  private static String defaultValue(ConfigDef.ConfigKey key) {
    if (!key.hasDefault()) {
      return "required";
    }
    Object value = key.defaultValue;
    if (value == null || value instanceof Password) {
      return "";
    }
    String text =
        value instanceof List<?> list
            ? String.join(",", list.stream().map(String::valueOf).toList())
            : value.toString();
    return text.isEmpty() ? "\"\"" : "`" + text + "`";
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }
}
