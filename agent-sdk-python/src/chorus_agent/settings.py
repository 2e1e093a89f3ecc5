"""An agent's settings, from arguments or, as the Java SDK reads them, from the environment."""

from __future__ import annotations

import os
import re
import socket
from dataclasses import dataclass, field
from typing import Any

DEFAULT_REDIS_URI = "redis://127.0.0.1:6379"
_AGENT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.@-]{0,127}")
_LABEL_PART = re.compile(r"[A-Za-z0-9_.-]+")
_DURATION = re.compile(r"(\d+)(ms|s|m)")
_ISO_DURATION = re.compile(r"PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?", re.IGNORECASE)


@dataclass(frozen=True)
class Settings:
    redis_uri: str
    agent_id: str
    concurrency: int
    labels: dict[str, str] = field(default_factory=dict)
    heartbeat: float = 5.0
    lease: float = 15.0
    touch_interval: float = 5.0
    # How long a stopping agent waits for its tasks in hand before it withdraws anyway, leaving the
    # unfinished ones to be handed on: above the longest step, below the time the process is given.
    drain_timeout: float = 30.0
    read_block: float = 1.0
    # Longer than a blocking read, so that only a Redis that stalls makes a command time out.
    socket_timeout: float = 5.0

    def __post_init__(self) -> None:
        if not _AGENT_ID.fullmatch(self.agent_id):
            raise ValueError(f"agent id '{self.agent_id}' must be 1 to 128 letters, digits, '_', '.', '@' or '-',"
                             " starting with a letter or digit")
        if self.drain_timeout < 0:
            raise ValueError(f"the drain timeout must not be negative, was {self.drain_timeout}s")
        if self.concurrency < 1:
            raise ValueError(f"concurrency must be at least 1, was {self.concurrency}")
        if self.lease < 2 * self.heartbeat:
            raise ValueError(f"the lease ({self.lease}s) must be at least twice the heartbeat ({self.heartbeat}s)")
        if self.socket_timeout <= self.read_block:
            raise ValueError(f"the socket timeout ({self.socket_timeout}s) must be longer than a blocking read"
                             f" ({self.read_block}s)")
        for key, value in self.labels.items():
            if not (_LABEL_PART.fullmatch(key) and _LABEL_PART.fullmatch(value)):
                raise ValueError(f"label {key}={value} must be letters, digits, '_', '.' or '-' on both sides of '='")

    @property
    def labels_text(self) -> str:
        return ",".join(f"{k}={v}" for k, v in sorted(self.labels.items()))


def from_environment(first_capability: str, **given) -> Settings:
    """``CHORUS_REDIS_URI``, ``CHORUS_AGENT_ID`` (default ``<capability>@<host>-<pid>``), ``CHORUS_AGENT_CONCURRENCY``
    (4), ``CHORUS_AGENT_LABELS`` (``gpu=true,region=eu``), ``CHORUS_AGENT_HEARTBEAT`` (5s), ``CHORUS_AGENT_LEASE``
    (15s), ``CHORUS_AGENT_TOUCH_INTERVAL`` (5s) and ``CHORUS_AGENT_DRAIN_TIMEOUT`` (30s), for each setting not given
    as an argument."""
    env = os.environ
    values: dict[str, Any] = {
        "redis_uri": env.get("CHORUS_REDIS_URI", DEFAULT_REDIS_URI),
        "agent_id": env.get("CHORUS_AGENT_ID") or f"{first_capability}@{socket.gethostname()}-{os.getpid()}",
        "concurrency": int(env.get("CHORUS_AGENT_CONCURRENCY", "4")),
        "labels": parse_labels(env.get("CHORUS_AGENT_LABELS", "")),
        "heartbeat": duration("CHORUS_AGENT_HEARTBEAT", env.get("CHORUS_AGENT_HEARTBEAT", "5s")),
        "lease": duration("CHORUS_AGENT_LEASE", env.get("CHORUS_AGENT_LEASE", "15s")),
        "touch_interval": duration("CHORUS_AGENT_TOUCH_INTERVAL", env.get("CHORUS_AGENT_TOUCH_INTERVAL", "5s")),
        "drain_timeout": duration("CHORUS_AGENT_DRAIN_TIMEOUT", env.get("CHORUS_AGENT_DRAIN_TIMEOUT", "30s")),
    }
    values.update({k: v for k, v in given.items() if v is not None})
    return Settings(**values)


def duration(name: str, text: str) -> float:
    """Seconds from ``500ms``, ``5s``, ``1m`` or ISO-8601 (``PT5S``), as the Java SDK reads them."""
    found = _DURATION.fullmatch(text.strip())
    iso = _ISO_DURATION.fullmatch(text.strip())
    if iso and any(iso.groups()):
        hours, minutes, seconds = (float(part or 0) for part in iso.groups())
        return hours * 3600 + minutes * 60 + seconds
    if not found:
        raise ValueError(f"{name} '{text}' is not a duration like 500ms, 5s, 1m or PT5S")
    amount, unit = int(found.group(1)), found.group(2)
    return amount / 1000 if unit == "ms" else amount * (60 if unit == "m" else 1)


def parse_labels(text: str) -> dict[str, str]:
    labels = {}
    for pair in filter(str.strip, text.split(",")):
        key, eq, value = pair.partition("=")
        if not eq or not key.strip():
            raise ValueError(f"label '{pair.strip()}' must be key=value")
        labels[key.strip()] = value.strip()
    return labels
