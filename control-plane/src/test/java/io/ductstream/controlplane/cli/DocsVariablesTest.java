package io.ductstream.controlplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ductstream.controlplane.config.KnownVariables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The environment variables the README, docs/ and the example scripts name are the ones the code
 * knows, and every setting the binaries read is documented somewhere a user looks.
 */
class DocsVariablesTest {
  private static final Path REPO = Path.of("..");
  private static final Pattern NAME = Pattern.compile("DUCTSTREAM_[A-Z0-9_]*[A-Z0-9]");

  /** Named in the docs on purpose although no binary reads them. */
  private static final Set<String> NOT_VARIABLES =
      Set.of(
          "DUCTSTREAM_API_TOKNE", // the misspelt name of the unknown-variable warning's example
          "DUCTSTREAM_DDL"); // the prefix of the DDL settings, in prose

  @Test
  void everyVariableTheDocsNameIsKnown() throws IOException {
    Set<String> named = new TreeSet<>(names(documents()));
    named.removeAll(NOT_VARIABLES);
    assertThat(named).hasSizeGreaterThan(25);
    assertThat(KnownVariables.names())
        .as("DUCTSTREAM_ names of README.md, docs/ and examples/ the code does not know")
        .containsAll(named);
  }

  @Test
  void everySettingTheBinariesReadIsDocumented() throws IOException {
    Set<String> named = names(documents());
    List<String> undocumented = new ArrayList<>(KnownVariables.SETTINGS);
    undocumented.removeAll(named);
    assertThat(undocumented).as("settings no page of README.md or docs/ names").isEmpty();
  }

  private static List<Path> documents() throws IOException {
    List<Path> documents = new ArrayList<>(List.of(REPO.resolve("README.md")));
    for (String folder : List.of("docs", "examples", "config")) {
      try (Stream<Path> files = Files.walk(REPO.resolve(folder))) {
        files
            .filter(Files::isRegularFile)
            .filter(f -> f.toString().matches(".*\\.(md|sh|json|example|properties)$"))
            .forEach(documents::add);
      }
    }
    return documents;
  }

  private static Set<String> names(List<Path> documents) throws IOException {
    Set<String> names = new TreeSet<>();
    for (Path document : documents) {
      Matcher matcher = NAME.matcher(Files.readString(document));
      while (matcher.find()) {
        names.add(matcher.group());
      }
    }
    return names;
  }
}
