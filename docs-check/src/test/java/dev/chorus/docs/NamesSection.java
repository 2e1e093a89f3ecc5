package dev.chorus.docs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The "Names used in this document" section of a document: four bullet lists, each bullet naming
 * one thing in backticks (its first backticked token counts).
 */
record NamesSection(
    List<String> classes, List<String> streams, List<String> configKeys, List<String> endpoints) {

  static final String HEADING = "## Names used in this document";

  private static final Pattern BULLET = Pattern.compile("^\\s*[-*]\\s+`([^`]+)`");

  /** Reads the section, refusing a document without it or without one of its four lists. */
  static NamesSection parse(String markdown) {
    int start = markdown.indexOf(HEADING);
    if (start < 0) {
      throw new IllegalArgumentException("no section '" + HEADING + "'");
    }
    Map<String, List<String>> lists = new LinkedHashMap<>();
    List<String> current = null;
    for (String line : markdown.substring(start + HEADING.length()).split("\n")) {
      if (line.startsWith("#")) {
        break;
      }
      Matcher bullet = BULLET.matcher(line);
      if (bullet.find() && current != null) {
        current.add(bullet.group(1).trim());
      } else if (line.strip().endsWith(":") && !line.strip().startsWith("-")) {
        current = new ArrayList<>();
        lists.put(line.strip().toLowerCase(), current);
      }
    }
    return new NamesSection(
        list(lists, "classes"),
        list(lists, "streams"),
        list(lists, "configuration"),
        list(lists, "endpoints"));
  }

  private static List<String> list(Map<String, List<String>> lists, String titleStart) {
    return lists.entrySet().stream()
        .filter(e -> e.getKey().startsWith(titleStart))
        .findFirst()
        .map(Map.Entry::getValue)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "no list titled '" + titleStart + "…:' in '" + HEADING + "'"));
  }
}
