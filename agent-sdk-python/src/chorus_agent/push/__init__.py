"""Push mode: the agent's capabilities over HTTP, for a deliverer that writes the reply itself
(docs/agent-protocol.md, "Push mode"). No Redis is used.

``POST /tasks`` takes a task envelope as a JSON object of strings and answers ``200`` with the reply
envelope, also as a JSON object of strings; a malformed envelope is ``422 application/problem+json``, a
capability not served here ``404``, all slots busy ``429`` with ``Retry-After: 1``. ``GET /health`` is
``200 {"status":"ready"}``, or ``503 {"status":"draining"}`` once the server shuts down.
"""

from __future__ import annotations

import json
import time
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from ..envelopes import MalformedEnvelope, TaskEnvelope

if TYPE_CHECKING:
    from ..agent import Agent

MAX_BODY_BYTES = 2 * 1024 * 1024 + 64 * 1024  # an input of 1 MiB, which escaping can double, and the other fields


def _problem(status: int, title: str, detail: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"type": "about:blank", "title": title, "status": status, "detail": detail},
                        status_code=status, media_type="application/problem+json", headers=headers)


class _Slots:
    """At most ``concurrency`` tasks at once; a task past that is refused, not queued."""

    def __init__(self, concurrency: int) -> None:
        self.free = concurrency
        self.draining = False


def create_app(agent: Agent) -> FastAPI:
    slots = _Slots(agent.settings.concurrency)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        slots.draining = True

    app = FastAPI(title=f"Chorus agent {agent.agent_id}", lifespan=lifespan, docs_url=None, redoc_url=None)
    app.state.slots = slots

    @app.get("/health")
    async def health() -> JSONResponse:
        if slots.draining:
            return JSONResponse({"status": "draining"}, status_code=503)
        return JSONResponse({"status": "ready"})

    @app.post("/tasks")
    async def tasks(request: Request) -> JSONResponse:
        if slots.draining:
            return _problem(503, "draining", "the agent is shutting down", {"Retry-After": "1"})
        body = await request.body()
        if len(body) > MAX_BODY_BYTES:
            return _problem(413, "task too large", f"the body is {len(body)} bytes, over {MAX_BODY_BYTES}")
        try:
            fields: Any = json.loads(body)
        except ValueError as e:
            return _problem(422, "malformed task", f"the body is not JSON: {e}")
        if not isinstance(fields, dict):
            return _problem(422, "malformed task", "the body must be a JSON object of the task envelope's fields")
        try:
            task = TaskEnvelope.from_fields(fields)
        except MalformedEnvelope as e:
            return _problem(422, "malformed task", str(e))
        capability = agent.capabilities.get(task.capability)
        if capability is None:
            return _problem(404, "capability not served",
                            f"capability '{task.capability}' is not served here; served: "
                            + ", ".join(sorted(agent.capabilities)))
        if task.expired_at(int(time.time() * 1000)):
            return _problem(422, "malformed task", "field 'deadline' has passed: the run no longer waits for this dispatch")
        if slots.free <= 0:
            return _problem(429, "busy", f"all {agent.settings.concurrency} slots are busy",
                            {"Retry-After": "1"})
        slots.free -= 1
        try:
            reply = await agent.handle(capability, task)
        finally:
            slots.free += 1
        return JSONResponse(reply.to_fields())

    return app


def serve(agent: Agent, host: str, port: int) -> None:
    """Serves until SIGTERM or SIGINT; uvicorn then lets the requests in progress finish."""
    import uvicorn

    app = create_app(agent)

    class Server(uvicorn.Server):
        def handle_exit(self, sig, frame) -> None:
            # Draining from the signal on, not only once uvicorn's own shutdown has finished.
            app.state.slots.draining = True
            super().handle_exit(sig, frame)

    Server(uvicorn.Config(app, host=host, port=port, log_config=None)).run()
