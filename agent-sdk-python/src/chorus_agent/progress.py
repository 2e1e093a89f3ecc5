"""A task's progress and partial output, written to ``chorus:progress`` (docs/agent-protocol.md, "Progress
and partial output") while the handler works."""

from __future__ import annotations

import asyncio
import logging
from typing import Any, cast

import redis.asyncio as aioredis
from redis.exceptions import RedisError

from . import logs
from .envelopes import PROGRESS, ProgressEnvelope

# Entries waiting to be written for one task; past this the newest are dropped, so a handler that emits
# faster than Redis takes them cannot make the agent hold them without bound.
MAX_WAITING = 256


class ProgressWriter:
    """Writes a task's entries in the order they were told, from the event loop or from the thread of a
    blocking handler alike. Best effort: an entry Redis refuses (it is away, or the agent's credentials
    predate progress and it answers NOPERM) is logged and dropped, and the work goes on."""

    def __init__(self, redis: aioredis.Redis) -> None:
        self.redis = redis
        self.loop = asyncio.get_running_loop()
        self.waiting: asyncio.Queue[ProgressEnvelope | None] = asyncio.Queue(MAX_WAITING)
        self.dropped = 0
        self.writer = self.loop.create_task(self._write())

    def tell(self, entry: ProgressEnvelope) -> None:
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is self.loop:
            self._enqueue(entry)
        else:
            self.loop.call_soon_threadsafe(self._enqueue, entry)

    def _enqueue(self, entry: ProgressEnvelope) -> None:
        try:
            self.waiting.put_nowait(entry)
        except asyncio.QueueFull:
            self.dropped += 1

    async def close(self) -> None:
        """Writes what was told, then stops: called before the reply, so the progress precedes it."""
        await self.waiting.put(None)
        await self.writer
        if self.dropped:
            logs.event(logging.WARNING, "progress entries dropped", dropped=self.dropped, limit=MAX_WAITING)

    async def _write(self) -> None:
        while (entry := await self.waiting.get()) is not None:
            try:
                await self.redis.xadd(PROGRESS, cast(Any, entry.to_fields()))
            except RedisError as e:
                logs.event(logging.WARNING, "progress not written", taskId=entry.task_id,
                           error=f"{type(e).__name__}: {e}")
