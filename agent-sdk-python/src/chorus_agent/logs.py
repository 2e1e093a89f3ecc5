"""Structured log lines: ``key=value`` pairs (or one JSON object a line), from the stdlib's logging."""

from __future__ import annotations

import json
import logging
import os
import sys
from typing import Any

logger = logging.getLogger("chorus_agent")


def event(level: int, message: str, **fields: Any) -> None:
    """Logs ``message`` with ``fields`` kept apart, so a formatter can write them as keys."""
    logger.log(level, message, extra={"chorus": fields})


class KeyValueFormatter(logging.Formatter):
    """``ts=... level=INFO logger=chorus_agent msg="agent ready" capability=text.stats``."""

    def format(self, record: logging.LogRecord) -> str:
        pairs = {"ts": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"), "level": record.levelname,
                 "logger": record.name, "msg": record.getMessage(), **getattr(record, "chorus", {})}
        line = " ".join(f"{key}={_quoted(value)}" for key, value in pairs.items())
        return line + ("\n" + self.formatException(record.exc_info) if record.exc_info else "")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {"ts": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"), "level": record.levelname,
                "logger": record.name, "msg": record.getMessage(), **getattr(record, "chorus", {})}
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str)


def _quoted(value: Any) -> str:
    text = str(value)
    return json.dumps(text) if not text or any(c in text for c in ' "=\n') else text


def configure() -> None:
    """Sends log lines to standard output, as ``CHORUS_LOG_FORMAT`` (``text``, the default, or ``json``)
    says, unless the application has configured logging itself."""
    root = logging.getLogger()
    if root.handlers:
        return
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(JsonFormatter() if os.environ.get("CHORUS_LOG_FORMAT") == "json" else KeyValueFormatter())
    root.addHandler(handler)
    root.setLevel(os.environ.get("CHORUS_LOG_LEVEL", "INFO").upper())
