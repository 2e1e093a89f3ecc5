"""Push mode: the same agent over HTTP, without Redis."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import httpx
from fastapi.testclient import TestClient

from chorus_agent.push import create_app
from conftest import eventually, free_port, task_fields
from sample_agent import CAPABILITY, make_agent


def agent(**settings):
    return make_agent(agent_id="push-1", redis_uri="redis://127.0.0.1:1", **settings)


def test_a_task_is_answered_with_the_reply_envelope():
    task = task_fields(CAPABILITY, json.dumps({"text": "pushed to me"}))
    with TestClient(create_app(agent())) as client:
        answer = client.post("/tasks", json=task)
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/json"
    reply = answer.json()
    assert all(isinstance(v, str) for v in reply.values())
    assert {k: reply[k] for k in ("v", "taskId", "dispatchId", "workflowId", "token", "agentId", "status")} == {
        "v": "2", "taskId": task["taskId"], "dispatchId": task["dispatchId"], "workflowId": task["workflowId"],
        "token": task["token"], "agentId": "push-1", "status": "ok"}
    assert json.loads(reply["output"]) == {"words": 3}


def test_invalid_input_is_an_error_reply_not_an_http_error():
    with TestClient(create_app(agent())) as client:
        answer = client.post("/tasks", json=task_fields(CAPABILITY, "{}"))
    assert answer.status_code == 200
    assert answer.json()["retryable"] == "false" and "input.text: Field required" in answer.json()["error"]


def test_a_malformed_envelope_is_a_problem_naming_the_field():
    task = task_fields(CAPABILITY, json.dumps({"text": "x"}))
    del task["token"]
    task["attempt"] = 2  # a number, not a string
    with TestClient(create_app(agent())) as client:
        answer = client.post("/tasks", json=task)
        not_an_object = client.post("/tasks", json=["v", "2"])
    assert answer.status_code == 422 and answer.headers["content-type"] == "application/problem+json"
    assert "required property 'token' not found" in answer.json()["detail"]
    assert "/attempt: integer found, string expected" in answer.json()["detail"]
    assert not_an_object.status_code == 422 and "JSON object" in not_an_object.json()["detail"]


def test_a_capability_not_served_here_is_not_found():
    with TestClient(create_app(agent())) as client:
        answer = client.post("/tasks", json=task_fields("text.other", json.dumps({"text": "x"})))
    assert answer.status_code == 404 and "text.count" in answer.json()["detail"]


def test_a_task_whose_deadline_has_passed_is_refused():
    task = task_fields(CAPABILITY, json.dumps({"text": "x"}), deadline="1000")
    with TestClient(create_app(agent())) as client:
        answer = client.post("/tasks", json=task)
    assert answer.status_code == 422 and "'deadline' has passed" in answer.json()["detail"]


def test_health_is_ready_then_draining():
    app = create_app(agent())
    with TestClient(app) as client:
        assert client.get("/health").json() == {"status": "ready"}
    draining = TestClient(app).get("/health")
    assert draining.status_code == 503 and draining.json() == {"status": "draining"}


async def test_a_task_past_the_free_slots_is_refused_with_retry_after(tmp_path):
    gate = tmp_path / "gate"
    app = create_app(agent(concurrency=1))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://agent") as client:
        held = asyncio.create_task(client.post(
            "/tasks", json=task_fields(CAPABILITY, json.dumps({"text": "held", "gate": str(gate)}), n=1)))
        await eventually(lambda: _all_busy(app), what="the first request holding the only slot")
        refused = await client.post("/tasks", json=task_fields(CAPABILITY, json.dumps({"text": "x"}), n=2))
        gate.touch()
        answered = await held
    assert refused.status_code == 429 and refused.headers["retry-after"] == "1"
    assert answered.status_code == 200 and answered.json()["status"] == "ok"


async def _all_busy(app):
    return app.state.slots.free == 0


async def test_served_by_uvicorn_it_finishes_the_request_in_hand_on_sigterm(tmp_path):
    gate = tmp_path / "gate"
    port = free_port()
    env = dict(os.environ, CHORUS_AGENT_ID="push-3", CHORUS_AGENT_CONCURRENCY="1",
               PYTHONPATH=os.pathsep.join([str(Path(__file__).parent), *sys.path]))
    process = subprocess.Popen([sys.executable, "-m", "chorus_agent.push", "sample_agent:agent", "--port", str(port)],
                               env=env, stdout=(tmp_path / "push.log").open("w"), stderr=subprocess.STDOUT)
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
            await eventually(lambda: _healthy(client, process), what="the server ready")
            held = asyncio.create_task(client.post(
                "/tasks", json=task_fields(CAPABILITY, json.dumps({"text": "held here", "gate": str(gate)}))))
            await eventually(lambda: _busy(client), what="the only slot taken")
            process.send_signal(signal.SIGTERM)
            gate.touch()
            answered = await held
        assert answered.status_code == 200 and json.loads(answered.json()["output"]) == {"words": 2}
        # uvicorn ends by the signal it was sent once its graceful shutdown is over (older ones exit 0).
        assert await asyncio.to_thread(process.wait, 30) in (0, -signal.SIGTERM)
    finally:
        if process.poll() is None:
            process.kill()


async def _healthy(client, process):
    assert process.poll() is None, "the server exited"
    try:
        return (await client.get("/health")).json() == {"status": "ready"}
    except httpx.TransportError:
        return False


async def _busy(client):
    answer = await client.post("/tasks", json=task_fields(CAPABILITY, json.dumps({"text": "x"}), n=2))
    return answer.status_code == 429
