package dev.chorus.registry;

import java.util.ArrayList;
import java.util.List;

/**
 * Recursive descent over the label grammar (docs/agent-protocol.md):
 *
 * <pre>
 * constraint := word ( "=" | "!=" ) word | word ( "in" | "notin" ) "(" word ( "," word )* ")"
 * word       := [A-Za-z0-9_.-]+
 * </pre>
 *
 * Blanks may stand between any two tokens.
 */
final class LabelConstraintParser {

  private static final String KIND = "label constraint";

  private final String text;
  private int at;

  LabelConstraintParser(String text) {
    this.text = text == null ? "" : text;
  }

  LabelConstraint parse() {
    String key = word("a label name like gpu or region");
    skipBlanks();
    LabelConstraint constraint;
    if (accept("!=")) {
      constraint =
          new LabelConstraint(
              key, LabelConstraint.Operator.NOT_EQUALS, List.of(word("a value after '!='")));
    } else if (accept("=")) {
      constraint =
          new LabelConstraint(
              key, LabelConstraint.Operator.EQUALS, List.of(word("a value after '='")));
    } else if (acceptKeyword("notin")) {
      constraint = new LabelConstraint(key, LabelConstraint.Operator.NOT_IN, list());
    } else if (acceptKeyword("in")) {
      constraint = new LabelConstraint(key, LabelConstraint.Operator.IN, list());
    } else {
      throw error("'=', '!=', 'in' or 'notin' after the label name");
    }
    skipBlanks();
    if (at < text.length()) {
      throw error("the end of the constraint");
    }
    return constraint;
  }

  private List<String> list() {
    skipBlanks();
    if (!accept("(")) {
      throw error("'(' to open the list of values");
    }
    List<String> values = new ArrayList<>();
    do {
      values.add(word("a value in the list"));
      skipBlanks();
    } while (accept(","));
    if (!accept(")")) {
      throw error("',' or ')' in the list of values");
    }
    return values;
  }

  private String word(String expected) {
    skipBlanks();
    int start = at;
    while (at < text.length() && isWordChar(text.charAt(at))) {
      at++;
    }
    if (start == at) {
      throw error(expected);
    }
    return text.substring(start, at);
  }

  private boolean acceptKeyword(String keyword) {
    int end = at + keyword.length();
    boolean followedByWord = end < text.length() && isWordChar(text.charAt(end));
    if (text.startsWith(keyword, at) && !followedByWord) {
      at = end;
      return true;
    }
    return false;
  }

  private boolean accept(String symbol) {
    skipBlanks();
    if (text.startsWith(symbol, at)) {
      at += symbol.length();
      return true;
    }
    return false;
  }

  private void skipBlanks() {
    while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
      at++;
    }
  }

  private RequirementSyntaxException error(String expected) {
    return new RequirementSyntaxException(KIND, text, at, expected);
  }

  private static boolean isWordChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '_'
        || c == '.'
        || c == '-';
  }
}
