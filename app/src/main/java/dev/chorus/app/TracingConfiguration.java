package dev.chorus.app;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.opentracingshim.OpenTracingShim;
import io.prometheus.metrics.tracer.common.SpanContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One OpenTelemetry SDK per process, the one Spring Boot builds: HTTP server spans (through
 * Micrometer Tracing's OpenTelemetry bridge), Temporal's spans (its OpenTracing interceptors,
 * through the OpenTracing shim) and Chorus's own spans (dispatch, signal) all go to it and share
 * one context.
 */
@Configuration(proxyBeanMethods = false)
class TracingConfiguration {

  /**
   * Declared here rather than left to the Temporal starter, which would look for the SDK before
   * Boot has built it.
   */
  @Bean
  io.opentracing.Tracer temporalTracer(OpenTelemetry openTelemetry) {
    return OpenTracingShim.createTracerShim(openTelemetry);
  }

  @Bean
  Tracer chorusTracer(OpenTelemetry openTelemetry) {
    return openTelemetry.getTracer("dev.chorus");
  }

  /**
   * Replaces the exemplar source Spring Boot would take from the tracer; see {@link NoExemplars}.
   */
  @Bean
  SpanContext noExemplars() {
    return new NoExemplars();
  }
}
