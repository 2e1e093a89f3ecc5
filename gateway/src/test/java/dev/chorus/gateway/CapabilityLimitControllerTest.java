package dev.chorus.gateway;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.chorus.registry.CapabilityLimits;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/** Who may change a capability's limits, and the problems a bad change is answered with. */
class CapabilityLimitControllerTest extends GatewaySliceTest {

  @Test
  void anOperatorSetsTheLimitsAndAViewerReadsThem() throws Exception {
    mvc.perform(
            as(OPERATOR_KEY, put("/api/v1/capabilities/text.echo/limits"))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"rate\": 10, \"burst\": 5}"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.rate").value(10.0))
        .andExpect(jsonPath("$.burst").value(5))
        .andExpect(jsonPath("$.maxInFlight").value(0));
    verify(limits).set("text.echo", CapabilityLimits.of(10, 5, 0));

    when(limits.get("text.echo")).thenReturn(CapabilityLimits.of(10, 5, 0));
    mvc.perform(as(VIEWER_KEY, get("/api/v1/capabilities/text.echo/limits")))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.rate").value(10.0));
  }

  @Test
  void aViewerMayNotChangeThem() throws Exception {
    mvc.perform(
            as(VIEWER_KEY, put("/api/v1/capabilities/text.echo/limits"))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"rate\": 10, \"burst\": 5}"))
        .andExpect(status().isForbidden());
    mvc.perform(as(VIEWER_KEY, delete("/api/v1/capabilities/text.echo/limits")))
        .andExpect(status().isForbidden());
    verify(limits, never()).set(any(), any());
  }

  @Test
  void everyFieldOutOfRangeIsNamed() throws Exception {
    mvc.perform(
            as(OPERATOR_KEY, put("/api/v1/capabilities/text.echo/limits"))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"rate\": -1, \"burst\": 1000000, \"maxInFlight\": -3}"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors.length()").value(3))
        .andExpect(jsonPath("$.errors[0].field").value("rate"))
        .andExpect(jsonPath("$.errors[1].field").value("burst"))
        .andExpect(jsonPath("$.errors[2].field").value("maxInFlight"));
    mvc.perform(
            as(OPERATOR_KEY, put("/api/v1/capabilities/text.echo/limits"))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"rate\": 5}"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("burst"));
    verify(limits, never()).set(any(), any());
  }

  @Test
  void removingTheLimitsSetsNone() throws Exception {
    mvc.perform(as(OPERATOR_KEY, delete("/api/v1/capabilities/text.echo/limits")))
        .andExpect(status().isNoContent());
    verify(limits).set("text.echo", CapabilityLimits.NONE);
  }
}
