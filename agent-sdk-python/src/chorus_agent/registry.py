"""The agent's entry in the registry (docs/agent-protocol.md, "Registration and leases")."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any, cast

import redis.asyncio as aioredis
from redis.exceptions import RedisError

from . import logs
from .capability import Capability
from .envelopes import PROTOCOL_VERSION
from .settings import Settings

VERSION_KEY = "chorus:registry:version"
CHANGES = "chorus:registry:changes"


class Lease:
    """Registered on joining, renewed by a heartbeat, marked draining, withdrawn on a clean shutdown. The hash
    ``chorus:agent:<capability>:<agentId>`` is the only registry key the agent's credentials let it write."""

    def __init__(self, redis: aioredis.Redis, capability: Capability, settings: Settings) -> None:
        self.redis = redis
        self.capability = capability
        self.settings = settings
        self.key = f"chorus:agent:{capability.name}:{settings.agent_id}"
        self.state = "ready"

    def entry(self) -> dict[str, str]:
        return {"v": PROTOCOL_VERSION, "capability": self.capability.name, "version": self.capability.version,
                "concurrency": str(self.settings.concurrency), "labels": self.settings.labels_text,
                "state": self.state, "inputSchema": self.capability.input_schema,
                "outputSchema": self.capability.output_schema, "lease": self._expiry()}

    async def register(self) -> None:
        """Replaces the hash with the description and lease, and tells every routing cache."""
        async with self.redis.pipeline(transaction=True) as tx:
            tx.delete(self.key)
            tx.hset(self.key, mapping=cast(Any, self.entry()))
            tx.incr(VERSION_KEY)
            tx.publish(CHANGES, self.settings.agent_id)
            await tx.execute()

    async def heartbeat(self) -> None:
        """Renews the lease every heartbeat until cancelled. A reply of 1 (a field was added) means the registry
        had dropped the agent; after a failed renewal the hash may be gone or half written: register again."""
        stale = False
        while True:
            await asyncio.sleep(self.settings.heartbeat)
            try:
                if await self.redis.hset(self.key, "lease", self._expiry()) == 1 or stale:
                    logs.event(logging.WARNING, "registration had expired; registering again", key=self.key)
                    await self.register()
                stale = False
            except RedisError as e:
                stale = True
                logs.event(logging.WARNING, "lease renewal failed", key=self.key, error=f"{type(e).__name__}: {e}")

    async def drain(self) -> None:
        self.state = "draining"
        try:
            await self.register()
        except RedisError as e:
            # Nothing new is read either way; the registry learns of it on withdrawal or expiry.
            logs.event(logging.WARNING, "could not mark draining", key=self.key, error=f"{type(e).__name__}: {e}")

    async def withdraw(self) -> None:
        try:
            async with self.redis.pipeline(transaction=True) as tx:
                tx.delete(self.key)
                tx.incr(VERSION_KEY)
                tx.publish(CHANGES, self.settings.agent_id)
                await tx.execute()
        except RedisError as e:
            logs.event(logging.WARNING, "could not withdraw; the lease will run out", key=self.key,
                       error=f"{type(e).__name__}: {e}")

    def _expiry(self) -> str:
        return str(int((time.time() + self.settings.lease) * 1000))
