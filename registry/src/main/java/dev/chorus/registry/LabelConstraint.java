package dev.chorus.registry;

import java.util.List;
import java.util.Map;

/**
 * One condition on an agent's labels: {@code gpu=true}, {@code lang!=de}, {@code region in (eu,
 * us)}, {@code tier notin (free)}. A negative condition also holds for an agent without the label.
 */
public record LabelConstraint(String key, Operator operator, List<String> values) {

  public enum Operator {
    EQUALS("="),
    NOT_EQUALS("!="),
    IN("in"),
    NOT_IN("notin");

    final String symbol;

    Operator(String symbol) {
      this.symbol = symbol;
    }
  }

  public LabelConstraint {
    if (values.isEmpty()
        || ((operator == Operator.EQUALS || operator == Operator.NOT_EQUALS)
            && values.size() != 1)) {
      throw new IllegalArgumentException(
          operator.symbol + " takes " + (values.isEmpty() ? "at least one value" : "one value"));
    }
    values = List.copyOf(values);
  }

  /**
   * Parses one constraint, or throws {@link RequirementSyntaxException} naming the position of the
   * fault.
   */
  public static LabelConstraint parse(String text) {
    return new LabelConstraintParser(text).parse();
  }

  public boolean matches(Map<String, String> labels) {
    String value = labels.get(key);
    boolean listed = value != null && values.contains(value);
    return switch (operator) {
      case EQUALS, IN -> listed;
      case NOT_EQUALS, NOT_IN -> !listed;
    };
  }

  @Override
  public String toString() {
    return switch (operator) {
      case EQUALS, NOT_EQUALS -> key + operator.symbol + values.get(0);
      case IN, NOT_IN -> key + " " + operator.symbol + " (" + String.join(", ", values) + ")";
    };
  }
}
