package dev.chorus.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the repository's sources declare, read as plain files: Java sources, application.yaml,
 * mappings.
 */
final class SourceTree {

  private static final Pattern STRING_LITERAL = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
  private static final Pattern YAML_KEY = Pattern.compile("^(\\s*)(- )?([A-Za-z0-9_.-]+):");
  private static final Pattern CLASS_MAPPING =
      Pattern.compile("@RequestMapping\\(\"([^\"]*)\"\\)\\s*(?:\\w+\\s+)*class\\s");

  /**
   * A method mapping and its arguments up to the closing parenthesis; the path is the leading
   * string or the {@code path}/{@code value} argument, wherever the formatter put it.
   */
  private static final Pattern METHOD_MAPPING =
      Pattern.compile("@(Get|Post|Put|Delete|Patch)Mapping(?:\\(([^)]*)\\))?");

  private static final Pattern MAPPING_PATH =
      Pattern.compile("^\\s*\"([^\"]*)\"|\\b(?:path|value)\\s*=\\s*\"([^\"]*)\"");

  final Path root;

  SourceTree(Path root) {
    this.root = root;
  }

  /** The repository root: the nearest directory upwards with docs/ and a pom.xml. */
  static SourceTree locate() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("docs")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
        return new SourceTree(dir);
      }
    }
    throw new IllegalStateException(
        "no repository root (docs/ and pom.xml) above " + Path.of("").toAbsolutePath());
  }

  String read(String relative) {
    try {
      return Files.readString(root.resolve(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Java sources of every module under src/main/java, or also src/test/java. */
  List<Path> javaSources(boolean withTests) {
    try (Stream<Path> files = Files.walk(root, 12)) {
      return files
          .filter(p -> p.toString().endsWith(".java"))
          .filter(
              p -> !p.toString().contains("/target/") && !root.relativize(p).startsWith(".tools"))
          .filter(
              p ->
                  p.toString().contains("/src/main/java/")
                      || (withTests && p.toString().contains("/src/test/java/")))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String text(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Contents of every string literal in one Java source, in order. */
  static List<String> stringLiterals(String source) {
    Matcher m = STRING_LITERAL.matcher(source);
    List<String> literals = new java.util.ArrayList<>();
    while (m.find()) {
      literals.add(m.group(1));
    }
    return literals;
  }

  /**
   * Every key path of a YAML file, dotted ({@code chorus.bus.reclaim-idle}); list items add no
   * segment.
   */
  static Set<String> yamlPaths(String yaml) {
    Set<String> paths = new HashSet<>();
    Deque<int[]> indents = new ArrayDeque<>();
    Deque<String> names = new ArrayDeque<>();
    for (String line : yaml.split("\n")) {
      Matcher m = YAML_KEY.matcher(line);
      if (line.strip().startsWith("#") || !m.find()) {
        continue;
      }
      int indent = m.group(1).length() + (m.group(2) == null ? 0 : 2);
      while (!indents.isEmpty() && indents.peek()[0] >= indent) {
        indents.pop();
        names.pop();
      }
      indents.push(new int[] {indent});
      names.push(m.group(3));
      List<String> path = new java.util.ArrayList<>(names);
      java.util.Collections.reverse(path);
      paths.add(String.join(".", path));
    }
    return paths;
  }

  /** "METHOD /path" of every mapping in one controller source, path variables as {@code {}}. */
  static Set<String> endpoints(String source) {
    Matcher classLevel = CLASS_MAPPING.matcher(source);
    String prefix = classLevel.find() ? classLevel.group(1) : "";
    Set<String> endpoints = new HashSet<>();
    Matcher m = METHOD_MAPPING.matcher(source);
    while (m.find()) {
      String path = prefix + mappingPath(m.group(2));
      endpoints.add(m.group(1).toUpperCase() + " " + normalisePath(path));
    }
    return endpoints;
  }

  private static String mappingPath(String arguments) {
    if (arguments == null) {
      return "";
    }
    Matcher path = MAPPING_PATH.matcher(arguments);
    if (!path.find()) {
      return "";
    }
    return path.group(1) != null ? path.group(1) : path.group(2);
  }

  static String normalisePath(String path) {
    return path.replaceAll("\\{[^}]*}", "{}");
  }
}
