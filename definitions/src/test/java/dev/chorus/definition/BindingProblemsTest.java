package dev.chorus.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** Reading errors name the JSON value expected, never a Java type. */
class BindingProblemsTest {

  record Body(
      Map<String, Object> input,
      Integer version,
      List<String> tags,
      Instant since,
      Duration delay,
      boolean flag) {}

  record Checked(String name) {
    Checked {
      if (name.isBlank()) {
        throw new IllegalArgumentException("a name is required");
      }
    }
  }

  private final JsonMapper json = JsonMapper.builder().build();

  @Test
  void eachMismatchSaysWhatValueWasExpectedAndWhere() {
    assertThat(problem("{\"input\": [1, 2]}", Body.class)).isEqualTo("input must be an object");
    assertThat(problem("{\"version\": \"two\"}", Body.class))
        .isEqualTo("version must be a whole number but was 'two'");
    assertThat(problem("{\"version\": 99999999999}", Body.class))
        .isEqualTo("version is a number out of range for this field");
    assertThat(problem("{\"tags\": {\"a\": 1}}", Body.class)).isEqualTo("tags must be an array");
    assertThat(problem("{\"since\": \"yesterday\"}", Body.class))
        .isEqualTo("since must be a time such as 2026-01-01T00:00:00Z but was 'yesterday'");
    assertThat(problem("{\"delay\": \"soon\"}", Body.class))
        .isEqualTo("delay must be a duration such as PT30S but was 'soon'");
    assertThat(problem("{\"flag\": \"maybe\"}", Body.class))
        .isEqualTo("flag must be true or false but was 'maybe'");
    assertThat(problem("[]", Body.class)).isEqualTo(" must be an object");
    assertThat(problem("{\"name\": \" \"}", Checked.class))
        .isEqualTo(" is not accepted: a name is required");
    assertThat(problem("{\"input\": ", Body.class)).startsWith(" is not valid JSON: ");
  }

  @Test
  void noMessageNamesAJavaType() {
    for (String body :
        List.of(
            "{\"input\": [1]}",
            "{\"input\": \"text\"}",
            "{\"version\": {}}",
            "{\"since\": 5.5}",
            "{\"delay\": []}",
            "{\"tags\": 3}")) {
      assertThat(problem(body, Body.class)).doesNotContain("java.", "Instant", "Duration", "Map");
    }
  }

  private String problem(String body, Class<?> type) {
    JacksonException e =
        catchThrowableOfType(JacksonException.class, () -> json.readValue(body, type));
    assertThat(e).as("reading %s", body).isNotNull();
    return BindingProblems.field(e) + " " + BindingProblems.problem(e);
  }
}
