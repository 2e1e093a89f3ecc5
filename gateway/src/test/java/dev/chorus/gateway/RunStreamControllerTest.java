package dev.chorus.gateway;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The stream endpoint's web side: who may open one, and the problems it answers with. */
class RunStreamControllerTest extends GatewaySliceTest {

  @Test
  void aViewerOpensTheStreamOfAChildRunWithItsLastEventId() throws Exception {
    when(streams.open(eq("r-1/review"), eq("key:viewer"), eq("1700000000000-3")))
        .thenReturn(new SseEmitter(0L));
    mvc.perform(
            as(VIEWER_KEY, get(java.net.URI.create("/api/v1/runs/r-1%2Freview/stream")))
                .accept(MediaType.TEXT_EVENT_STREAM)
                .header("Last-Event-ID", "1700000000000-3"))
        .andExpect(status().isOk());
    verify(streams).open("r-1/review", "key:viewer", "1700000000000-3");
  }

  @Test
  void withoutCredentialsItIs401() throws Exception {
    mvc.perform(get("/api/v1/runs/r-1/stream").accept(MediaType.TEXT_EVENT_STREAM))
        .andExpect(status().isUnauthorized())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
  }

  @Test
  void anUnknownRunIsANotFoundProblem() throws Exception {
    when(streams.open(eq("nope"), any(), isNull()))
        .thenThrow(new NotFoundException("no run with id 'nope'"));
    mvc.perform(as(VIEWER_KEY, get("/api/v1/runs/nope/stream")).accept(MediaType.TEXT_EVENT_STREAM))
        .andExpect(status().isNotFound())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.detail").value("no run with id 'nope'"));
  }

  @Test
  void aCallerOverItsAllowanceIs429WithRetryAfter() throws Exception {
    when(streams.open(eq("r-1"), any(), isNull()))
        .thenThrow(new StreamSlots.Full("at most 5 live streams may be open per caller"));
    mvc.perform(as(VIEWER_KEY, get("/api/v1/runs/r-1/stream")).accept(MediaType.TEXT_EVENT_STREAM))
        .andExpect(status().isTooManyRequests())
        .andExpect(header().string("Retry-After", "5"))
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.title").value("Too many live streams"));
  }

  @Test
  void aMalformedLastEventIdIsABadRequestNamingTheHeader() throws Exception {
    when(streams.open(eq("r-1"), any(), eq("yesterday")))
        .thenThrow(new InvalidRequestException("Last-Event-ID", "must be the id of an event"));
    mvc.perform(
            as(VIEWER_KEY, get("/api/v1/runs/r-1/stream"))
                .accept(MediaType.TEXT_EVENT_STREAM)
                .header("Last-Event-ID", "yesterday"))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
  }
}
