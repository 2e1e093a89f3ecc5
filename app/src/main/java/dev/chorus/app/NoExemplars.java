package dev.chorus.app;

import io.prometheus.metrics.tracer.common.SpanContext;

/**
 * Keeps trace exemplars out of {@code /actuator/prometheus}. Micrometer attaches them to histogram
 * {@code _count} series, which Prometheus before 2.43 (Debian 12 ships 2.42) refuses, dropping the
 * whole scrape; without a current span nothing is attached. Traces and metrics still meet through
 * the trace ids in logs and the run id on every span.
 */
final class NoExemplars implements SpanContext {

  @Override
  public String getCurrentTraceId() {
    return null;
  }

  @Override
  public String getCurrentSpanId() {
    return null;
  }

  @Override
  public boolean isCurrentSpanSampled() {
    return false;
  }

  @Override
  public void markCurrentSpanAsExemplar() {
    // nothing is ever an exemplar
  }
}
