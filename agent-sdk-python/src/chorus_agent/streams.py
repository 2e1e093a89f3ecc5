"""Serving one capability from its task stream (docs/agent-protocol.md, "Taking tasks" to "Reconnects")."""

from __future__ import annotations

import asyncio
import logging
import time
import re
from typing import TYPE_CHECKING, Any, cast

import redis.asyncio as aioredis
from redis.exceptions import RedisError, ResponseError

from . import logs
from .capability import Capability
from .envelopes import REPLIES, REPLY_STREAM, MalformedEnvelope, ReplyEnvelope, TaskEnvelope
from .progress import ProgressWriter
from .registry import Lease

if TYPE_CHECKING:
    from .agent import Agent



GROUP = "agents"
_REPLY_STREAM = re.compile(REPLY_STREAM)


class Backoff:
    """The wait between attempts while Redis is away: doubling from a tenth of a second up to five."""

    def __init__(self) -> None:
        self.delay = 0.0

    async def wait(self, stop: asyncio.Event) -> None:
        self.delay = min(5.0, self.delay * 2 or 0.1)
        try:
            await asyncio.wait_for(stop.wait(), self.delay)
        except TimeoutError:
            pass

    def reset(self) -> None:
        self.delay = 0.0


class StreamWorker:
    """Reads at most as many tasks as it has free slots, answers each (reply first, then XACK), touches
    the tasks in hand, keeps its registration, and outlives every kind of Redis error."""

    def __init__(self, agent: Agent, capability: Capability) -> None:
        self.agent = agent
        self.capability = capability
        self.settings = agent.settings
        self.agent_id = self.settings.agent_id
        self.redis = aioredis.Redis.from_url(
            self.settings.redis_uri, decode_responses=True, socket_timeout=self.settings.socket_timeout,
            socket_connect_timeout=self.settings.socket_timeout, health_check_interval=0)
        self.lease = Lease(self.redis, capability, self.settings)
        self.in_flight: dict[str, asyncio.Task] = {}
        self._slot_freed = asyncio.Event()

    async def run(self, stop: asyncio.Event) -> None:
        background = [asyncio.create_task(self.lease.heartbeat()), asyncio.create_task(self._touch())]
        try:
            await self._read(stop)
            # Draining: nothing more is read; the registry hears of it while the tasks in hand finish.
            await self.lease.drain()
            logs.event(logging.INFO, "agent draining", capability=self.capability.name, agentId=self.agent_id,
                       inHand=len(self.in_flight))
            if self.in_flight:
                _, unfinished = await asyncio.wait(list(self.in_flight.values()),
                                                   timeout=self.settings.drain_timeout)
                if unfinished:
                    # Left pending, unanswered: Chorus hands them to another agent once they have gone
                    # untouched for its reclaim idle time, which the touches stopping below begins.
                    logs.event(logging.WARNING, "tasks still running at the drain timeout are left to be handed on",
                               capability=self.capability.name, agentId=self.agent_id, unfinished=len(unfinished))
                    for task in unfinished:
                        task.cancel()
                    await asyncio.gather(*unfinished, return_exceptions=True)
        finally:
            # The heartbeat stops before the withdrawal, so no renewal can follow the DEL.
            for task in background:
                task.cancel()
            await asyncio.gather(*background, return_exceptions=True)
        await self.lease.withdraw()
        logs.event(logging.INFO, "agent stopped", capability=self.capability.name, agentId=self.agent_id)

    async def close(self) -> None:
        await self.redis.aclose()

    async def _join(self) -> None:
        """The group, created at the stream's beginning so tasks written before any agent came up are read
        too, and the registration: both again after every Redis error, as a Redis that lost its data needs
        them and the lease may have run out meanwhile."""
        try:
            await self.redis.xgroup_create(self.capability.stream, GROUP, id="0", mkstream=True)
        except ResponseError as e:
            if "BUSYGROUP" not in str(e):
                raise
        await self.lease.register()

    async def _read(self, stop: asyncio.Event) -> None:
        backoff = Backoff()
        joined = False
        cursor: str | None = "0"  # this consumer's own unacknowledged tasks first
        stream = self.capability.stream
        while not stop.is_set():
            try:
                if not joined:
                    await self._join()
                    joined = True
                    logs.event(logging.INFO, "agent ready", capability=self.capability.name,
                               version=self.capability.version, agentId=self.agent_id, stream=stream)
                free = self.settings.concurrency - len(self.in_flight)
                if free <= 0:
                    await self._await_slot(stop)
                    continue
                answer: Any = await self.redis.xreadgroup(GROUP, self.agent_id, {stream: cursor or ">"}, count=free,
                                                     block=int(self.settings.read_block * 1000))
                entries = answer[0][1] if answer else []
                if cursor is not None:
                    # Pending entries are paged with a cursor; an empty page ends them.
                    cursor = entries[-1][0] if entries else None
                for entry_id, fields in entries:
                    if entry_id not in self.in_flight:  # a re-read of pending hands out those in hand too
                        self.in_flight[entry_id] = asyncio.create_task(self._perform(entry_id, fields))
                backoff.reset()
            except RedisError as e:
                # Every kind, not only ConnectionError: a paused Redis times out (TimeoutError), a starting one
                # answers LOADING, a demoted one READONLY, one that lost its data NOGROUP. None is for good.
                joined, cursor = False, "0"
                logs.event(logging.WARNING, "redis unavailable, retrying", capability=self.capability.name,
                           error=f"{type(e).__name__}: {e}", retryIn=min(5.0, backoff.delay * 2 or 0.1))
                await backoff.wait(stop)

    async def _await_slot(self, stop: asyncio.Event) -> None:
        self._slot_freed.clear()
        waiters = [asyncio.create_task(self._slot_freed.wait()), asyncio.create_task(stop.wait())]
        try:
            await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for waiter in waiters:
                waiter.cancel()

    async def _perform(self, entry_id: str, fields: dict[str, str] | None) -> None:
        try:
            await self._answer(entry_id, fields)
        except RedisError as e:
            # Left unacknowledged: it is still this consumer's, read again from 0 after the reconnect.
            logs.event(logging.WARNING, "could not answer task", entryId=entry_id, error=f"{type(e).__name__}: {e}")
        except Exception:
            logs.logger.exception("task %s failed unexpectedly; left unacknowledged", entry_id)
        finally:
            self.in_flight.pop(entry_id, None)
            self._slot_freed.set()

    async def _answer(self, entry_id: str, fields: dict[str, str] | None) -> None:
        if not fields:
            # A pending entry whose content was trimmed away: nothing is left to answer.
            await self._ack(entry_id)
            return
        try:
            task = TaskEnvelope.from_fields(fields)
        except MalformedEnvelope as e:
            await self._dead_letter(entry_id, fields, str(e))
            return
        if task.expired_at(int(time.time() * 1000)):
            # The run no longer waits for this dispatch: it has dispatched it again or given up.
            logs.event(logging.INFO, "skipped expired task", taskId=task.task_id, attempt=task.attempt)
            await self._ack(entry_id)
            return
        reply = await self.agent.handle(self.capability, task, ProgressWriter(self.redis))
        # The reply first, then the acknowledgement: a crash in between repeats the work, never loses it.
        await self.redis.xadd(task.reply_stream, cast(Any, reply.to_fields()))
        await self._ack(entry_id)

    async def _dead_letter(self, entry_id: str, fields: dict[str, str], reason: str) -> None:
        letter = {"stream": self.capability.stream, "entryId": entry_id, "reason": reason,
                  "rejectedBy": self.agent_id, "deliveries": "1"}
        letter.update({"field." + name: value for name, value in fields.items()})
        await self.redis.xadd(self.capability.dead_letters, cast(Any, letter))
        logs.event(logging.WARNING, "dead-lettered task", entryId=entry_id, reason=reason)
        notice = ReplyEnvelope.dead_lettered(fields, self.agent_id, reason)
        if notice is not None:
            # To whoever waits for the task: a request/reply caller learns of it at once, not at its timeout.
            reply_to = fields.get("replyTo", "")
            await self.redis.xadd(reply_to if _REPLY_STREAM.fullmatch(reply_to) else REPLIES, cast(Any, notice))
        await self._ack(entry_id)

    async def _ack(self, entry_id: str) -> None:
        await self.redis.xack(self.capability.stream, GROUP, entry_id)

    async def _touch(self) -> None:
        """Resets the idle time of the tasks in hand (XCLAIM to itself), so that a slow but living agent is
        not taken for a silent one whose tasks the bridge hands to another."""
        while True:
            await asyncio.sleep(self.settings.touch_interval)
            if not self.in_flight:
                continue
            try:
                await self.redis.xclaim(self.capability.stream, GROUP, self.agent_id, min_idle_time=0,
                                        message_ids=list(self.in_flight), justid=True)
            except RedisError as e:
                logs.event(logging.WARNING, "could not touch tasks in hand", error=f"{type(e).__name__}: {e}")
