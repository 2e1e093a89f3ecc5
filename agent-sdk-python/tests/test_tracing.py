"""The span of a task's work continues the dispatch's trace, and the reply carries it on."""

from __future__ import annotations

import json

from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from chorus_agent import TaskEnvelope
from conftest import task_fields
from sample_agent import CAPABILITY, make_agent

TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"
PARENT = "00f067aa0ba902b7"

spans = InMemorySpanExporter()
provider = TracerProvider()
provider.add_span_processor(SimpleSpanProcessor(spans))
trace.set_tracer_provider(provider)


async def answer(**extra):
    agent = make_agent(agent_id="traced-1", redis_uri="redis://127.0.0.1:1")
    task = TaskEnvelope.from_fields(task_fields(CAPABILITY, json.dumps({"text": "a b"}), **extra))
    return await agent.handle(agent.capabilities[CAPABILITY], task)


async def test_the_work_is_a_child_of_the_tasks_traceparent():
    spans.clear()
    reply = await answer(traceparent=f"00-{TRACE}-{PARENT}-01")
    (span,) = spans.get_finished_spans()
    assert span.name == f"perform {CAPABILITY}" and span.kind == trace.SpanKind.CONSUMER
    assert format(span.context.trace_id, "032x") == TRACE
    assert format(span.parent.span_id, "016x") == PARENT and span.parent.is_remote
    assert span.attributes["chorus.run_id"] == "wf-1" and span.attributes["chorus.agent_id"] == "traced-1"
    assert reply.traceparent == f"00-{TRACE}-{format(span.context.span_id, '016x')}-01"


async def test_a_task_without_traceparent_starts_a_trace():
    spans.clear()
    reply = await answer()
    (span,) = spans.get_finished_spans()
    assert span.parent is None
    # The flags may say more than "sampled" (newer SDKs mark their random trace ids too).
    assert reply.traceparent.startswith(f"00-{format(span.context.trace_id, '032x')}-{format(span.context.span_id, '016x')}-")


async def test_a_failed_task_is_a_span_with_an_error_status():
    spans.clear()
    agent = make_agent(agent_id="traced-2", redis_uri="redis://127.0.0.1:1")
    task = TaskEnvelope.from_fields(task_fields(CAPABILITY, json.dumps({"text": "boom"})))
    reply = await agent.handle(agent.capabilities[CAPABILITY], task)
    (span,) = spans.get_finished_spans()
    assert reply.status == "error" and span.status.status_code == trace.StatusCode.ERROR
