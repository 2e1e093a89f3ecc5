package dev.chorus.gateway;

import com.google.protobuf.ByteString;
import dev.chorus.pipeline.RunSearchAttributes;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.common.converter.DefaultDataConverter;
import java.time.Instant;
import java.util.List;

/**
 * Lists runs page by page from Temporal's visibility store (ListWorkflowExecutions and its page
 * token).
 */
class RunListing {

  private final WorkflowClient client;
  private final TemporalUiLinks links;

  RunListing(WorkflowClient client, TemporalUiLinks links) {
    this.client = client;
    this.links = links;
  }

  /** A page of runs matching the query, newest first, through Temporal's visibility store. */
  RunList list(RunQuery query, int pageSize, String pageToken) {
    String visibilityQuery = query.visibilityQuery();
    ListWorkflowExecutionsRequest.Builder request =
        ListWorkflowExecutionsRequest.newBuilder()
            .setNamespace(client.getOptions().getNamespace())
            .setQuery(visibilityQuery)
            .setPageSize(pageSize);
    if (pageToken != null && !pageToken.isEmpty()) {
      byte[] temporalToken =
          PageTokens.unwrap(visibilityQuery, pageToken)
              .orElseThrow(
                  () ->
                      new InvalidRequestException(
                          "pageToken",
                          "is not a token this API handed out for this query (filters must stay"
                              + " the same from page to page)"));
      request.setNextPageToken(ByteString.copyFrom(temporalToken));
    }
    ListWorkflowExecutionsResponse page;
    try {
      page =
          client.getWorkflowServiceStubs().blockingStub().listWorkflowExecutions(request.build());
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.INVALID_ARGUMENT && pageToken != null) {
        throw new InvalidRequestException("pageToken", "is not a token this API handed out");
      }
      throw TemporalErrors.translated(
          e, "no such namespace: " + client.getOptions().getNamespace(), "query");
    }
    List<RunList.Summary> runs = page.getExecutionsList().stream().map(this::summary).toList();
    String next =
        page.getNextPageToken().isEmpty()
            ? null
            : PageTokens.wrap(visibilityQuery, page.getNextPageToken().toByteArray());
    return new RunList(runs, next);
  }

  private RunList.Summary summary(WorkflowExecutionInfo info) {
    String runId = info.getExecution().getWorkflowId();
    String chorusStatus = attribute(info, RunSearchAttributes.STATUS.getName());
    return new RunList.Summary(
        runId,
        info.getExecution().getRunId(),
        attribute(info, RunSearchAttributes.PIPELINE.getName()),
        RunStatuses.of(info.getStatus(), chorusStatus),
        Instant.ofEpochSecond(info.getStartTime().getSeconds(), info.getStartTime().getNanos())
            .toString(),
        info.hasCloseTime()
            ? Instant.ofEpochSecond(
                    info.getCloseTime().getSeconds(), info.getCloseTime().getNanos())
                .toString()
            : null,
        links.run(runId));
  }

  private static String attribute(WorkflowExecutionInfo info, String name) {
    Payload payload = info.getSearchAttributes().getIndexedFieldsMap().get(name);
    return payload == null
        ? null
        : DefaultDataConverter.STANDARD_INSTANCE.fromPayload(payload, String.class, String.class);
  }
}
