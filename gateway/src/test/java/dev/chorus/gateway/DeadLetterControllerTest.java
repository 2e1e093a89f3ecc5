package dev.chorus.gateway;

import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.chorus.protocol.DeadLetter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

class DeadLetterControllerTest extends GatewaySliceTest {

  @Test
  void queuesAndEntriesAreListed() throws Exception {
    when(deadLetters.queues())
        .thenReturn(
            List.of(new DeadLetterQueues.Queue("text.echo", "chorus:dead:tasks:text.echo", 2)));
    when(deadLetters.list("text.echo", 5))
        .thenReturn(
            List.of(
                new DeadLetter(
                    "1-0",
                    "chorus:tasks:text.echo:v1",
                    "9-0",
                    "poison",
                    "bridge",
                    5,
                    Map.of("step", "a"))));
    mvc.perform(as(VIEWER_KEY, get("/api/v1/dead-letters")))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$[0].count").value(2));
    mvc.perform(as(VIEWER_KEY, get("/api/v1/dead-letters/text.echo")).param("limit", "5"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$[0].reason").value("poison"));
  }

  @Test
  void aLimitOutOfRangeIs400() throws Exception {
    mvc.perform(as(VIEWER_KEY, get("/api/v1/dead-letters/text.echo")).param("limit", "0"))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.errors[0].field").value("limit"));
  }

  @Test
  void redriveAnswersTheNewEntryOr404() throws Exception {
    when(deadLetters.redrive("text.echo", "1-0")).thenReturn(Optional.of("2-0"));
    when(deadLetters.redrive("text.echo", "3-0")).thenReturn(Optional.empty());
    mvc.perform(as(OPERATOR_KEY, post("/api/v1/dead-letters/text.echo/1-0/redrive")))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.entryId").value("2-0"));
    mvc.perform(as(OPERATOR_KEY, post("/api/v1/dead-letters/text.echo/3-0/redrive")))
        .andExpect(status().isNotFound())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
    when(deadLetters.redriveAll("text.echo")).thenReturn(3);
    mvc.perform(as(OPERATOR_KEY, post("/api/v1/dead-letters/text.echo/redrive")))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.redriven").value(3));
  }

  @Test
  void discardAnswers204Or404() throws Exception {
    when(deadLetters.discard("text.echo", "1-0")).thenReturn(true);
    mvc.perform(as(ADMIN_KEY, delete("/api/v1/dead-letters/text.echo/1-0")))
        .andExpect(status().isNoContent());
    mvc.perform(as(ADMIN_KEY, delete("/api/v1/dead-letters/text.echo/5-0")))
        .andExpect(status().isNotFound());
    when(deadLetters.discardAll("text.echo")).thenReturn(4L);
    mvc.perform(as(ADMIN_KEY, delete("/api/v1/dead-letters/text.echo")))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.discarded").value(4));
  }
}
