package dev.chorus.gateway;

import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.chorus.registry.credentials.AgentCredentials;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

class AgentCredentialControllerTest extends GatewaySliceTest {

  @Test
  void createAnswersTheUriOnceAndOnlyToAnAdmin() throws Exception {
    when(agentCredentials.create("text.keywords", "kw-1"))
        .thenReturn(
            new AgentCredentials.Credential(
                "agent_text.keywords_kw-1",
                "text.keywords",
                "kw-1",
                "redis://agent_text.keywords_kw-1:secret@127.0.0.1:6379"));
    String body = "{\"capability\":\"text.keywords\",\"agentId\":\"kw-1\"}";
    mvc.perform(
            as(ADMIN_KEY, post("/api/v1/agent-credentials"))
                .contentType(MediaType.APPLICATION_JSON)
                .content(body))
        .andExpect(status().isCreated())
        .andExpect(jsonPath("$.user").value("agent_text.keywords_kw-1"))
        .andExpect(
            jsonPath("$.uri").value("redis://agent_text.keywords_kw-1:secret@127.0.0.1:6379"));
    mvc.perform(
            as(OPERATOR_KEY, post("/api/v1/agent-credentials"))
                .contentType(MediaType.APPLICATION_JSON)
                .content(body))
        .andExpect(status().isForbidden());
  }

  @Test
  void createNamesTheFieldThatIsWrong() throws Exception {
    mvc.perform(
            as(ADMIN_KEY, post("/api/v1/agent-credentials"))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"capability\":\"Text\",\"agentId\":\"kw-1\"}"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("capability"));
    mvc.perform(
            as(ADMIN_KEY, post("/api/v1/agent-credentials"))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"capability\":\"text.keywords\",\"agentId\":\"kw*\"}"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("agentId"));
  }

  @Test
  void listShowsUsersNeverPasswordsAndRevokeOfAnUnknownUserIs404() throws Exception {
    when(agentCredentials.list())
        .thenReturn(
            List.of(
                new AgentCredentials.User("agent_text.keywords_kw-1", "text.keywords", "kw-1")));
    mvc.perform(as(ADMIN_KEY, get("/api/v1/agent-credentials")))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$[0].agentId").value("kw-1"))
        .andExpect(jsonPath("$[0].uri").doesNotExist());
    when(agentCredentials.revoke("agent_text.keywords_kw-1")).thenReturn(true);
    mvc.perform(as(ADMIN_KEY, delete("/api/v1/agent-credentials/agent_text.keywords_kw-1")))
        .andExpect(status().isNoContent());
    mvc.perform(as(ADMIN_KEY, delete("/api/v1/agent-credentials/agent_x_y")))
        .andExpect(status().isNotFound());
  }
}
