package dev.chorus.gateway;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.chorus.definition.RedisDefinitionStore;
import dev.chorus.definition.VersionConflictException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/** The definitions are checked by the real validator; only the store behind it is replaced. */
class PipelineControllerTest extends GatewaySliceTest {

  private static final String ECHO =
      """
      name: echo
      version: 2
      steps:
        - name: first
          kind: agent
          capability: test.echo
      """;

  @Test
  void registerStoresAYamlDefinition() throws Exception {
    when(store.register(any())).thenReturn(new RedisDefinitionStore.Registered("echo", 2, true));
    mvc.perform(
            as(ADMIN_KEY, post("/api/v1/pipelines")).contentType("application/yaml").content(ECHO))
        .andExpect(status().isCreated())
        .andExpect(jsonPath("$.name").value("echo"))
        .andExpect(jsonPath("$.version").value(2));
  }

  @Test
  void registerOfAVersionAlreadyStoredIs200AndOfAChangedOne409() throws Exception {
    when(store.register(any())).thenReturn(new RedisDefinitionStore.Registered("echo", 2, false));
    mvc.perform(
            as(ADMIN_KEY, post("/api/v1/pipelines"))
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    "{\"name\":\"echo\",\"version\":2,\"steps\":[{\"name\":\"first\",\"kind\":\"agent\",\"capability\":\"test.echo\"}]}"))
        .andExpect(status().isOk());
    when(store.register(any())).thenThrow(new VersionConflictException("echo", 2));
    mvc.perform(
            as(ADMIN_KEY, post("/api/v1/pipelines")).contentType("application/yaml").content(ECHO))
        .andExpect(status().isConflict())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
  }

  @Test
  void anInvalidDefinitionListsEveryProblemWithItsPath() throws Exception {
    mvc.perform(
            as(ADMIN_KEY, post("/api/v1/pipelines"))
                .contentType("application/yaml")
                .content("name: Bad Name\nversion: 0\nsteps:\n  - name: a\n    kind: teleport\n"))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(
            jsonPath("$.errors.length()").value(org.hamcrest.Matchers.greaterThanOrEqualTo(2)))
        .andExpect(jsonPath("$.errors[*].path").value(org.hamcrest.Matchers.hasItem("/name")));
    verify(store, never()).register(any());
  }

  @Test
  void validateChecksWithoutStoring() throws Exception {
    mvc.perform(
            as(VIEWER_KEY, post("/api/v1/pipelines/validate"))
                .contentType("application/yaml")
                .content(ECHO))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.valid").value(true))
        .andExpect(jsonPath("$.version").value(2));
    verify(store, never()).register(any());
  }

  @Test
  void updateRegistersANewVersionOfTheNamedPipelineOnly() throws Exception {
    when(store.register(any())).thenReturn(new RedisDefinitionStore.Registered("echo", 2, true));
    mvc.perform(
            as(ADMIN_KEY, put("/api/v1/pipelines/echo"))
                .contentType("application/yaml")
                .content(ECHO))
        .andExpect(status().isCreated());
    mvc.perform(
            as(ADMIN_KEY, put("/api/v1/pipelines/other"))
                .contentType("application/yaml")
                .content(ECHO))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("name"));
  }

  @Test
  void aDefinitionInAnUnacceptedMediaTypeIs415() throws Exception {
    mvc.perform(
            as(ADMIN_KEY, post("/api/v1/pipelines"))
                .contentType(MediaType.APPLICATION_XML)
                .content("<p/>"))
        .andExpect(status().isUnsupportedMediaType())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
  }

  @org.springframework.beans.factory.annotation.Autowired
  dev.chorus.definition.DefinitionValidator validator;

  @Test
  void listAndGetAnswerEveryVersionWithItsDescription() throws Exception {
    var v1 = validator.validate(ECHO.replace("version: 2", "version: 1"));
    var v2 = validator.validate(ECHO.replace("steps:", "description: Echoes its input.\nsteps:"));
    when(store.names()).thenReturn(List.of("echo"));
    when(store.described("echo")).thenReturn(List.of(v1, v2));
    mvc.perform(as(VIEWER_KEY, get("/api/v1/pipelines")))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$[0].name").value("echo"))
        .andExpect(jsonPath("$[0].latest").value(2))
        .andExpect(jsonPath("$[0].versions.length()").value(2))
        .andExpect(jsonPath("$[0].description").value("Echoes its input."));
    mvc.perform(as(VIEWER_KEY, get("/api/v1/pipelines/echo")))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$[0].description").doesNotExist())
        .andExpect(jsonPath("$[0].steps[0].name").value("first"))
        .andExpect(jsonPath("$[1].version").value(2))
        .andExpect(jsonPath("$[1].description").value("Echoes its input."));
  }

  @Test
  void registerHandsTheDescriptionToTheStore() throws Exception {
    when(store.register(any())).thenReturn(new RedisDefinitionStore.Registered("echo", 2, true));
    mvc.perform(
            as(ADMIN_KEY, post("/api/v1/pipelines"))
                .contentType("application/yaml")
                .content(ECHO.replace("steps:", "description: Echoes its input.\nsteps:")))
        .andExpect(status().isCreated());
    verify(store).register(argThat(d -> "Echoes its input.".equals(d.description())));
  }

  @Test
  void getOfAnUnknownOrUnsafeNameIs404Or400() throws Exception {
    when(store.described("missing")).thenReturn(List.of());
    mvc.perform(as(VIEWER_KEY, get("/api/v1/pipelines/missing")))
        .andExpect(status().isNotFound())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
    mvc.perform(as(VIEWER_KEY, get("/api/v1/pipelines/{name}", "a:b*")))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("pipeline"));
  }
}
