"""The span of one task's work, continuing the trace of the task's ``traceparent``.

Only opentelemetry-api is needed: without an SDK configured the span records nothing but still carries
the parent's context, so the reply hands the dispatch's trace context on unchanged.
"""

from __future__ import annotations

from contextlib import contextmanager
from collections.abc import Iterator

from opentelemetry import context as otel_context
from opentelemetry import trace
from opentelemetry.trace import SpanKind, Status, StatusCode
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

_PROPAGATOR = TraceContextTextMapPropagator()


@contextmanager
def task_span(capability: str, traceparent: str | None, attributes: dict) -> Iterator[trace.Span]:
    """A consumer span child of ``traceparent``, or the root of a new trace without one."""
    parent = _PROPAGATOR.extract({"traceparent": traceparent} if traceparent else {},
                                 context=otel_context.Context())
    with trace.get_tracer("chorus_agent").start_as_current_span(
            f"perform {capability}", context=parent, kind=SpanKind.CONSUMER, attributes=attributes) as span:
        yield span


def failed(span: trace.Span, error: str) -> None:
    span.set_status(Status(StatusCode.ERROR, error))


def current_traceparent() -> str | None:
    """The ``traceparent`` of the current span, or None when there is no valid one."""
    carrier: dict[str, str] = {}
    _PROPAGATOR.inject(carrier)
    return carrier.get("traceparent")
