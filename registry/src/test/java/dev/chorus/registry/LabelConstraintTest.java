package dev.chorus.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class LabelConstraintTest {

  @Example
  void theFourFormsParse() {
    assertThat(LabelConstraint.parse("gpu=true"))
        .isEqualTo(new LabelConstraint("gpu", LabelConstraint.Operator.EQUALS, List.of("true")));
    assertThat(LabelConstraint.parse(" lang != de "))
        .isEqualTo(new LabelConstraint("lang", LabelConstraint.Operator.NOT_EQUALS, List.of("de")));
    assertThat(LabelConstraint.parse("region in (eu, us)"))
        .isEqualTo(new LabelConstraint("region", LabelConstraint.Operator.IN, List.of("eu", "us")));
    assertThat(LabelConstraint.parse("tier notin(free)"))
        .isEqualTo(new LabelConstraint("tier", LabelConstraint.Operator.NOT_IN, List.of("free")));
  }

  @Example
  void negativeConstraintsHoldForAnAgentWithoutTheLabel() {
    assertThat(LabelConstraint.parse("lang!=de").matches(Map.of())).isTrue();
    assertThat(LabelConstraint.parse("tier notin (free)").matches(Map.of())).isTrue();
    assertThat(LabelConstraint.parse("gpu=true").matches(Map.of())).isFalse();
    assertThat(LabelConstraint.parse("region in (eu)").matches(Map.of())).isFalse();
  }

  @Example
  void errorsSayWhereAndWhatWasExpected() {
    assertThatThrownBy(() -> LabelConstraint.parse("region in eu, us"))
        .isInstanceOf(RequirementSyntaxException.class)
        .hasMessage(
            "label constraint 'region in eu, us' at position 10: expected '(' to open the list of values but found 'eu, us'");
    assertThatThrownBy(() -> LabelConstraint.parse("region in (eu us)"))
        .hasMessageContaining("at position 14: expected ',' or ')' in the list of values");
    assertThatThrownBy(() -> LabelConstraint.parse("gpu"))
        .hasMessageContaining(
            "at position 3: expected '=', '!=', 'in' or 'notin' after the label name but the text ended");
    assertThatThrownBy(() -> LabelConstraint.parse("gpu=true false"))
        .hasMessageContaining("at position 9: expected the end of the constraint");
    assertThatThrownBy(() -> LabelConstraint.parse("=true"))
        .hasMessageContaining("at position 0: expected a label name");
    assertThatThrownBy(() -> LabelConstraint.parse("region in ()"))
        .hasMessageContaining("at position 11: expected a value in the list");
  }

  @Property
  void inHoldsExactlyWhenTheLabelIsListedAndNotinIsItsOpposite(
      @ForAll("values") Set<String> listed, @ForAll("labels") Map<String, String> labels) {
    String list = "(" + String.join(", ", listed) + ")";
    boolean expected = labels.containsKey("k") && listed.contains(labels.get("k"));
    assertThat(LabelConstraint.parse("k in " + list).matches(labels)).isEqualTo(expected);
    assertThat(LabelConstraint.parse("k notin " + list).matches(labels)).isEqualTo(!expected);
  }

  @Property
  void equalsIsInWithOneValue(
      @ForAll("value") String value, @ForAll("labels") Map<String, String> labels) {
    assertThat(LabelConstraint.parse("k=" + value).matches(labels))
        .isEqualTo(LabelConstraint.parse("k in (" + value + ")").matches(labels));
    assertThat(LabelConstraint.parse("k!=" + value).matches(labels))
        .isEqualTo(!LabelConstraint.parse("k=" + value).matches(labels));
  }

  @Property
  void printingAndParsingAgainGivesTheSameConstraint(
      @ForAll("constraints") LabelConstraint constraint) {
    assertThat(LabelConstraint.parse(constraint.toString())).isEqualTo(constraint);
  }

  @Provide
  Arbitrary<String> value() {
    return Arbitraries.of("eu", "us", "ap", "true", "false", "x.y-1");
  }

  @Provide
  Arbitrary<Set<String>> values() {
    return value().set().ofMinSize(1).ofMaxSize(4);
  }

  @Provide
  Arbitrary<Map<String, String>> labels() {
    return Arbitraries.maps(Arbitraries.of("k", "other"), value()).ofMaxSize(2);
  }

  @Provide
  Arbitrary<LabelConstraint> constraints() {
    return Arbitraries.of(LabelConstraint.Operator.values())
        .flatMap(
            operator -> {
              boolean single =
                  operator == LabelConstraint.Operator.EQUALS
                      || operator == LabelConstraint.Operator.NOT_EQUALS;
              Arbitrary<List<String>> values =
                  single ? value().list().ofSize(1) : value().list().ofMinSize(1).ofMaxSize(3);
              return values.map(v -> new LabelConstraint("key_1", operator, v));
            });
  }
}
