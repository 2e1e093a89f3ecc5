package dev.chorus.bench;

import io.temporal.client.WorkflowClient;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The ceiling's stand-in for agent and bridge: signals a step done from outside the workflow, on a
 * pool as large as the bridge's {@code signal-concurrency}, so the signal RPCs overlap as the
 * bridge's do. The local activity returns at once; the signal is sent after it, as a reply is.
 */
final class CeilingSignaller implements AutoCloseable {

  private final WorkflowClient client;
  private final ExecutorService signals;

  CeilingSignaller(WorkflowClient client, int concurrency) {
    this.client = client;
    this.signals = Executors.newFixedThreadPool(concurrency);
  }

  void signalLater(String workflowId, int index) {
    // A failed signal is not retried: the run then fails on its step timeout and counts as a
    // failure.
    signals.execute(
        () -> client.newWorkflowStub(CeilingWorkflow.class, workflowId).stepDone(index));
  }

  @Override
  public void close() throws InterruptedException {
    signals.shutdown();
    signals.awaitTermination(5, TimeUnit.SECONDS);
  }
}
