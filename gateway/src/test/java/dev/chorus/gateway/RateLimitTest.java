package dev.chorus.gateway;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.http.MediaType;

/**
 * Two requests an hour per caller: the third is refused with 429 and how long to wait; another
 * caller is unaffected.
 */
@Import(RateLimitTest.TwoAnHour.class)
class RateLimitTest extends GatewaySliceTest {

  @TestConfiguration(proxyBeanMethods = false)
  static class TwoAnHour {
    @Bean
    @Primary
    GatewaySettings twoAnHour() {
      return settings(2, Duration.ofHours(1), 1_000_000);
    }
  }

  @Test
  void theThirdRequestOfOneKeyIs429WithRetryAfter() throws Exception {
    mvc.perform(as(VIEWER_KEY, get("/api/v1/agents"))).andExpect(status().isOk());
    mvc.perform(as(VIEWER_KEY, get("/api/v1/agents"))).andExpect(status().isOk());
    mvc.perform(as(VIEWER_KEY, get("/api/v1/agents")))
        .andExpect(status().isTooManyRequests())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(
            header().string("Retry-After", org.hamcrest.Matchers.matchesPattern("[1-9][0-9]*")));
    mvc.perform(as(OPERATOR_KEY, get("/api/v1/agents"))).andExpect(status().isOk());
  }
}
