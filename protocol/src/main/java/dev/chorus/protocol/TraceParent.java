package dev.chorus.protocol;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@code traceparent} field of task and reply envelopes: a W3C trace context, so a run's trace
 * goes on across the Redis hop to the agent and back. Only {@code traceparent} travels; {@code
 * tracestate} and baggage stay behind.
 */
public final class TraceParent {

  private static final String FIELD = "traceparent";
  private static final TextMapSetter<Map<String, String>> SET = Map::put;
  private static final TextMapGetter<Map<String, String>> GET =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
          return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
          return carrier == null ? null : carrier.get(key);
        }
      };

  private TraceParent() {}

  /**
   * The {@code traceparent} of the span in {@code context}, or null when it holds no valid span.
   */
  public static String of(Context context) {
    Map<String, String> carrier = new HashMap<>();
    W3CTraceContextPropagator.getInstance().inject(context, carrier, SET);
    return carrier.get(FIELD);
  }

  /**
   * The remote parent named by {@code traceparent}; the root context when it is null or unreadable.
   */
  public static Context parent(String traceparent) {
    Map<String, String> carrier = traceparent == null ? Map.of() : Map.of(FIELD, traceparent);
    return W3CTraceContextPropagator.getInstance().extract(Context.root(), carrier, GET);
  }
}
