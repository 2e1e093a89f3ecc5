package dev.chorus.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chorus.agent.Agent;
import dev.chorus.agent.AgentRunner;
import dev.chorus.agent.AgentSettings;
import dev.chorus.bridge.BridgeSettings;
import dev.chorus.bridge.ReplyListener;
import dev.chorus.bridge.ReplySignaller;
import dev.chorus.dispatch.RedisDispatchActivities;
import dev.chorus.events.RedisRunEventActivities;
import dev.chorus.pipeline.expression.Expressions;
import dev.chorus.pipeline.workflow.PipelineWorkflowImpl;
import dev.chorus.protocol.DispatchSecrets;
import dev.chorus.protocol.DispatchTokens;
import dev.chorus.protocol.LiveStream;
import dev.chorus.protocol.ReplyChecks;
import dev.chorus.registry.RedisRegistry;
import dev.chorus.registry.RegistryCache;
import dev.chorus.registry.Router;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import io.temporal.worker.tuning.PollerBehaviorAutoscaling;
import io.temporal.worker.tuning.PollerBehaviorSimpleMaximum;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One variant's worker, and for the bridge path the bridge and the no-op agent, wired from the
 * product's own classes exactly as the application wires them; for the ceiling path its signaller.
 * Started fresh for every batch so each variant runs with its own settings.
 */
final class BenchStack implements AutoCloseable {

  static final String BRIDGE_QUEUE = "chorus-bench-bridge";
  static final String PLAIN_QUEUE = "chorus-bench-plain";
  static final String CEILING_QUEUE = "chorus-bench-ceiling";
  private static final String CONSUMER = "bench-bridge";

  /**
   * High enough that the backlog limit never refuses a dispatch here (the park preset queues
   * thousands of tasks): the benchmark measures the path, and the limit's Lua script runs on every
   * XADD all the same.
   */
  private static final long MAX_BACKLOG = 1_000_000;

  private static final long MAX_REPLY_BYTES = 256 * 1024;

  /** Spans are not exported here: the benchmark measures the wire, not an exporter. */
  private static final Tracer NO_TRACING = OpenTelemetry.noop().getTracer("chorus-bench");

  private final WorkflowServiceStubs service;
  private final WorkflowClient client;
  private final WorkerFactory factory;
  private final Variant variant;
  private RedisClient redis;
  private StatefulRedisConnection<String, String> dispatchConnection;
  private StatefulRedisConnection<String, String> replyConnection;
  private RegistryCache registry;
  private ReplyListener listener;
  private Thread listenerThread;
  private AgentRunner agent;
  private CeilingSignaller signaller;

