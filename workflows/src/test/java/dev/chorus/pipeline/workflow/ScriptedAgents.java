package dev.chorus.pipeline.workflow;

import dev.chorus.pipeline.AgentReply;
import dev.chorus.pipeline.AgentTask;
import dev.chorus.pipeline.DispatchActivities;
import dev.chorus.pipeline.Dispatched;
import dev.chorus.pipeline.PipelineWorkflow;
import dev.chorus.pipeline.RunEvent;
import dev.chorus.pipeline.RunEventActivities;
import io.temporal.client.WorkflowClient;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Stands in for the Redis hop in workflow unit tests: each dispatch is answered (or not) by a
 * script keyed by step and attempt, and the answer is signalled straight into the workflow as the
 * bridge would. Everything on the Temporal side is the real test server.
 */
final class ScriptedAgents implements DispatchActivities, RunEventActivities {

  /** What the agent does with one dispatch. */
  interface Behaviour extends Function<AgentTask, List<AgentReply>> {}

  static Behaviour answer(Map<String, Object> output) {
    return task -> List.of(reply(task, true, output, null, false));
  }

  static Behaviour echo() {
    return task ->
        List.of(
            reply(
                task,
                true,
                Map.of("step", task.step(), "seen", task.input() == null ? Map.of() : task.input()),
                null,
                false));
  }

  static Behaviour silence() {
    return task -> List.of();
  }

  static Behaviour twice(Behaviour behaviour) {
    return task -> {
      List<AgentReply> replies = new ArrayList<>(behaviour.apply(task));
      replies.addAll(behaviour.apply(task));
      return replies;
    };
  }

  static Behaviour error(String message, boolean retryable) {
    return task -> List.of(reply(task, false, null, message, retryable));
  }

  private final WorkflowClient client;
  private final Map<String, Behaviour> script = new ConcurrentHashMap<>();
  private final Behaviour otherwise;
  final List<RunEvent> events = java.util.Collections.synchronizedList(new ArrayList<>());
  final List<AgentTask> dispatched = java.util.Collections.synchronizedList(new ArrayList<>());
  final Map<String, Long> paused = new ConcurrentHashMap<>();

  /** The highest version a fresh routing decision finds; null when no agent is registered. */
  volatile String registered = "1.0.0";

  ScriptedAgents(WorkflowClient client, Behaviour otherwise) {
    this.client = client;
    this.otherwise = otherwise;
  }

  ScriptedAgents on(String step, int attempt, Behaviour behaviour) {
    script.put(step + "#" + attempt, behaviour);
    return this;
  }

  /**
   * Every attempt of {@code step} (its task key: {@code name}, {@code name~fallback}, {@code
   * name~compensate}).
   */
  ScriptedAgents always(String step, Behaviour behaviour) {
    script.put(step + "#*", behaviour);
    return this;
  }

  /** Task keys in dispatch order, once per dispatch. */
  List<String> steps() {
    synchronized (dispatched) {
      return dispatched.stream().map(AgentTask::step).toList();
    }
  }

  @Override
  public Dispatched dispatch(AgentTask task) {
    String version = task.pinnedVersion() != null ? task.pinnedVersion() : registered;
    if (version == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "no healthy agent for "
              + task.capability()
              + " "
              + task.versionRange()
              + "; registered: none",
          DispatchActivities.NO_AGENT);
    }
    dispatched.add(task);
    Behaviour behaviour =
        script.getOrDefault(
            task.step() + "#" + task.attempt(), script.getOrDefault(task.step() + "#*", otherwise));
    for (AgentReply reply : behaviour.apply(task)) {
      client.newUntypedWorkflowStub(task.workflowId()).signal(PipelineWorkflow.REPLY_SIGNAL, reply);
    }
    return new Dispatched(
        "0-" + dispatched.size(),
        version,
        "chorus:tasks:" + task.capability() + ":v" + version.charAt(0));
  }

  @Override
  public void pauseCapability(String capability, long untilMillis) {
    paused.merge(capability, untilMillis, Math::max);
  }

  private static AgentReply reply(
      AgentTask task, boolean ok, Map<String, Object> output, String error, boolean retryable) {
    return new AgentReply(
        task.taskId(),
        task.dispatchId(),
        "agent-" + task.capability(),
        ok,
        output,
        error,
        retryable,
        null);
  }

  @Override
  public void publish(RunEvent event) {
    events.add(event);
  }
}
