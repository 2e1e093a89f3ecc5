package dev.chorus.gateway;

import dev.chorus.pipeline.PipelineRun;
import dev.chorus.pipeline.PipelineWorkflow;
import dev.chorus.pipeline.RunState;
import dev.chorus.pipeline.workflow.PipelineWorkflowImpl;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.History;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkflowImplementationOptions;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The state of a run Temporal ended without its code, rebuilt by replaying its history here. The
 * state query cannot answer for a terminated run: the SDK's replay takes the history's last event,
 * {@code WorkflowExecutionTerminated}, for one it does not expect ("Unexpected event" in {@code
 * WorkflowStateMachines.handleNonStatefulEvent}) and fails the query. Replayed without that event,
 * the run's own code rebuilds the very state the query would have shown: nothing is executed, every
 * step's outcome comes from the history.
 */
final class ClosedRunReplay {

  /** Never polled: the worker only replays. */
  private static final String NO_QUEUE = "chorus-gateway-replay";

  private final WorkflowClient client;

  ClosedRunReplay(WorkflowClient client) {
    this.client = client;
  }

  RunState state(String runId, String temporalRunId) throws Exception {
    WorkflowExecutionHistory history = client.fetchHistory(runId, temporalRunId);
    List<HistoryEvent> events = history.getEvents();
    HistoryEvent last = events.get(events.size() - 1);
    if (endedOutsideCode(last.getEventType())) {
      events = events.subList(0, events.size() - 1);
    }
    AtomicReference<PipelineWorkflowImpl> instance = new AtomicReference<>();
    WorkerFactory factory = WorkerFactory.newInstance(client);
    try {
      Worker worker = factory.newWorker(NO_QUEUE);
      worker.registerWorkflowImplementationFactory(
          PipelineWorkflow.class,
          input -> {
            PipelineWorkflowImpl workflow =
                new PipelineWorkflowImpl(input.get(0, PipelineRun.class));
            instance.set(workflow);
            return workflow;
          },
          WorkflowImplementationOptions.getDefaultInstance());
      worker.replayWorkflowExecution(
          new WorkflowExecutionHistory(History.newBuilder().addAllEvents(events).build(), runId));
    } finally {
      factory.shutdownNow();
    }
    return instance.get() == null ? null : instance.get().state();
  }

  private static boolean endedOutsideCode(EventType type) {
    return type == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED
        || type == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT;
  }
}
