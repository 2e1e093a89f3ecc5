package dev.chorus.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
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
 * the document uses is listed there, and every test its failure table names as proof exists. A
 * rename in the code fails here until the document follows.
 */
class ArchitectureDocumentTest {

  static final String DOCUMENT = "docs/architecture.md";

  /** A backticked UpperCamelCase word, or Outer.Inner: what a reader takes for a class name. */
  private static final Pattern CLASS_LIKE =
      Pattern.compile("`([A-Z][a-z][A-Za-z0-9]*[A-Za-z](?:\\.[A-Z][a-z][A-Za-z0-9]*[A-Za-z])?)`");

  static final String FAILURE_SECTION = "## 6. Failure handling";

  /** A row's proof: a JUnit test as Class.method, or a pytest test as file.py::function. */
  private static final Pattern JAVA_TEST = Pattern.compile("`([A-Z]\\w*)\\.([a-z]\\w*)`");

  private static final Pattern PYTHON_TEST = Pattern.compile("`(test_\\w+\\.py)::(test_\\w+)`");

  /** Where the Python SDK keeps its pytest tests, relative to the repository root. */
  private static final String PYTHON_TESTS = "agent-sdk-python/tests/";

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

  /**
   * Each row of the failure table names the tests that prove it, or says "none yet": every Java
   * test named has its class under a module's src/test/java declaring the method, every pytest one
   * its file under agent-sdk-python/tests declaring the function.
   */
  @Test
  void everyFailureRowNamesTestsThatExist() {
    Map<String, List<String>> testSources = new HashMap<>();
    for (Path file : tree.javaSources(true)) {
      if (file.toString().contains("/src/test/java/")) {
        testSources
            .computeIfAbsent(
                file.getFileName().toString().replace(".java", ""), k -> new ArrayList<>())
            .add(SourceTree.text(file));
      }
    }
    List<String> problems = new ArrayList<>();
    for (List<String> row : failureTable()) {
      String failure = row.get(0).length() > 60 ? row.get(0).substring(0, 60) + "…" : row.get(0);
      if (row.size() < 4 || row.get(3).isBlank()) {
        problems.add(failure + ": no 'proved by' cell");
        continue;
      }
      String cell = row.get(3);
      if (cell.equals("none yet")) {
        continue;
      }
      for (String proof : cell.split(",\\s*")) {
        String problem = proofProblem(proof.strip(), testSources);
        if (problem != null) {
          problems.add(failure + ": " + proof.strip() + " " + problem);
        }
      }
    }
    assertThat(problems)
        .as("tests named in the 'proved by' column of %s in %s", FAILURE_SECTION, DOCUMENT)
        .isEmpty();
  }

  /** Why one named proof does not hold, or null when its test is declared where it says. */
  private static String proofProblem(String proof, Map<String, List<String>> testSources) {
    Matcher java = JAVA_TEST.matcher(proof);
    if (java.matches()) {
      List<String> sources = testSources.get(java.group(1));
      if (sources == null) {
        return "has no " + java.group(1) + ".java under any module's src/test/java";
      }
      Pattern declaration = Pattern.compile("\\bvoid\\s+" + java.group(2) + "\\s*\\(");
      return sources.stream().anyMatch(s -> declaration.matcher(s).find())
          ? null
          : "is not declared in " + java.group(1) + ".java (no 'void " + java.group(2) + "(')";
    }
    Matcher python = PYTHON_TEST.matcher(proof);
    if (python.matches()) {
      String file = PYTHON_TESTS + python.group(1);
      if (!Files.isRegularFile(tree.root.resolve(file))) {
        return "has no file " + file;
      }
      Pattern declaration = Pattern.compile("(?m)^(?:async\\s+)?def\\s+" + python.group(2) + "\\(");
      return declaration.matcher(tree.read(file)).find()
          ? null
          : "is not declared in " + file + " (no 'def " + python.group(2) + "(')";
    }
    return "is neither `Class.method` nor `test_file.py::test_function` (or 'none yet')";
  }

  /**
   * The rows of the failure table, each as its cells; the table is the first one of the failure
   * section and ends at its first line that is not a table line.
   */
  private static List<List<String>> failureTable() {
    int section = document.indexOf("\n" + FAILURE_SECTION + "\n");
    assertThat(section).as("%s has a section '%s'", DOCUMENT, FAILURE_SECTION).isNotNegative();
    List<List<String>> rows = new ArrayList<>();
    String[] lines = document.substring(section + 1).split("\n");
    for (int i = 1; i < lines.length && !lines[i].startsWith("## "); i++) {
      if (lines[i].startsWith("|")) {
        rows.add(cells(lines[i]));
      } else if (!rows.isEmpty()) {
        break;
      }
    }
    assertThat(rows).as("a table in '%s'", FAILURE_SECTION).hasSizeGreaterThan(2);
    assertThat(rows.get(0)).as("the failure table's header").element(3).isEqualTo("proved by");
    return rows.subList(2, rows.size());
  }

  private static List<String> cells(String line) {
    String inner = line.strip().replaceAll("^\\||\\|$", "");
    List<String> cells = new ArrayList<>();
    for (String cell : inner.split("\\|", -1)) {
      cells.add(cell.strip());
    }
    return cells;
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
