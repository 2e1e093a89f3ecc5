package dev.chorus.app;

import dev.chorus.gateway.DeadLetterQueues;
import dev.chorus.protocol.DeadLetters;
import dev.chorus.protocol.DispatchSecrets;
import dev.chorus.protocol.DispatchTokens;
import dev.chorus.protocol.LiveStream;
import dev.chorus.protocol.ReplyChecks;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The dead-letter queues that operators inspect and re-drive through the gateway, and the dispatch
 * tokens that bind replies to dispatches, shared by every role.
 */
@Configuration(proxyBeanMethods = false)
class BusConfiguration {

  @Bean
  DispatchTokens dispatchTokens(
      StatefulRedisConnection<String, String> redis, ChorusProperties properties) {
    ChorusProperties.Bus bus = properties.bus();
    return DispatchSecrets.ring(
        bus.tokenKeys(), bus.tokenKeyId(), bus.tokenGrace(), redis.sync(), Clock.systemUTC());
  }

  @Bean
  ReplyChecks replyChecks(DispatchTokens tokens, ChorusProperties properties) {
    return new ReplyChecks(tokens, properties.bus().maxReplyBytes().toBytes());
  }

  /** Runs' live streams, written by the worker (events) and the bridge (agents' progress). */
  @Bean
  LiveStream liveStream(
      StatefulRedisConnection<String, String> redis, ChorusProperties properties) {
    ChorusProperties.Live live = properties.live();
    return new LiveStream(redis.sync(), live.maxLength(), live.retention());
  }

  @Bean
  DeadLetterQueues deadLetterQueues(
      StatefulRedisConnection<String, String> redis,
      ChorusProperties properties,
      DispatchTokens tokens) {
    return new DeadLetterQueues(
        new DeadLetters(redis.sync(), tokens), properties.bus().redriveDeadline());
  }
}