  private BenchStack(Variant variant, String redisUri) {
    this.variant = variant;
    Tuning t = variant.tuning();
    service =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(t.temporalAddress()).build());
    client =
        WorkflowClient.newInstance(
            service, WorkflowClientOptions.newBuilder().setNamespace("default").build());
    factory =
        WorkerFactory.newInstance(
            client,
            WorkerFactoryOptions.newBuilder()
                .setWorkflowCacheSize(t.number("cache-size"))
                .setMaxWorkflowThreadCount(t.number("workflow-threads"))
                .setUsingVirtualWorkflowThreads(t.flag("virtual-threads"))
                .build());
    Worker worker = factory.newWorker(taskQueue(), workerOptions(t));
    if (variant.path() == Variant.Path.PLAIN) {
      worker.registerWorkflowImplementationTypes(PlainPipelineWorkflowImpl.class);
      worker.registerActivitiesImplementations(new NoopActivities.InWorker());
      return;
    }
    if (variant.path() == Variant.Path.CEILING) {
      signaller = new CeilingSignaller(client, t.number("signal-concurrency"));
      worker.registerWorkflowImplementationTypes(CeilingWorkflowImpl.class);
      worker.registerActivitiesImplementations(new CeilingActivities.InWorker(signaller));
      return;
    }
    redis = RedisClient.create(redisUri);
    dispatchConnection = redis.connect();
    replyConnection = redis.connect();
    registry =
        new RegistryCache(
            new RedisRegistry(dispatchConnection.sync()), redis, Duration.ofSeconds(5));
    Expressions.warmUp();
    // The bridge path pays for signing and checking tokens, as in production.
    DispatchTokens tokens =
        DispatchSecrets.ring(
            Map.of(), "", Duration.ofHours(1), dispatchConnection.sync(), Clock.systemUTC());
    // Live streams as in production, so the bridge path pays for telling each run's story.
    LiveStream live = new LiveStream(dispatchConnection.sync(), 10_000, Duration.ofDays(1));
    worker.registerWorkflowImplementationTypes(PipelineWorkflowImpl.class);
    worker.registerActivitiesImplementations(
        new RedisDispatchActivities(
            dispatchConnection.sync(),
            live,
            new ObjectMapper(),
            new Router(registry),
            Clock.systemUTC(),
            MAX_BACKLOG,
            NO_TRACING,
            tokens),
        new RedisRunEventActivities(dispatchConnection.sync(), live));
    listener =
        new ReplyListener(
            replyConnection.sync(),
            new ReplySignaller(client),
            new ObjectMapper(),
            new ReplyChecks(tokens, MAX_REPLY_BYTES),
            new BridgeSettings(
                CONSUMER,
                t.number("read-batch"),
                Duration.ofMillis(200),
                t.number("signal-concurrency")),
            NO_TRACING,
            new SimpleMeterRegistry());
    listenerThread = new Thread(listener, "bench-bridge");
  }

  /**
   * Starts the variant's worker; for the bridge path also the bridge and {@code agent}, through
   * {@link AgentRunner} so it registers and renews its lease like any agent. With no {@code agent}
   * the experiment brings its own agents.
   */
  static BenchStack start(Variant variant, String redisUri, Agent agent) {
    BenchStack stack = new BenchStack(variant, redisUri);
    stack.factory.start();
    if (stack.listener != null) {
      stack.listenerThread.start();
    }
    if (stack.listener != null && agent != null) {
      AgentSettings settings =
          new AgentSettings(
              redisUri,
              "bench-" + agent.capability(),
              variant.tuning().number("agent-concurrency"),
              Duration.ofMillis(200),
              Map.of(),
              Duration.ofSeconds(5),
              Duration.ofSeconds(15),
              Duration.ofSeconds(5),
              AgentSettings.DEFAULT_DRAIN_TIMEOUT);
      stack.agent = AgentRunner.start(agent, settings);
    }
    return stack;
  }

  private static WorkerOptions workerOptions(Tuning t) {
    WorkerOptions.Builder options =
        WorkerOptions.newBuilder()
            .setMaxConcurrentWorkflowTaskExecutionSize(t.number("slots"))
            .setMaxConcurrentActivityExecutionSize(t.number("slots"))
            .setUsingVirtualThreads(t.flag("virtual-threads"));
    if (t.flag("autoscale")) {
      options
          .setWorkflowTaskPollersBehavior(new PollerBehaviorAutoscaling(1, t.number("pollers"), 1))
          .setActivityTaskPollersBehavior(new PollerBehaviorAutoscaling(1, t.number("pollers"), 1));
    } else {
      options
          .setWorkflowTaskPollersBehavior(new PollerBehaviorSimpleMaximum(t.number("pollers")))
          .setActivityTaskPollersBehavior(new PollerBehaviorSimpleMaximum(t.number("pollers")));
    }
    return options.build();
  }

  WorkflowClient client() {
    return client;
  }

  /** A new run of this variant's workflow on its task queue, eager start as its tuning says. */
  WorkflowStub newRun(String workflowId) {
    return client.newUntypedWorkflowStub(
        workflowType(),
        WorkflowOptions.newBuilder()
            .setTaskQueue(taskQueue())
            .setWorkflowId(workflowId)
            .setDisableEagerExecution(!variant.tuning().flag("eager"))
            .build());
  }

  String taskQueue() {
    return switch (variant.path()) {
      case BRIDGE -> BRIDGE_QUEUE;
      case PLAIN -> PLAIN_QUEUE;
      case CEILING -> CEILING_QUEUE;
    };
  }

  String workflowType() {
    return switch (variant.path()) {
      case BRIDGE -> "PipelineWorkflow";
      case PLAIN -> "PlainPipelineWorkflow";
      case CEILING -> "BenchCeilingWorkflow";
    };
  }

  @Override
  public void close() throws InterruptedException {
    if (agent != null) {
      agent.close();
    }
    if (listener != null) {
      listener.stop();
      listenerThread.join(5_000);
    }
    factory.shutdown();
    factory.awaitTermination(10, TimeUnit.SECONDS);
    if (signaller != null) {
      signaller.close();
    }
    if (redis != null) {
      registry.close();
      dispatchConnection.close();
      replyConnection.close();
      redis.shutdown();
    }
    service.shutdown();
    service.awaitTermination(5, TimeUnit.SECONDS);
  }
}
