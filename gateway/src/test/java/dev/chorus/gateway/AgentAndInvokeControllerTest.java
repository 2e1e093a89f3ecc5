package dev.chorus.gateway;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.chorus.protocol.ReplyEnvelope;
import dev.chorus.registry.AgentView;
import dev.chorus.registry.CapabilityLimits;
import dev.chorus.registry.CapabilityView;
import dev.chorus.registry.NoAgentException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

class AgentAndInvokeControllerTest extends GatewaySliceTest {

  @Test
  void agentsAndCapabilitiesAreListed() throws Exception {
    when(registry.agents())
        .thenReturn(
            List.of(
                new AgentView("a-1", "text.echo", "1.0.0", 4, Map.of("gpu", "true"), "ready", 1L)));
    when(registry.capabilities())
        .thenReturn(
            List.of(new CapabilityView("text.echo", CapabilityLimits.NONE, null, List.of())));
    mvc.perform(as(VIEWER_KEY, get("/api/v1/agents")))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$[0].agentId").value("a-1"))
        .andExpect(jsonPath("$[0].labels.gpu").value("true"));
    mvc.perform(as(VIEWER_KEY, get("/api/v1/capabilities")))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$[0].capability").value("text.echo"));
  }

  @Test
  void invokeAnswersTheAgentsReply() throws Exception {
    when(invoker.invoke(eq("text.echo"), eq("{\"q\":1}"), any()))
        .thenReturn(
            CompletableFuture.completedFuture(
                new ReplyEnvelope(
                    "t",
                    "d",
                    "w",
                    "tk",
                    "a-1",
                    true,
                    "{\"a\":2}",
                    null,
                    false,
                    null,
                    false,
                    null)));
    mvc.perform(
            as(OPERATOR_KEY, post("/api/v1/capabilities/text.echo/invoke"))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"input\":{\"q\":1}}"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.ok").value(true))
        .andExpect(jsonPath("$.output.a").value(2));
  }

  @Test
  void invokeRefusesBadInputNamingTheField() throws Exception {
    mvc.perform(
            as(OPERATOR_KEY, post("/api/v1/capabilities/text.echo/invoke"))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{}"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("input"));
    mvc.perform(
            as(OPERATOR_KEY, post("/api/v1/capabilities/text.echo/invoke"))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"input\":{},\"timeoutMillis\":0}"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("timeoutMillis"));
    mvc.perform(
            as(OPERATOR_KEY, post("/api/v1/capabilities/{c}/invoke", "Not Valid"))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"input\":{}}"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("capability"));
  }

  @Test
  void invokeWithoutAnAgentIs503AndWithoutAReply504() throws Exception {
    when(invoker.invoke(eq("text.none"), any(), any()))
        .thenThrow(new NoAgentException("no agent serves text.none"));
    mvc.perform(
            as(OPERATOR_KEY, post("/api/v1/capabilities/text.none/invoke"))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"input\":{}}"))
        .andExpect(status().isServiceUnavailable())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
    when(invoker.invoke(eq("text.mute"), any(), any()))
        .thenReturn(CompletableFuture.failedFuture(new TimeoutException()));
    mvc.perform(
            as(OPERATOR_KEY, post("/api/v1/capabilities/text.mute/invoke"))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"input\":{},\"timeoutMillis\":10}"))
        .andExpect(status().isGatewayTimeout())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
  }
}
