package dev.chorus.agent;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.util.Map;

/**
 * One OpenTelemetry SDK per agent process, configured the standard way from {@code OTEL_*}
 * environment variables. Unlike the SDK's own defaults, nothing is exported unless asked ({@code
 * OTEL_TRACES_EXPORTER=otlp}), so an agent run without a collector logs no export errors; the
 * service name defaults to {@code chorus-agent-<capability>} of the first agent the process starts.
 */
final class AgentTelemetry {

  private static OpenTelemetry sdk;

  private AgentTelemetry() {}

  static synchronized Tracer tracer(Agent agent) {
    if (sdk == null) {
      // Environment variables and system properties outrank these defaults.
      sdk =
          AutoConfiguredOpenTelemetrySdk.builder()
              .addPropertiesSupplier(
                  () ->
                      Map.of(
                          "otel.service.name", "chorus-agent-" + agent.capability(),
                          "otel.traces.exporter", "none",
                          "otel.metrics.exporter", "none",
                          "otel.logs.exporter", "none",
                          "otel.exporter.otlp.protocol", "http/protobuf"))
              .build()
              .getOpenTelemetrySdk();
    }
    return sdk.getTracer("dev.chorus.agent");
  }
}
