package dev.chorus.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chorus.bridge.BridgeSettings;
import dev.chorus.bridge.ReplyListener;
import dev.chorus.bridge.ReplySignaller;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.temporal.client.WorkflowClient;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The bridge role: agents' replies into workflows as signals. Off with {@code chorus.roles.bridge=false}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "chorus.roles.bridge", matchIfMissing = true)
class BridgeConfiguration {

  @Bean
  ReplyBridge replyBridge(RedisClient redis, WorkflowClient client, ObjectMapper wireJson, ChorusProperties properties) {
    ChorusProperties.Bridge bridge = properties.bridge();
    return new ReplyBridge(
        redis,
        new ReplySignaller(client),
        wireJson,
        new BridgeSettings(bridge.consumerName(), bridge.readBatch(), bridge.readBlock(), bridge.signalConcurrency()));
  }

  /** Runs the {@link ReplyListener} on its own thread with its own connection, as XREADGROUP blocks. */
  static final class ReplyBridge implements SmartLifecycle {

    private final StatefulRedisConnection<String, String> connection;
    private final ReplyListener listener;
    private final Thread thread;

    ReplyBridge(RedisClient redis, ReplySignaller signaller, ObjectMapper json, BridgeSettings settings) {
      connection = redis.connect();
      listener = new ReplyListener(connection.sync(), signaller, json, settings);
      thread = new Thread(listener, "chorus-bridge");
    }

    @Override
    public void start() {
      thread.start();
    }

    @Override
    public void stop() {
      listener.stop();
      try {
        thread.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      connection.close();
    }

    @Override
    public boolean isRunning() {
      return thread.isAlive();
    }
  }
}
