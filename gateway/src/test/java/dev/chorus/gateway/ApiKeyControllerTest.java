package dev.chorus.gateway;

import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

class ApiKeyControllerTest extends GatewaySliceTest {

  @Test
  void createAnswersTheKeyOnce() throws Exception {
    when(keys.create("ci", Role.OPERATOR)).thenReturn(Optional.of("chorus_secret"));
    mvc.perform(
            as(ADMIN_KEY, post("/api/v1/api-keys"))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"ci\",\"role\":\"operator\"}"))
        .andExpect(status().isCreated())
        .andExpect(jsonPath("$.key").value("chorus_secret"))
        .andExpect(jsonPath("$.role").value("operator"));
  }

  @Test
  void createRefusesATakenNameAnUnknownRoleAndAnUnsafeName() throws Exception {
    when(keys.create("ci", Role.ADMIN)).thenReturn(Optional.empty());
    mvc.perform(
            as(ADMIN_KEY, post("/api/v1/api-keys"))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"ci\",\"role\":\"admin\"}"))
        .andExpect(status().isConflict())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
    mvc.perform(
            as(ADMIN_KEY, post("/api/v1/api-keys"))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"ci\",\"role\":\"root\"}"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("role"));
    mvc.perform(
            as(ADMIN_KEY, post("/api/v1/api-keys"))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"c i\",\"role\":\"admin\"}"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("name"));
  }

  @Test
  void listShowsNamesAndRolesNeverKeys() throws Exception {
    when(keys.list()).thenReturn(List.of(new ApiKeys.ApiKey("ci", Role.OPERATOR, false)));
    mvc.perform(as(ADMIN_KEY, get("/api/v1/api-keys")))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$[0].name").value("ci"))
        .andExpect(jsonPath("$[0].key").doesNotExist());
  }

  @Test
  void revokeAnswers204Or404() throws Exception {
    when(keys.revoke("ci")).thenReturn(true);
    mvc.perform(as(ADMIN_KEY, delete("/api/v1/api-keys/ci"))).andExpect(status().isNoContent());
    mvc.perform(as(ADMIN_KEY, delete("/api/v1/api-keys/gone")))
        .andExpect(status().isNotFound())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
  }
}
