"""A real redis-server per test session, set up as the stack's RedisServer sets it up: an ACL file with the
application's user and ``default`` switched off, and agents connecting as users of their own with the
rules ``./chorus agent-credentials create`` gives them."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import secrets
import shutil
import socket
import subprocess
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest
import redis
import redis.asyncio as aioredis

from chorus_agent import Agent

ADMIN = "chorus"


def agent_rules(capability: str, agent_id: str) -> list[str]:
    """The rules of registry/.../credentials/AgentCredentials.permissions, which provisions real agents."""
    return [
        "resetchannels", "&chorus:registry:changes",
        "+ping", "+client|setname", "+multi", "+exec", "+discard", "+publish", "+xadd",
        "%W~chorus:replies", "%W~chorus:replies:invoke:*", f"%W~chorus:dead-letters:tasks:{capability}",
        "%W~chorus:progress",
        f"(~chorus:tasks:{capability}:v* +xreadgroup +xack +xclaim +xautoclaim +xpending +xgroup|create)",
        f"(~chorus:agent:{capability}:{agent_id} +hset +hget +hgetall +del)",
        "(~chorus:registry:version +incr +incrby)",
    ]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RedisServer:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.password = secrets.token_hex(32)
        self.process: subprocess.Popen | None = None
        self.acl = folder / "users.acl"
        self.acl.write_text(f"user {ADMIN} on ~* &* +@all #{hashlib.sha256(self.password.encode()).hexdigest()}\n"
                            "user default off resetchannels -@all\n")

    @property
    def admin_uri(self) -> str:
        return f"redis://{ADMIN}:{self.password}@127.0.0.1:{self.port}"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [shutil.which("redis-server") or "redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
             "--dir", str(self.folder), "--appendonly", "yes", "--appendfsync", "everysec",
             "--aclfile", str(self.acl), "--save", "", "--daemonize", "no", "--enable-debug-command", "yes"],
            stdout=(self.folder / "redis.log").open("ab"), stderr=subprocess.STDOUT)
        client = redis.Redis.from_url(self.admin_uri, socket_timeout=1)
        deadline = time.monotonic() + 30
        while True:
            try:
                client.ping()
                return
            except (redis.ConnectionError, redis.BusyLoadingError):
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError(f"redis-server did not start; see {self.folder / 'redis.log'}")
                time.sleep(0.05)  # waiting for a process to listen, not synchronising with the code under test
            finally:
                client.close()

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process = None

    def restart(self) -> None:
        self.stop()
        self.start()

    def credentials(self, capability: str, agent_id: str) -> str:
        password = secrets.token_hex(32)
        client = redis.Redis.from_url(self.admin_uri)
        try:
            client.execute_command("ACL", "SETUSER", f"agent_{capability}_{agent_id}", "reset", "on",
                                   f">{password}", *agent_rules(capability, agent_id))
            client.execute_command("ACL", "SAVE")  # as the CLI does, so the user outlives a restart
        finally:
            client.close()
        return f"redis://agent_{capability}_{agent_id}:{password}@127.0.0.1:{self.port}"


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory) -> RedisServer:
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
async def admin(redis_server) -> AsyncIterator[aioredis.Redis]:
    client = aioredis.Redis.from_url(redis_server.admin_uri, decode_responses=True)
    await client.flushall()
    yield client
    await client.aclose()


async def eventually(condition: Callable[[], Awaitable[object]], timeout: float = 20, what: str = "condition"):
    """The first truthy value of ``condition``, polled until ``timeout`` seconds have passed."""
    deadline = time.monotonic() + timeout
    while True:
        value = await condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.02)


@contextlib.asynccontextmanager
async def running(agent: Agent, admin: aioredis.Redis) -> AsyncIterator[asyncio.Task]:
    """Runs ``agent`` in this event loop until the block ends, registered when the block begins."""
    task = asyncio.create_task(agent.run_async())
    for name in agent.capabilities:
        key = f"chorus:agent:{name}:{agent.agent_id}"
        await eventually(lambda: _registered(admin, key, task), what=f"{key} registered")
    try:
        yield task
    finally:
        agent.stop()
        await asyncio.wait_for(task, 30)


async def _registered(admin: aioredis.Redis, key: str, task: asyncio.Task) -> bool:
    if task.done():
        task.result()
    return await admin.hget(key, "state") == "ready"


def task_fields(capability: str, input_json: str, n: int = 1, **extra: str) -> dict[str, str]:
    fields = {"v": "2", "taskId": f"wf-{n}/step", "dispatchId": f"wf-{n}/step#1", "workflowId": f"wf-{n}",
              "step": "step", "capability": capability, "attempt": "1",
              "deadline": str(int(time.time() * 1000) + 600_000), "input": input_json,
              "token": f"generated.0.{capability}.sig-{n}"}
    fields.update(extra)
    return fields


async def next_reply(admin: aioredis.Redis, stream: str = "chorus:replies", after: str = "0",
                     timeout: float = 20) -> tuple[str, dict[str, str]]:
    async def read():
        found = await admin.xread({stream: after}, count=1, block=200)
        return found[0][1][0] if found else None

    return await eventually(read, timeout, f"a reply on {stream}")
