package dev.chorus.app;

import dev.chorus.push.DeliverySettings;
import dev.chorus.push.PushDeliverer;
import dev.chorus.push.PushEndpoint;
import io.lettuce.core.RedisClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The push role: the tasks of the capabilities in {@code chorus.push.capabilities} posted to their
 * HTTP agents, one deliverer each. Off unless {@code chorus.roles.push=true}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "chorus.roles.push")
class PushConfiguration {

  @Bean
  PushDelivery pushDelivery(RedisClient redis, ChorusProperties properties, MeterRegistry meters) {
    ChorusProperties.Push push = properties.push();
    if (push.touchInterval().compareTo(properties.bus().reclaimIdle()) >= 0) {
      throw new IllegalStateException(
          "chorus.push.touch-interval ("
              + push.touchInterval()
              + ") must be shorter than chorus.bus.reclaim-idle ("
              + properties.bus().reclaimIdle()
              + "), or tasks are handed on while they are delivered");
    }
    List<PushEndpoint> endpoints =
        push.capabilities().stream()
            .map(
                c ->
                    new PushEndpoint(
                        c.name(),
                        c.version(),
                        c.url(),
                        c.maxInFlight(),
                        push.consumerName() + "-" + c.name()))
            .toList();
    DeliverySettings settings =
        new DeliverySettings(
            push.readBlock(),
            push.requestTimeout(),
            push.minBackoff(),
            push.maxBackoff(),
            push.maxAttempts(),
            push.heartbeat(),
            push.lease(),
            push.touchInterval(),
            push.drainTimeout());
    return new PushDelivery(redis, endpoints, settings, meters);
  }

  /** Starts a deliverer per capability with the application and drains them when it stops. */
  static final class PushDelivery implements SmartLifecycle {

    private final RedisClient redis;
    private final List<PushEndpoint> endpoints;
    private final DeliverySettings settings;
    private final MeterRegistry meters;
    private final List<PushDeliverer> running = new ArrayList<>();

    PushDelivery(
        RedisClient redis,
        List<PushEndpoint> endpoints,
        DeliverySettings settings,
        MeterRegistry meters) {
      this.redis = redis;
      this.endpoints = endpoints;
      this.settings = settings;
      this.meters = meters;
    }

    @Override
    public synchronized void start() {
      for (PushEndpoint endpoint : endpoints) {
        running.add(PushDeliverer.start(redis, endpoint, settings, meters));
      }
    }

    @Override
    public synchronized void stop() {
      // Concurrently would be faster, but each waits at most its drain timeout for a few requests.
      running.forEach(PushDeliverer::close);
      running.clear();
    }

    @Override
    public synchronized boolean isRunning() {
      return !running.isEmpty();
    }
  }
}
