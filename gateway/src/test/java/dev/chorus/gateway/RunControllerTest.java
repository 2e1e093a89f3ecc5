package dev.chorus.gateway;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

class RunControllerTest extends GatewaySliceTest {

  private static final RunView RUNNING =
      new RunView(
          "r-1",
          "r-1",
          "t-1",
          "demo",
          1,
          "RUNNING",
          "reserve",
          List.of(),
          null,
          null,
          List.of(),
          List.of(),
          0,
          "http://ui/namespaces/default/workflows/r-1");

  @Test
  void startAnswers201ForANewRunWithItsUiLink() throws Exception {
    when(runs.start(eq("demo"), any())).thenReturn(new RunService.Started(RUNNING, true));
    mvc.perform(
            as(OPERATOR_KEY, post("/api/v1/pipelines/demo/runs"))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"input\":{\"text\":\"hi\"},\"runId\":\"r-1\"}"))
        .andExpect(status().isCreated())
        .andExpect(jsonPath("$.runId").value("r-1"))
        .andExpect(jsonPath("$.uiUrl").value("http://ui/namespaces/default/workflows/r-1"))
        .andExpect(jsonPath("$.failure").doesNotExist());
    verify(runs).start("demo", new StartRunRequest(Map.of("text", "hi"), "r-1", null));
  }

  @Test
  void startWithARunIdAlreadyUsedAnswers200WithTheExistingRun() throws Exception {
    when(runs.start(eq("demo"), any())).thenReturn(new RunService.Started(RUNNING, false));
    mvc.perform(
            as(OPERATOR_KEY, post("/api/v1/pipelines/demo/runs"))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"input\":{},\"runId\":\"r-1\"}"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.runId").value("r-1"));
  }

  @Test
  void startNamesTheFieldAtFault() throws Exception {
    when(runs.start(eq("demo"), any()))
        .thenThrow(new InvalidRequestException("input", "is required and must be a JSON object"));
    mvc.perform(
            as(OPERATOR_KEY, post("/api/v1/pipelines/demo/runs"))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{}"))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.errors[0].field").value("input"))
        .andExpect(jsonPath("$.errors[0].problem").value("is required and must be a JSON object"));
  }

  @Test
  void startOfAnUnknownPipelineIs404() throws Exception {
    when(runs.start(eq("nope"), any()))
        .thenThrow(new NotFoundException("no pipeline named 'nope'"));
    mvc.perform(
            as(OPERATOR_KEY, post("/api/v1/pipelines/nope/runs"))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"input\":{}}"))
        .andExpect(status().isNotFound())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.detail").value("no pipeline named 'nope'"));
  }

  @Test
  void malformedJsonIs400NamingTheBody() throws Exception {
    mvc.perform(
            as(OPERATOR_KEY, post("/api/v1/pipelines/demo/runs"))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"input\": {"))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.errors[0].field").value("body"));
  }

  @Test
  void aMissingBodyIs400() throws Exception {
    mvc.perform(
            as(OPERATOR_KEY, post("/api/v1/pipelines/demo/runs"))
                .contentType(MediaType.APPLICATION_JSON))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("body"));
  }

  @Test
  void anUnsupportedMediaTypeIs415() throws Exception {
    mvc.perform(
            as(OPERATOR_KEY, post("/api/v1/pipelines/demo/runs"))
                .contentType(MediaType.APPLICATION_XML)
                .content("<input/>"))
        .andExpect(status().isUnsupportedMediaType())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
  }

  @Test
  void aBodyOverTheLimitIs413() throws Exception {
    String big = "{\"input\":{\"text\":\"" + "x".repeat((int) MAX_BODY_BYTES) + "\"}}";
    mvc.perform(
            as(OPERATOR_KEY, post("/api/v1/pipelines/demo/runs"))
                .contentType(MediaType.APPLICATION_JSON)
                .content(big))
        .andExpect(status().isPayloadTooLarge())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(
            jsonPath("$.detail")
                .value(
                    "the body has "
                        + big.length()
                        + " bytes; at most "
                        + MAX_BODY_BYTES
                        + " are accepted"));
  }

  @Test
  void getAnswersTheRunOr404() throws Exception {
    when(runs.describe("r-1")).thenReturn(RUNNING);
    when(runs.describe("r-2")).thenThrow(new NotFoundException("no run with id 'r-2'"));
    mvc.perform(as(VIEWER_KEY, get("/api/v1/runs/r-1")))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.status").value("RUNNING"));
    mvc.perform(as(VIEWER_KEY, get("/api/v1/runs/r-2")))
        .andExpect(status().isNotFound())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
  }

  @Test
  void resultWaitsTheGivenTimeout() throws Exception {
    when(runs.awaitResult("r-1", Duration.ofSeconds(5))).thenReturn(RUNNING);
    mvc.perform(as(VIEWER_KEY, get("/api/v1/runs/r-1/result").param("timeoutSeconds", "5")))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.status").value("RUNNING"));
  }

  @Test
  void resultRefusesATimeoutOutOfRangeOrNotANumber() throws Exception {
    mvc.perform(as(VIEWER_KEY, get("/api/v1/runs/r-1/result").param("timeoutSeconds", "61")))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("timeoutSeconds"));
    mvc.perform(as(VIEWER_KEY, get("/api/v1/runs/r-1/result").param("timeoutSeconds", "soon")))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.errors[0].field").value("timeoutSeconds"));
  }

  @Test
  void listPassesEveryFilterAndThePageToken() throws Exception {
    RunList page =
        new RunList(
            List.of(
                new RunList.Summary(
                    "r-1", "t-1", "demo", "COMPLETED", "2026-01-01T00:00:00Z", null, "u")),
            "next");
    RunQuery query =
        new RunQuery(
            "demo",
            "COMPLETED",
            Instant.parse("2026-01-01T00:00:00Z"),
            Instant.parse("2026-02-01T00:00:00Z"));
    when(listing.list(query, 10, "tok")).thenReturn(page);
    mvc.perform(
            as(VIEWER_KEY, get("/api/v1/runs"))
                .param("pipeline", "demo")
                .param("status", "COMPLETED")
                .param("startedAfter", "2026-01-01T00:00:00Z")
                .param("startedBefore", "2026-02-01T00:00:00Z")
                .param("pageSize", "10")
                .param("pageToken", "tok"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.runs[0].runId").value("r-1"))
        .andExpect(jsonPath("$.nextPageToken").value("next"));
  }

  @Test
  void listRefusesBadFilters() throws Exception {
    mvc.perform(as(VIEWER_KEY, get("/api/v1/runs")).param("status", "SLEEPING"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("status"));
    mvc.perform(as(VIEWER_KEY, get("/api/v1/runs")).param("startedAfter", "yesterday"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("startedAfter"));
    mvc.perform(as(VIEWER_KEY, get("/api/v1/runs")).param("pageSize", "0"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("pageSize"));
    mvc.perform(as(VIEWER_KEY, get("/api/v1/runs")).param("pipeline", "no spaces"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("pipeline"));
  }

  @Test
  void signalCancelAndTerminateAnswer202() throws Exception {
    mvc.perform(
            as(OPERATOR_KEY, post("/api/v1/runs/r-1/signals/approve"))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"ok\":true}"))
        .andExpect(status().isAccepted());
    verify(runs).signal("r-1", "approve", Map.of("ok", true));
    mvc.perform(as(OPERATOR_KEY, post("/api/v1/runs/r-1/cancel"))).andExpect(status().isAccepted());
    verify(runs).cancel("r-1");
    mvc.perform(
            as(ADMIN_KEY, post("/api/v1/runs/r-1/terminate"))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"reason\":\"stuck\"}"))
        .andExpect(status().isAccepted());
    verify(runs).terminate("r-1", "stuck");
  }

  @Test
  void signallingARunThatEndedIs409() throws Exception {
    doThrow(new ConflictException("run 'r-1' has already ended as COMPLETED"))
        .when(runs)
        .signal(eq("r-1"), eq("approve"), any());
    mvc.perform(as(OPERATOR_KEY, post("/api/v1/runs/r-1/signals/approve")))
        .andExpect(status().isConflict())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.detail").value("run 'r-1' has already ended as COMPLETED"));
  }

  @Test
  void redisOutOfReachIs503() throws Exception {
    when(runs.describe("r-1"))
        .thenThrow(
            new io.lettuce.core.RedisCommandTimeoutException(
                "Command timed out after 1 minute(s)"));
    mvc.perform(as(VIEWER_KEY, get("/api/v1/runs/r-1")))
        .andExpect(status().isServiceUnavailable())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.title").value("Redis unavailable"));
  }

  @Test
  void redisLoadingAfterARestartIs503WithRetryAfter() throws Exception {
    when(runs.start(eq("demo"), any()))
        .thenThrow(
            new io.lettuce.core.RedisLoadingException(
                "LOADING Redis is loading the dataset in memory"));
    mvc.perform(
            as(OPERATOR_KEY, post("/api/v1/pipelines/demo/runs"))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"input\":{}}"))
        .andExpect(status().isServiceUnavailable())
        .andExpect(header().string("Retry-After", "1"))
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.title").value("Redis unavailable"))
        .andExpect(
            jsonPath("$.detail")
                .value("Redis is loading its data after a restart; try again shortly"));
  }

  @Test
  void aChildRunIsReadByItsIdWithTheSlashEncoded() throws Exception {
    when(runs.describe("r-1/order")).thenReturn(RUNNING);
    mvc.perform(as(VIEWER_KEY, get(java.net.URI.create("/api/v1/runs/r-1%2Forder"))))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.runId").value("r-1"));
  }

  /** The encoded id is one segment to the role rules too: terminating a child needs admin. */
  @Test
  void terminatingAChildRunNeedsAdminToo() throws Exception {
    mvc.perform(as(OPERATOR_KEY, post(java.net.URI.create("/api/v1/runs/r-1%2Forder/terminate"))))
        .andExpect(status().isForbidden());
    mvc.perform(as(ADMIN_KEY, post(java.net.URI.create("/api/v1/runs/r-1%2Forder/terminate"))))
        .andExpect(status().isAccepted());
    verify(runs).terminate("r-1/order", "terminated through the API");
  }

  @Test
  void temporalOutOfReachIs503() throws Exception {
    when(runs.describe("r-1"))
        .thenThrow(new TemporalUnavailableException("Temporal answered UNAVAILABLE", null));
    mvc.perform(as(VIEWER_KEY, get("/api/v1/runs/r-1")))
        .andExpect(status().isServiceUnavailable())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.title").value("Temporal unavailable"))
        .andExpect(jsonPath("$.detail").value("Temporal answered UNAVAILABLE"));
  }

  @Test
  void unknownRoutesAndMethodsAreProblems() throws Exception {
    mvc.perform(as(VIEWER_KEY, get("/api/v1/nothing-here")))
        .andExpect(status().isNotFound())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
    mvc.perform(as(ADMIN_KEY, patch("/api/v1/runs/r-1")))
        .andExpect(status().isMethodNotAllowed())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
  }
}
