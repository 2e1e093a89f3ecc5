package dev.chorus.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chorus.bridge.BridgeSettings;
import dev.chorus.bridge.ProgressRelay;
import dev.chorus.bridge.ProgressSettings;
import dev.chorus.bridge.ReclaimSettings;
import dev.chorus.bridge.ReplyListener;
import dev.chorus.bridge.ReplySignaller;
import dev.chorus.bridge.StreamTrimmer;
import dev.chorus.bridge.TaskReclaimer;
import dev.chorus.protocol.DeadLetters;
import dev.chorus.protocol.LiveStream;
import dev.chorus.protocol.ReplyChecks;
import dev.chorus.registry.RegistryOverview;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Tracer;
import io.temporal.client.WorkflowClient;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The bridge role: agents' replies into workflows as signals, their progress into runs' live
 * streams, and the care of the streams (handing on abandoned tasks, trimming what every group has
 * acknowledged). Off with {@code chorus.roles.bridge=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "chorus.roles.bridge", matchIfMissing = true)
class BridgeConfiguration {

  @Bean
  BlockingReader replyBridge(
      RedisClient redis,
      WorkflowClient client,
      ObjectMapper wireJson,
      ChorusProperties properties,
      Tracer tracer,
      MeterRegistry meters,
      ReplyChecks checks) {
    ChorusProperties.Bridge bridge = properties.bridge();
    StatefulRedisConnection<String, String> connection = redis.connect();
    ReplyListener listener =
        new ReplyListener(
            connection.sync(),
            new ReplySignaller(client),
            wireJson,
            checks,
            new BridgeSettings(
                bridge.consumerName(),
                bridge.readBatch(),
                bridge.readBlock(),
                bridge.signalConcurrency()),
            tracer,
            meters);
    return new BlockingReader(connection, listener, listener::stop, "chorus-bridge");
  }

  @Bean
  BlockingReader progressBridge(
      RedisClient redis,
      ChorusProperties properties,
      MeterRegistry meters,
      ReplyChecks checks,
      LiveStream live) {
    ChorusProperties.Bridge bridge = properties.bridge();
    ChorusProperties.Live settings = properties.live();
    StatefulRedisConnection<String, String> connection = redis.connect();
    ProgressRelay relay =
        new ProgressRelay(
            connection.sync(),
            checks,
            live,
            new ProgressSettings(
                bridge.consumerName(),
                bridge.readBatch(),
                bridge.readBlock(),
                settings.maxEntryBytes().toBytes(),
                settings.rate(),
                settings.burst()),
            meters);
    return new BlockingReader(connection, relay, relay::stop, "chorus-progress");
  }

  @Bean
  StreamCare streamCare(
      StatefulRedisConnection<String, String> redis,
      ChorusProperties properties,
      MeterRegistry meters,
      RegistryOverview registry) {
    ChorusProperties.Bus bus = properties.bus();
    ReclaimSettings reclaim =
        new ReclaimSettings(
            properties.bridge().consumerName() + "-reclaimer",
            bus.reclaimIdle(),
            bus.maxDeliveries());
    return new StreamCare(
        new TaskReclaimer(redis.sync(), reclaim, meters),
        new StreamTrimmer(redis.sync(), bus.eventsRetention()),
        new BusGauges(registry, new DeadLetters(redis.sync()), meters),
        bus);
  }

  /**
   * Runs one of the bridge's readers on its own thread with its own connection, as XREADGROUP
   * blocks.
   */
  static final class BlockingReader implements SmartLifecycle {

    private final StatefulRedisConnection<String, String> connection;
    private final Runnable stop;
    private final Thread thread;

    BlockingReader(
        StatefulRedisConnection<String, String> connection,
        Runnable reader,
        Runnable stop,
        String threadName) {
      this.connection = connection;
      this.stop = stop;
      this.thread = new Thread(reader, threadName);
    }

    @Override
    public void start() {
      thread.start();
    }

    @Override
    public void stop() {
      stop.run();
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

  /** Runs the reclaimer, the trimmer and the gauges on their schedules. */
  static final class StreamCare implements SmartLifecycle {

    private final TaskReclaimer reclaimer;
    private final StreamTrimmer trimmer;
    private final BusGauges gauges;
    private final ChorusProperties.Bus bus;
    private ScheduledExecutorService schedule;

    StreamCare(
        TaskReclaimer reclaimer,
        StreamTrimmer trimmer,
        BusGauges gauges,
        ChorusProperties.Bus bus) {
      this.reclaimer = reclaimer;
      this.trimmer = trimmer;
      this.gauges = gauges;
      this.bus = bus;
    }

    @Override
    public void start() {
      schedule =
          Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "chorus-stream-care"));
      long reclaim = bus.reclaimInterval().toMillis();
      long trim = bus.trimInterval().toMillis();
      schedule.scheduleWithFixedDelay(reclaimer, reclaim, reclaim, TimeUnit.MILLISECONDS);
      schedule.scheduleWithFixedDelay(trimmer, trim, trim, TimeUnit.MILLISECONDS);
      schedule.scheduleWithFixedDelay(
          gauges, 0, bus.gaugeInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
      schedule.shutdownNow();
    }

    @Override
    public boolean isRunning() {
      return schedule != null && !schedule.isShutdown();
    }
  }
}
