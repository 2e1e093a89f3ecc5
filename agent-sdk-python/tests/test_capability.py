"""Declaring typed capabilities, and what the SDK makes of their results."""

from __future__ import annotations

import json
import threading
from datetime import timedelta

import pytest
from pydantic import BaseModel, create_model

from chorus_agent import Agent, ReplyEnvelope, RetryableError, TaskContext, TaskEnvelope, TaskError
from conftest import task_fields


class In(BaseModel):
    text: str


class Out(BaseModel):
    length: int


def agent() -> Agent:
    return Agent(agent_id="cap-1", redis_uri="redis://127.0.0.1:1")


async def handle(agent: Agent, name: str, input_json: str):
    task = TaskEnvelope.from_fields(task_fields(name, input_json))
    return await agent.handle(agent.capabilities[name], task)


async def test_a_plain_def_runs_off_the_event_loop_and_gets_its_context():
    a = agent()
    seen = {}

    @a.capability("text.length", "2.0.1")
    def length(task: In, context: TaskContext) -> Out:
        seen["thread"], seen["context"] = threading.current_thread(), context
        return Out(length=len(task.text))

    reply = await handle(a, "text.length", json.dumps({"text": "four"}))
    assert json.loads(reply.output) == {"length": 4}
    assert seen["thread"] is not threading.main_thread()
    assert (seen["context"].workflow_id, seen["context"].attempt, seen["context"].delivery) == ("wf-1", 1, 1)
    assert a.capabilities["text.length"].stream == "chorus:tasks:text.length:v2"


async def test_an_output_that_does_not_validate_is_a_non_retryable_error():
    a = agent()

    @a.capability("text.length", "1.0.0")
    async def length(task: In) -> Out:
        return {"length": "many"}

    reply = await handle(a, "text.length", json.dumps({"text": "x"}))
    assert reply.retryable == "false" and reply.error.startswith("invalid output: output.length: ")


async def test_a_task_error_is_not_retryable():
    a = agent()

    @a.capability("text.length", "1.0.0")
    async def length(task: In) -> Out:
        raise TaskError("cannot measure this")

    reply = await handle(a, "text.length", json.dumps({"text": "x"}))
    assert (reply.error, reply.retryable) == ("cannot measure this", "false")


async def test_a_throttled_upstream_asks_for_a_later_retry():
    a = agent()

    @a.capability("text.length", "1.0.0")
    async def length(task: In) -> Out:
        raise RetryableError("upstream answered 429", retry_after=timedelta(seconds=5))

    reply = await handle(a, "text.length", json.dumps({"text": "x"}))
    assert (reply.retryable, reply.retry_after) == ("true", "5000ms")
    assert reply.to_fields()["retryAfter"] == "5000ms"
    assert ReplyEnvelope.from_fields(reply.to_fields()) == reply
    assert "pauseCapability" not in reply.to_fields()


async def test_an_upstream_that_throttles_every_agent_pauses_the_capability():
    a = agent()

    @a.capability("text.length", "1.0.0")
    async def length(task: In) -> Out:
        raise RetryableError("quota exhausted", retry_after=timedelta(seconds=30), pause_capability=True)

    reply = await handle(a, "text.length", json.dumps({"text": "x"}))
    fields = reply.to_fields()
    assert (fields["retryAfter"], fields["pauseCapability"]) == ("30000ms", "true")
    assert ReplyEnvelope.from_fields(fields) == reply


def test_declarations_are_checked_when_made():
    a = agent()
    with pytest.raises(TypeError, match="must annotate its first parameter with a Pydantic model"):
        a.capability("text.length", "1.0.0")(lambda task: Out(length=1))
    with pytest.raises(ValueError, match="is not a semantic version"):
        a.capability("text.length", "1.0")
    with pytest.raises(ValueError, match="dot-separated lower-case words"):
        a.capability("Text.Length", "1.0.0")


def test_a_schema_over_64_kib_is_refused():
    huge = create_model("Huge", **{f"field_{n:05d}_" + "x" * 40: (str, ...) for n in range(2000)})

    async def work(task, /):
        return Out(length=0)

    work.__annotations__ = {"task": huge, "return": Out}  # a model made at run time, named directly

    with pytest.raises(ValueError, match="the input schema is .* bytes, over the limit of 65536"):
        agent().capability("text.huge", "1.0.0")(work)
