package dev.chorus.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.protocol.ReplyEnvelope;
import dev.chorus.protocol.TaskEnvelope;
import io.opentelemetry.api.OpenTelemetry;
import org.junit.jupiter.api.Test;

class TaskWorkTest {

  private static TaskEnvelope task(String input) {
    return TaskEnvelope.first(
        "wf/run/echo", "wf/run/echo#1", "wf", "echo", "test.echo", 1, Long.MAX_VALUE, input);
  }

  private static TaskWork workOf(Agent agent) {
    return new TaskWork(
        agent, "agent-1", new ObjectMapper(), OpenTelemetry.noop().getTracer("test"));
  }

  private static Agent agent(Handler handler) {
    return new Agent() {
      public String capability() {
        return "test.echo";
      }

      public String version() {
        return "1.0.0";
      }

      public ObjectNode handle(JsonNode input, TaskContext context) throws AgentException {
        return handler.handle(input, context);
      }
    };
  }

  interface Handler {
    ObjectNode handle(JsonNode input, TaskContext context) throws AgentException;
  }

  @Test
  void outputIsRepliedWithTheTasksIds() {
    ReplyEnvelope reply =
        workOf(agent((in, ctx) -> ((ObjectNode) in).put("taskId", ctx.taskId())))
            .perform(task("{\"a\":1}"), TaskContext.Progress.NONE);

    assertThat(reply.ok()).isTrue();
    assertThat(reply.output()).isEqualTo("{\"a\":1,\"taskId\":\"wf/run/echo\"}");
    assertThat(reply.dispatchId()).isEqualTo("wf/run/echo#1");
    assertThat(reply.agentId()).isEqualTo("agent-1");
  }

  @Test
  void agentErrorsKeepTheirRetryability() {
    assertThat(
            workOf(
                    agent(
                        (in, ctx) -> {
                          throw AgentException.retryable("busy");
                        }))
                .perform(task("{}"), TaskContext.Progress.NONE))
        .extracting(ReplyEnvelope::ok, ReplyEnvelope::error, ReplyEnvelope::retryable)
        .containsExactly(false, "busy", true);
    assertThat(
            workOf(
                    agent(
                        (in, ctx) -> {
                          throw AgentException.fatal("bad input");
                        }))
                .perform(task("{}"), TaskContext.Progress.NONE))
        .extracting(ReplyEnvelope::ok, ReplyEnvelope::error, ReplyEnvelope::retryable)
        .containsExactly(false, "bad input", false);
  }

  @Test
  void unexpectedExceptionsAreReportedAsRetryable() {
    ReplyEnvelope reply =
        workOf(
                agent(
                    (in, ctx) -> {
                      throw new IllegalStateException("oops");
                    }))
            .perform(task("{}"), TaskContext.Progress.NONE);

    assertThat(reply.retryable()).isTrue();
    assertThat(reply.error()).isEqualTo("IllegalStateException: oops");
  }

  @Test
  void inputThatIsNotAJsonObjectFailsWithoutCallingTheAgent() {
    Agent mustNotRun =
        agent(
            (in, ctx) -> {
              throw new AssertionError("called");
            });

    assertThat(workOf(mustNotRun).perform(task("not json"), TaskContext.Progress.NONE).error())
        .startsWith("task input is not JSON");
    assertThat(workOf(mustNotRun).perform(task("[1,2]"), TaskContext.Progress.NONE).error())
        .isEqualTo("task input must be a JSON object");
    assertThat(workOf(mustNotRun).perform(task("[1,2]"), TaskContext.Progress.NONE).retryable())
        .isFalse();
  }
}
