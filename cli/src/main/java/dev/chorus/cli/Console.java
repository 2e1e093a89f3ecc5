package dev.chorus.cli;

import picocli.CommandLine.Help.Ansi;

/**
 * What the command line tells a person: progress, warnings and errors, in colour only on a
 * terminal.
 */
final class Console {

  private Console() {}

  static void info(String message) {
    System.out.println(Ansi.AUTO.string("@|bold,green ==>|@ ") + message);
  }

  static void warn(String message) {
    System.err.println(Ansi.AUTO.string("@|bold,yellow WARNING:|@ ") + message);
  }

  static void error(String message) {
    System.err.println(Ansi.AUTO.string("@|bold,red ERROR:|@ ") + message);
  }

  /** Columns padded to the widest cell, like {@code column -t}. */
  static void table(java.util.List<String> headers, java.util.List<java.util.List<String>> rows) {
    int[] widths = new int[headers.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = headers.get(i).length();
      for (java.util.List<String> row : rows) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    java.util.List<java.util.List<String>> all = new java.util.ArrayList<>();
    all.add(headers);
    all.addAll(rows);
    for (java.util.List<String> row : all) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < widths.length; i++) {
        line.append(String.format("%-" + widths[i] + "s", row.get(i)));
        if (i < widths.length - 1) {
          line.append("  ");
        }
      }
      System.out.println(line.toString().stripTrailing());
    }
  }
}
