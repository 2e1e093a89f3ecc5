package dev.chorus.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chorus.agent.AgentRunner;
import dev.chorus.agent.AgentSettings;
import dev.chorus.bridge.BridgeSettings;
import dev.chorus.bridge.ReplyListener;
import dev.chorus.bridge.ReplySignaller;
import dev.chorus.dispatch.RedisDispatchActivities;
import dev.chorus.pipeline.PipelineWorkflowImpl;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import io.temporal.worker.tuning.PollerBehaviorAutoscaling;
import io.temporal.worker.tuning.PollerBehaviorSimpleMaximum;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One variant's worker, and for the bridge path the bridge and the no-op agent, wired from the
 * product's own classes exactly as the application wires them. Started fresh for every batch so each
 * variant runs with its own settings.
 */
final class BenchStack implements AutoCloseable {

  static final String BRIDGE_QUEUE = "chorus-bench-bridge";
  static final String PLAIN_QUEUE = "chorus-bench-plain";
  private static final String CONSUMER = "bench-bridge";

  private final WorkflowServiceStubs service;
  private final WorkflowClient client;
  private final WorkerFactory factory;
  private final Variant variant;
  private RedisClient redis;
  private StatefulRedisConnection<String, String> dispatchConnection;
  private StatefulRedisConnection<String, String> replyConnection;
  private ReplyListener listener;
  private Thread listenerThread;
  private AgentRunner agent;

  private BenchStack(Variant variant, String redisUri) {
    this.variant = variant;
    Tuning t = variant.tuning();
    service = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder().setTarget(t.temporalAddress()).build());
    client = WorkflowClient.newInstance(service, WorkflowClientOptions.newBuilder().setNamespace("default").build());
    factory = WorkerFactory.newInstance(
        client,
        WorkerFactoryOptions.newBuilder().setWorkflowCacheSize(t.number("cache-size")).setUsingVirtualWorkflowThreads(t.flag("virtual-threads")).build());
    Worker worker = factory.newWorker(taskQueue(), workerOptions(t));
    if (variant.path() == Variant.Path.PLAIN) {
      worker.registerWorkflowImplementationTypes(PlainPipelineWorkflowImpl.class);
      worker.registerActivitiesImplementations(new NoopActivities.InWorker());
      return;
    }
    redis = RedisClient.create(redisUri);
    dispatchConnection = redis.connect();
    replyConnection = redis.connect();
    worker.registerWorkflowImplementationTypes(PipelineWorkflowImpl.class);
    worker.registerActivitiesImplementations(new RedisDispatchActivities(dispatchConnection.sync(), new ObjectMapper()));
    listener = new ReplyListener(
        replyConnection.sync(),
        new ReplySignaller(client),
        new ObjectMapper(),
        new BridgeSettings(CONSUMER, t.number("read-batch"), Duration.ofMillis(200), t.number("signal-concurrency")));
    listenerThread = new Thread(listener, "bench-bridge");
  }

  static BenchStack start(Variant variant, String redisUri, boolean withAgent) {
    BenchStack stack = new BenchStack(variant, redisUri);
    stack.factory.start();
    if (stack.listener != null) {
      stack.listenerThread.start();
      if (withAgent) {
        AgentSettings settings = new AgentSettings(redisUri, "bench-noop", variant.tuning().number("agent-concurrency"), Duration.ofMillis(200));
        stack.agent = AgentRunner.start(new NoopAgent(), settings);
      }
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

  String taskQueue() {
    return variant.path() == Variant.Path.BRIDGE ? BRIDGE_QUEUE : PLAIN_QUEUE;
  }

  String workflowType() {
    return variant.path() == Variant.Path.BRIDGE ? "PipelineWorkflow" : "PlainPipelineWorkflow";
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
    if (redis != null) {
      dispatchConnection.close();
      replyConnection.close();
      redis.shutdown();
    }
    service.shutdown();
    service.awaitTermination(5, TimeUnit.SECONDS);
  }
}
