package dev.chorus.gateway;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;

/**
 * A body or parameter of the wrong type is a 400 naming the field and the JSON value expected
 * there, in the API's words: never the Java type it would have been read into.
 */
class BindingErrorsTest extends GatewaySliceTest {

  @Test
  void aRunStartWhoseInputIsNotAnObjectNamesTheInput() throws Exception {
    expectProblem(startRun("{\"input\": [1, 2]}"), "input", "must be an object");
  }

  @Test
  void aRunStartWhoseVersionIsNotANumberNamesTheVersion() throws Exception {
    expectProblem(
        startRun("{\"input\": {}, \"version\": \"two\"}"),
        "version",
        "must be a whole number but was 'two'");
  }

  @Test
  void aSignalWhosePayloadIsNotAnObjectNamesTheBody() throws Exception {
    expectProblem(
        mvc.perform(
            as(OPERATOR_KEY, post("/api/v1/runs/r-1/signals/approve"))
                .contentType(MediaType.APPLICATION_JSON)
                .content("[true]")),
        "body",
        "must be an object");
  }

  @Test
  void brokenJsonNamesTheBody() throws Exception {
    expectProblem(startRun("{\"input\": {"), "body", "is not valid JSON: ");
  }

  @Test
  void aMistypedQueryParameterSaysWhatItMustBe() throws Exception {
    expectProblem(
        mvc.perform(as(VIEWER_KEY, get("/api/v1/runs?startedAfter=yesterday"))),
        "startedAfter",
        "must be a time such as 2026-01-01T00:00:00Z but was 'yesterday'");
  }

  private ResultActions startRun(String body) throws Exception {
    return mvc.perform(
        as(OPERATOR_KEY, post("/api/v1/pipelines/demo/runs"))
            .contentType(MediaType.APPLICATION_JSON)
            .content(body));
  }

  private static void expectProblem(ResultActions result, String field, String problem)
      throws Exception {
    result
        .andExpect(status().isBadRequest())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.errors[0].field").value(field))
        .andExpect(jsonPath("$.errors[0].problem").value(Matchers.startsWith(problem)))
        .andExpect(jsonPath("$.detail").value(Matchers.not(Matchers.containsString("java."))));
  }
}
