package dev.chorus.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chorus.dispatch.RedisDispatchActivities;
import dev.chorus.events.RedisRunEventActivities;
import dev.chorus.pipeline.TaskQueues;
import dev.chorus.pipeline.expression.Expressions;
import dev.chorus.pipeline.workflow.PipelineWorkflowImpl;
import dev.chorus.protocol.DispatchTokens;
import dev.chorus.protocol.LiveStream;
import dev.chorus.registry.RegistryCache;
import dev.chorus.registry.Router;
import io.lettuce.core.api.StatefulRedisConnection;
import io.opentelemetry.api.trace.Tracer;
import io.temporal.client.WorkflowClient;
import io.temporal.common.interceptors.WorkerInterceptor;
import io.temporal.opentracing.OpenTracingOptions;
import io.temporal.opentracing.OpenTracingWorkerInterceptor;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The worker role: pipeline workflows and their dispatch activities. Off with {@code
 * chorus.roles.worker=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "chorus.roles.worker", matchIfMissing = true)
class WorkerConfiguration {

  @Bean
  PipelineWorker pipelineWorker(
      WorkflowClient client,
      StatefulRedisConnection<String, String> redis,
      ObjectMapper wireJson,
      RegistryCache registry,
      ChorusProperties properties,
      io.opentracing.Tracer temporalTracer,
      Tracer tracer,
      DispatchTokens tokens,
      LiveStream live) {
    return new PipelineWorker(
        client,
        new OpenTracingWorkerInterceptor(
            OpenTracingOptions.newBuilder().setTracer(temporalTracer).build()),
        new RedisDispatchActivities(
            redis.sync(),
            live,
            wireJson,
            new Router(registry),
            Clock.systemUTC(),
            properties.bus().maxBacklog(),
            tracer,
            tokens),
        new RedisRunEventActivities(redis.sync(), live));
  }

  /**
   * The run endings no run's code tells: every worker instance sweeps, each ending is told once.
   */
  @Bean
  PeriodicTask closedRunEvents(
      WorkflowClient client,
      StatefulRedisConnection<String, String> redis,
      ChorusProperties properties,
      LiveStream live) {
    Duration period = properties.bus().endingSweepInterval();
    return new PeriodicTask(
        "chorus-ending-sweep",
        new ClosedRunEvents(client, redis.sync(), live, Clock.systemUTC(), period),
        period);
  }

  /**
   * Owns its own worker factory so that the worker's life follows this role, not the Temporal
   * starter's.
   */
  static final class PipelineWorker implements SmartLifecycle {

    private final WorkerFactory factory;
    private volatile boolean running;

    PipelineWorker(WorkflowClient client, WorkerInterceptor tracing, Object... activities) {
      Expressions.warmUp();
      // The tracing interceptor only adds spans around workflow and activity code; it issues no
      // commands.
      factory =
          WorkerFactory.newInstance(
              client, WorkerFactoryOptions.newBuilder().setWorkerInterceptors(tracing).build());
      Worker worker = factory.newWorker(TaskQueues.PIPELINES);
      worker.registerWorkflowImplementationTypes(PipelineWorkflowImpl.class);
      worker.registerActivitiesImplementations(activities);
    }

    @Override
    public void start() {
      factory.start();
      running = true;
    }

    @Override
    public void stop() {
      factory.shutdown();
      factory.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
      running = false;
    }

    @Override
    public boolean isRunning() {
      return running;
    }
  }
}
