package dev.chorus.e2e;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

/**
 * A tiny OTLP/HTTP trace receiver on a loopback port: the in-process Chorus application and every
 * agent process export their spans here, so a test can read back one run's trace as the processes
 * sent it.
 */
final class SpanCollector implements AutoCloseable {

  /** One received span, its ids as lower-case hex as in a {@code traceparent}. */
  record ReceivedSpan(
      String service,
      String name,
      String traceId,
      String spanId,
      String parentSpanId,
      Map<String, String> attributes) {}

  private final HttpServer server;
  // Floods of runs send tens of thousands of spans: appending must not copy them all.
  private final Queue<ReceivedSpan> spans = new ConcurrentLinkedQueue<>();

  SpanCollector() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/v1/traces",
        exchange -> {
          try (InputStream in = exchange.getRequestBody()) {
            receive(ExportTraceServiceRequest.parseFrom(in));
          }
          byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
          exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
          exchange.sendResponseHeaders(200, answer.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
          }
        });
    // Several exporters at once (the application in floods, the agents): one thread would make them
    // wait, and an exporter that waits past its timeout drops its spans.
    server.setExecutor(
        java.util.concurrent.Executors.newFixedThreadPool(
            4,
            runnable -> {
              Thread thread = new Thread(runnable, "span-collector");
              thread.setDaemon(true);
              return thread;
            }));
    server.start();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  /** Where OTLP/HTTP exporters send traces. */
  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces";
  }

  /** Every span of one trace received so far. */
  List<ReceivedSpan> trace(String traceId) {
    return spans.stream().filter(s -> s.traceId().equals(traceId)).toList();
  }

  List<ReceivedSpan> spans() {
    return List.copyOf(spans);
  }

  private void receive(ExportTraceServiceRequest request) {
    HexFormat hex = HexFormat.of();
    for (ResourceSpans resource : request.getResourceSpansList()) {
      String service =
          text(resource.getResource().getAttributesList()).getOrDefault("service.name", "");
      for (ScopeSpans scope : resource.getScopeSpansList()) {
        for (var span : scope.getSpansList()) {
          spans.add(
              new ReceivedSpan(
                  service,
                  span.getName(),
                  hex.formatHex(span.getTraceId().toByteArray()),
                  hex.formatHex(span.getSpanId().toByteArray()),
                  hex.formatHex(span.getParentSpanId().toByteArray()),
                  text(span.getAttributesList())));
        }
      }
    }
  }

  private static Map<String, String> text(List<KeyValue> attributes) {
    return attributes.stream()
        .collect(
            Collectors.toMap(
                KeyValue::getKey,
                a ->
                    a.getValue().hasStringValue()
                        ? a.getValue().getStringValue()
                        : a.getValue().toString().strip(),
                (a, b) -> b));
  }
}
