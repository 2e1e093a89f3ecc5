package dev.chorus.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.LazyInitializationBeanFactoryPostProcessor;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The Redis command timeout must leave the bridge's blocking reads room to block. */
class RedisConfigurationTest {

  @EnableConfigurationProperties(ChorusProperties.class)
  static class Binding {}

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner().withUserConfiguration(Binding.class, RedisConfiguration.class);

  @Test
  void aTimeoutNoLongerThanABlockingReadIsRefusedNamingBothSettings() {
    runner
        .withPropertyValues("chorus.redis.command-timeout=2s", "chorus.bridge.read-block=2s")
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("chorus.redis.command-timeout (PT2S)")
                    .hasMessageContaining("chorus.bridge.read-block (PT2S)"));
  }

  /** Commands time out by default; the client is made without connecting anywhere. */
  @Test
  void theDefaultsTimeCommandsOut() {
    runner
        .withInitializer(
            context ->
                context.addBeanFactoryPostProcessor(
                    new LazyInitializationBeanFactoryPostProcessor()))
        .run(
            context -> {
              RedisClient client = context.getBean(RedisClient.class);
              assertThat(client.getOptions().getTimeoutOptions().isTimeoutCommands()).isTrue();
              TimeoutOptions.TimeoutSource source =
                  client.getOptions().getTimeoutOptions().getSource();
              assertThat(Duration.of(source.getTimeout(null), source.getTimeUnit().toChronoUnit()))
                  .isEqualTo(Duration.ofSeconds(5));
            });
  }

  /** However long Redis was away, the next reconnection attempt is at most a second off. */
  @Test
  void reconnectionAttemptsAreAtMostASecondApart() {
    runner
        .withInitializer(
            context ->
                context.addBeanFactoryPostProcessor(
                    new LazyInitializationBeanFactoryPostProcessor()))
        .run(
            context -> {
              Delay delay = context.getBean(RedisClient.class).getResources().reconnectDelay();
              assertThat(delay.createDelay(1)).isLessThan(Duration.ofMillis(10));
              assertThat(delay.createDelay(40)).isEqualTo(Duration.ofSeconds(1));
            });
  }
}
