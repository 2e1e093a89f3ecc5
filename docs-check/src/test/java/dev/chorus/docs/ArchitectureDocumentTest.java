package dev.chorus.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/architecture.md names real things: every class, stream, configuration key and endpoint
 * listed in its "Names used in this document" section exists in the code, and every class-like name
 * the document uses is listed there. A rename in the code fails here until the document follows.
 */
class ArchitectureDocumentTest {

  static final String DOCUMENT = "docs/architecture.md";

  /** A backticked UpperCamelCase word, or Outer.Inner: what a reader takes for a class name. */
  private static final Pattern CLASS_LIKE =
      Pattern.compile("`([A-Z][a-z][A-Za-z0-9]*[A-Za-z](?:\\.[A-Z][a-z][A-Za-z0-9]*[A-Za-z])?)`");

  private static SourceTree tree;
  private static String document;
  private static NamesSection names;

  @BeforeAll
  static void read() {
    tree = SourceTree.locate();
    document = tree.read(DOCUMENT);
    names = NamesSection.parse(document);
  }

  @Test
  void everyListedClassHasASourceFile() {
    Map<String, String> sources = new HashMap<>();
    for (Path file : tree.javaSources(true)) {
      sources.put(file.getFileName().toString().replace(".java", ""), SourceTree.text(file));
    }
    List<String> missing = new ArrayList<>();
    for (String name : names.classes()) {
      String[] parts = name.split("\\.");
      String outer = sources.get(parts[0]);
      boolean found =
          outer != null
              && (parts.length == 1
                  || Pattern.compile("(class|record|enum|interface)\\s+" + parts[1] + "\\b")
                      .matcher(outer)
                      .find());
      if (!found) {
        missing.add(name);
      }
    }
    assertThat(missing)
        .as(
            "classes listed in %s without a <Name>.java under a module's src/main/java (or src/test/java)",
            DOCUMENT)
        .isEmpty();
  }

  @Test
  void everyClassLikeNameInTheDocumentIsListed() {
    Set<String> used = new TreeSet<>();
    Matcher m = CLASS_LIKE.matcher(document.substring(0, document.indexOf(NamesSection.HEADING)));
    while (m.find()) {
      used.add(m.group(1));
    }
    used.removeAll(names.classes());
    assertThat(used)
        .as("class names used in %s but not listed under '%s'", DOCUMENT, NamesSection.HEADING)
        .isEmpty();
  }

  @Test
  void everyListedStreamIsSpelledInMainSources() {
    Set<String> literals = new HashSet<>();
    tree.javaSources(false)
        .forEach(f -> literals.addAll(SourceTree.stringLiterals(SourceTree.text(f))));
    List<String> missing = new ArrayList<>();
    for (String name : names.streams()) {
      String prefix = name.contains("<") ? name.substring(0, name.indexOf('<')) : name;
      if (!spells(literals, prefix)) {
        missing.add(name);
      }
    }
    assertThat(missing)
        .as("streams and keys listed in %s that no main Java source spells", DOCUMENT)
        .isEmpty();
  }

  /**
   * A literal is the name (or, for a name with a variable part, its prefix), or two literals
   * concatenate to it, as {@code Streams.REPLIES + ":invoke:"} or {@code RegistryKeys.AGENT_PREFIX
   * + "<capability>"} do; constants cross files, so the literals of all main sources count
   * together.
   */
  private static boolean spells(Set<String> literals, String prefix) {
    if (literals.contains(prefix)) {
      return true;
    }
    for (int split = 3; split <= prefix.length() - 1; split++) {
      if (literals.contains(prefix.substring(0, split))
          && literals.contains(prefix.substring(split))) {
        return true;
      }
    }
    return false;
  }

  @Test
  void everyListedConfigurationKeyIsInApplicationYamlOrChorusProperties() {
    Set<String> yaml = SourceTree.yamlPaths(tree.read("app/src/main/resources/application.yaml"));
    String properties = tree.read("app/src/main/java/dev/chorus/app/ChorusProperties.java");
    List<String> missing = new ArrayList<>();
    for (String key : names.configKeys()) {
      if (!yaml.contains(key)
          && !(key.startsWith("chorus.")
              && properties.matches("(?s).*\\b\\w+[>]? " + camel(last(key)) + "\\b[,)].*"))) {
        missing.add(key);
      }
    }
    assertThat(missing)
        .as(
            "configuration keys listed in %s found neither in application.yaml nor in ChorusProperties",
            DOCUMENT)
        .isEmpty();
  }

  @Test
  void everyListedEndpointIsMappedInTheGateway() {
    Set<String> mapped = new HashSet<>();
    tree.javaSources(false).stream()
        .filter(f -> f.toString().contains("/gateway/src/main/java/"))
        .forEach(f -> mapped.addAll(SourceTree.endpoints(SourceTree.text(f))));
    List<String> missing = new ArrayList<>();
    for (String endpoint : names.endpoints()) {
      if (!mapped.contains(SourceTree.normalisePath(endpoint.strip()))) {
        missing.add(endpoint);
      }
    }
    assertThat(missing)
        .as(
            "endpoints listed in %s that no gateway controller maps (mapped: %s)",
            DOCUMENT, new TreeSet<>(mapped))
        .isEmpty();
  }

  private static String last(String key) {
    return key.substring(key.lastIndexOf('.') + 1);
  }

  private static String camel(String kebab) {
    StringBuilder out = new StringBuilder();
    for (String part : kebab.split("-")) {
      out.append(out.isEmpty() ? part : Character.toUpperCase(part.charAt(0)) + part.substring(1));
    }
    return out.toString();
  }
}
