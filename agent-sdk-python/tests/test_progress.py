"""Progress and partial output against a real Redis, as the agent's own ACL user: what reaches chorus:progress."""

from __future__ import annotations

import asyncio
import json
import time

import pytest
from pydantic import BaseModel

from chorus_agent import Agent, ProgressEnvelope, TaskContext
from conftest import eventually, next_reply, running, task_fields

CAPABILITY = "text.talk"
STREAM = "chorus:tasks:text.talk:v1"


class Words(BaseModel):
    words: list[str]


class Said(BaseModel):
    said: int


def talking_agent(redis_server, agent_id: str, blocking: bool) -> Agent:
    agent = Agent(agent_id=agent_id, redis_uri=redis_server.credentials(CAPABILITY, agent_id))

    if blocking:
        @agent.capability(CAPABILITY, "1.0.0")
        def talk(task: Words, context: TaskContext) -> Said:
            for i, word in enumerate(task.words, 1):
                time.sleep(0.01)  # the work a blocking handler does between two chunks
                context.emit(word)
                context.progress(i / len(task.words), f"{i} of {len(task.words)}")
            return Said(said=len(task.words))
    else:
        @agent.capability(CAPABILITY, "1.0.0")
        async def talk(task: Words, context: TaskContext) -> Said:
            for i, word in enumerate(task.words, 1):
                await asyncio.sleep(0.01)
                context.emit(word)
                context.progress(i / len(task.words), f"{i} of {len(task.words)}")
            return Said(said=len(task.words))

    return agent


async def progress_entries(admin) -> list[dict[str, str]]:
    return [fields for _, fields in await admin.xrange("chorus:progress")]


@pytest.mark.parametrize("blocking", [False, True], ids=["async", "blocking"])
async def test_chunks_and_progress_are_written_in_order_with_the_tasks_ids_and_token_before_the_reply(
        redis_server, admin, blocking):
    words = ["one", "two", "three", "four"]
    async with running(talking_agent(redis_server, f"talk-{int(blocking)}", blocking), admin):
        task = task_fields(CAPABILITY, json.dumps({"words": words}))
        await admin.xadd(STREAM, task)
        _, reply = await next_reply(admin)
    assert reply["status"] == "ok", reply
    # Every entry was written before the reply, so all of them are there now.
    entries = await progress_entries(admin)
    for entry in entries:
        ProgressEnvelope.from_fields(entry)  # each one conforms to the schema
        assert {k: entry[k] for k in ("taskId", "dispatchId", "workflowId", "step", "token")} == {
            k: task[k] for k in ("taskId", "dispatchId", "workflowId", "step", "token")}
    assert [e["chunk"] for e in entries if e["kind"] == "output"] == words
    assert [e["fraction"] for e in entries if e["kind"] == "progress"] == ["0.25", "0.5", "0.75", "1"]
    assert entries[0]["agentId"] == f"talk-{int(blocking)}"


async def test_a_bad_fraction_fails_the_task_naming_it(redis_server, admin):
    agent = Agent(agent_id="talk-bad", redis_uri=redis_server.credentials(CAPABILITY, "talk-bad"))

    @agent.capability(CAPABILITY, "1.0.0")
    async def talk(task: Words, context: TaskContext) -> Said:
        context.progress(1.5)
        return Said(said=0)

    async with running(agent, admin):
        await admin.xadd(STREAM, task_fields(CAPABILITY, json.dumps({"words": []})))
        _, reply = await next_reply(admin)
    assert reply["status"] == "error"
    assert "progress fraction must be between 0 and 1, was 1.5" in reply["error"]
    assert await progress_entries(admin) == []


async def test_without_the_progress_permission_the_work_goes_on(redis_server, admin):
    """Credentials provisioned before progress existed: Redis answers NOPERM, the reply still goes."""
    agent = talking_agent(redis_server, "talk-old", blocking=False)
    await admin.execute_command("ACL", "SETUSER", "agent_text.talk_talk-old", "%W~chorus:nothing", "resetkeys",
                                "%W~chorus:replies", "(~chorus:tasks:text.talk:v* +xreadgroup +xack +xclaim"
                                " +xautoclaim +xpending +xgroup|create)",
                                "(~chorus:agent:text.talk:talk-old +hset +hget +hgetall +del)",
                                "(~chorus:registry:version +incr +incrby)")
    async with running(agent, admin):
        await admin.xadd(STREAM, task_fields(CAPABILITY, json.dumps({"words": ["a", "b"]})))
        _, reply = await next_reply(admin)
    assert reply["status"] == "ok" and json.loads(reply["output"]) == {"said": 2}
    assert await eventually(lambda: _empty(admin), what="no progress written") is True


async def _empty(admin):
    return await progress_entries(admin) == []
