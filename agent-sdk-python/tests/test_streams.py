"""The agent against a real Redis, as its own ACL user: answering, registering, recovering, reconnecting."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import redis.asyncio as aioredis

from conftest import eventually, next_reply, running, task_fields
from sample_agent import CAPABILITY, Count, Text, make_agent

STREAM = "chorus:tasks:text.count:v1"


def agent_for(redis_server, agent_id: str, **settings):
    return make_agent(agent_id=agent_id, redis_uri=redis_server.credentials(CAPABILITY, agent_id), **settings)


async def pending(admin: aioredis.Redis) -> int:
    return (await admin.xpending(STREAM, "agents"))["pending"]


async def test_a_task_is_answered_with_its_ids_and_token_then_acknowledged(redis_server, admin):
    agent = agent_for(redis_server, "count-1")
    async with running(agent, admin):
        task = task_fields(CAPABILITY, json.dumps({"text": "three little words"}),
                           traceparent="00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
        await admin.xadd(STREAM, task)
        _, reply = await next_reply(admin)
        await eventually(lambda: _none_pending(admin), what="the task acknowledged")
    assert {k: reply[k] for k in ("v", "taskId", "dispatchId", "workflowId", "token", "agentId", "status")} == {
        "v": "2", "taskId": task["taskId"], "dispatchId": task["dispatchId"], "workflowId": task["workflowId"],
        "token": task["token"], "agentId": "count-1", "status": "ok"}
    assert json.loads(reply["output"]) == {"words": 3}
    # Without an OpenTelemetry SDK the span carries its parent's context on unchanged.
    assert reply["traceparent"].split("-")[1] == "4bf92f3577b34da6a3ce929d0e0e4736"
    assert "error" not in reply and "retryable" not in reply


async def _none_pending(admin):
    return await pending(admin) == 0


async def test_input_that_does_not_validate_is_a_non_retryable_error_naming_each_path(redis_server, admin):
    async with running(agent_for(redis_server, "count-2"), admin):
        await admin.xadd(STREAM, task_fields(CAPABILITY, json.dumps({"gate": 3})))
        _, reply = await next_reply(admin)
    assert reply["status"] == "error" and reply["retryable"] == "false"
    assert "input.text: Field required" in reply["error"]
    assert "input.gate: Input should be a valid string" in reply["error"]


async def test_failures_say_whether_to_retry(redis_server, admin):
    async with running(agent_for(redis_server, "count-3"), admin):
        await admin.xadd(STREAM, task_fields(CAPABILITY, json.dumps({"text": "retry"}), n=1))
        await admin.xadd(STREAM, task_fields(CAPABILITY, json.dumps({"text": "boom"}), n=2))
        replies = {}
        after = "0"
        for _ in range(2):
            after, reply = await next_reply(admin, after=after)
            replies[reply["workflowId"]] = reply
    assert (replies["wf-1"]["error"], replies["wf-1"]["retryable"]) == ("the dictionary is away", "true")
    assert (replies["wf-2"]["error"], replies["wf-2"]["retryable"]) == ("ValueError: boom", "true")


async def test_a_malformed_task_is_dead_lettered_its_run_told_and_acknowledged(redis_server, admin):
    async with running(agent_for(redis_server, "count-4"), admin):
        task = task_fields(CAPABILITY, "[1, 2]", replyTo="chorus:replies:invoke:gw-1")
        entry = await admin.xadd(STREAM, task)
        _, notice = await next_reply(admin, stream="chorus:replies:invoke:gw-1")
        letters = await eventually(lambda: admin.xrange("chorus:dead-letters:tasks:text.count"), what="dead letter")
        await eventually(lambda: _none_pending(admin), what="the task acknowledged")
    letter = letters[0][1]
    assert letter["reason"] == "malformed task: /input: must hold a JSON object"
    assert (letter["stream"], letter["entryId"], letter["rejectedBy"], letter["deliveries"]) == (
        STREAM, entry, "count-4", "1")
    assert letter["field.input"] == "[1, 2]" and letter["field.token"] == task["token"]
    assert notice["dispatchId"] == task["dispatchId"] + "!dead-letter"
    assert (notice["status"], notice["retryable"], notice["token"]) == ("error", "false", task["token"])
    assert notice["error"] == "dead-lettered: malformed task: /input: must hold a JSON object"


async def test_tasks_read_before_a_restart_are_answered_after_it(redis_server, admin):
    await admin.xgroup_create(STREAM, "agents", id="0", mkstream=True)
    await admin.xadd(STREAM, task_fields(CAPABILITY, json.dumps({"text": "left behind"})))
    # Read by this consumer, as by an agent that crashed before answering.
    taken = await admin.xreadgroup("agents", "count-5", {STREAM: ">"}, count=1)
    assert len(taken[0][1]) == 1
    async with running(agent_for(redis_server, "count-5"), admin):
        _, reply = await next_reply(admin)
        await eventually(lambda: _none_pending(admin), what="the old task acknowledged")
    assert json.loads(reply["output"]) == {"words": 2} and reply["agentId"] == "count-5"


async def test_the_registration_holds_the_description_and_both_schemas(redis_server, admin):
    agent = agent_for(redis_server, "count-6", concurrency=3, labels={"lang": "python", "region": "eu"})
    async with running(agent, admin):
        entry = await admin.hgetall(f"chorus:agent:{CAPABILITY}:count-6")
    assert {k: entry[k] for k in ("v", "capability", "version", "concurrency", "labels", "state")} == {
        "v": "2", "capability": CAPABILITY, "version": "1.2.0", "concurrency": "3",
        "labels": "lang=python,region=eu", "state": "ready"}
    assert json.loads(entry["inputSchema"]) == Text.model_json_schema()
    assert json.loads(entry["outputSchema"]) == Count.model_json_schema()
    assert int(entry["lease"]) > 0
    assert not await admin.exists(f"chorus:agent:{CAPABILITY}:count-6"), "withdrawn on stop"


async def test_a_heartbeat_that_finds_the_registration_gone_registers_again(redis_server, admin):
    key = f"chorus:agent:{CAPABILITY}:count-7"
    async with running(agent_for(redis_server, "count-7", heartbeat=0.1, lease=1.0), admin):
        versions = int(await admin.get("chorus:registry:version"))
        await admin.delete(key)  # as the lease reaper does to an agent that paused longer than its lease
        await eventually(lambda: admin.hget(key, "capability"), what="registered again")
        assert int(await admin.get("chorus:registry:version")) > versions
        assert (await admin.hgetall(key))["state"] == "ready"


async def test_the_agent_carries_on_after_redis_restarts(redis_server, admin):
    async with running(agent_for(redis_server, "count-8", socket_timeout=2.0), admin):
        redis_server.restart()
        await admin.connection_pool.disconnect()
        await admin.xadd(STREAM, task_fields(CAPABILITY, json.dumps({"text": "after the restart"})))
        _, reply = await next_reply(admin, timeout=30)
    assert reply["status"] == "ok" and json.loads(reply["output"]) == {"words": 3}


async def test_the_agent_carries_on_after_redis_stalls_past_the_socket_timeout(redis_server, admin, caplog):
    caplog.set_level(logging.WARNING, logger="chorus_agent")
    async with running(agent_for(redis_server, "count-9", socket_timeout=1.5, read_block=0.5), admin):
        sleeper = aioredis.Redis.from_url(redis_server.admin_uri)
        stall = asyncio.create_task(sleeper.execute_command("DEBUG", "SLEEP", "4"))
        await eventually(lambda: _logged(caplog, "TimeoutError"), what="the agent's commands time out")
        await stall
        await sleeper.aclose()
        await admin.xadd(STREAM, task_fields(CAPABILITY, json.dumps({"text": "after the stall"})))
        _, reply = await next_reply(admin, timeout=30)
    assert reply["status"] == "ok" and json.loads(reply["output"]) == {"words": 3}


async def _logged(caplog, text: str) -> bool:
    return any(text in getattr(r, "chorus", {}).get("error", "") for r in caplog.records)


async def test_sigterm_drains_finishes_the_task_in_hand_and_withdraws(redis_server, admin, tmp_path):
    gate = tmp_path / "gate"
    key = f"chorus:agent:{CAPABILITY}:count-10"
    env = dict(os.environ, CHORUS_REDIS_URI=redis_server.credentials(CAPABILITY, "count-10"),
               CHORUS_AGENT_ID="count-10", PYTHONPATH=os.pathsep.join(sys.path))
    process = subprocess.Popen([sys.executable, str(Path(__file__).with_name("sample_agent.py"))], env=env,
                               stdout=(tmp_path / "agent.log").open("w"), stderr=subprocess.STDOUT)
    try:
        await eventually(lambda: admin.hget(key, "state"), what="registered")
        await admin.xadd(STREAM, task_fields(CAPABILITY, json.dumps({"text": "slow work", "gate": str(gate)})))
        await eventually(lambda: pending(admin), what="the task in the agent's hands")
        process.send_signal(signal.SIGTERM)
        await eventually(lambda: _state_is(admin, key, "draining"), what="marked draining")
        assert process.poll() is None, "the agent waits for its task"
        gate.touch()
        _, reply = await next_reply(admin)
        assert json.loads(reply["output"]) == {"words": 2}
        assert await asyncio.to_thread(process.wait, 30) == 0
    finally:
        if process.poll() is None:
            process.kill()
    assert await pending(admin) == 0
    assert not await admin.exists(key)
    assert "agent draining" in (tmp_path / "agent.log").read_text()


async def test_a_task_still_running_at_the_drain_timeout_is_left_pending_for_another_agent(
        redis_server, admin, tmp_path):
    agent = agent_for(redis_server, "count-drain", drain_timeout=0.5)
    async with running(agent, admin):
        await admin.xadd(STREAM, task_fields(CAPABILITY, json.dumps({"text": "never done", "gate": str(tmp_path / "x")})))
        await eventually(lambda: _pending_is(admin, 1), what="the task in the agent's hands")
    # The agent has withdrawn without answering: the task stays pending under its id, for the
    # reclaimer to hand on once it has gone untouched.
    assert await pending(admin) == 1
    assert await admin.xlen("chorus:replies") == 0
    assert not await admin.exists(f"chorus:agent:{CAPABILITY}:count-drain")


async def _state_is(admin, key, state):
    return await admin.hget(key, "state") == state


async def test_only_as_many_tasks_are_read_as_there_are_free_slots(redis_server, admin, tmp_path):
    gate = tmp_path / "gate"
    async with running(agent_for(redis_server, "count-11", concurrency=2), admin):
        for n in range(3):
            await admin.xadd(STREAM, task_fields(CAPABILITY, json.dumps({"text": "held", "gate": str(gate)}), n=n))
        await eventually(lambda: _pending_is(admin, 2), what="two tasks in hand")
        groups = await admin.xinfo_groups(STREAM)
        assert groups[0]["lag"] == 1, "the third waits on the stream for a free slot"
        gate.touch()
        after = "0"
        for _ in range(3):
            after, _reply = await next_reply(admin, after=after)


async def _pending_is(admin, n):
    return await pending(admin) == n


async def test_a_task_in_hand_is_touched_so_its_idle_time_starts_again(redis_server, admin, tmp_path):
    gate = tmp_path / "gate"
    async with running(agent_for(redis_server, "count-12", touch_interval=0.2), admin):
        await admin.xadd(STREAM, task_fields(CAPABILITY, json.dumps({"text": "slow", "gate": str(gate)})))
        await eventually(lambda: _pending_is(admin, 1), what="the task in hand")
        seen = []

        async def idle_went_down():
            (entry,) = await admin.xpending_range(STREAM, "agents", min="-", max="+", count=1)
            seen.append(entry["time_since_delivered"])
            return len(seen) > 1 and seen[-1] < seen[-2]

        await eventually(idle_went_down, what="the idle time reset by a touch")
        (entry,) = await admin.xpending_range(STREAM, "agents", min="-", max="+", count=1)
        assert entry["times_delivered"] == 1, "touching is not a redelivery"
        gate.touch()
        await next_reply(admin)


async def test_a_stream_deleted_under_the_agent_is_joined_again(redis_server, admin):
    async with running(agent_for(redis_server, "count-13"), admin):
        await admin.delete(STREAM)  # as a Redis that lost its data: the next read answers NOGROUP
        await eventually(lambda: _group_exists(admin), what="the group created again")
        await admin.xadd(STREAM, task_fields(CAPABILITY, json.dumps({"text": "found again"})))
        _, reply = await next_reply(admin)
    assert json.loads(reply["output"]) == {"words": 2}


async def _group_exists(admin):
    try:
        return any(g["name"] == "agents" for g in await admin.xinfo_groups(STREAM))
    except aioredis.ResponseError:
        return False
