"""A typed capability: a function from a Pydantic input model to a Pydantic output model."""

from __future__ import annotations

import asyncio
import datetime
import inspect
import json
import re
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from pydantic import BaseModel, ValidationError

from .envelopes import CAPABILITY

MAX_SCHEMA_BYTES = 64 * 1024
_SEMVER = re.compile(r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?")


class TaskError(Exception):
    """A failed task that another attempt will not mend (the input cannot be processed): ``retryable=false``."""

    retryable = False


class RetryableError(TaskError):
    """A failed task that another attempt may mend (a dependency was down, a limit was hit): ``retryable=true``.

    ``retry_after`` (seconds, or a :class:`datetime.timedelta`) is the least wait before the next attempt, as
    a throttling upstream asks for it (an HTTP 429 with ``Retry-After``); the run waits at most a day. With
    ``pause_capability`` the wait holds for every run's tasks of the capability, when the upstream throttles
    all of its agents and not only this task.
    """

    retryable = True

    def __init__(self, message: str, retry_after: float | datetime.timedelta | None = None,
                 pause_capability: bool = False) -> None:
        super().__init__(message)
        self.retry_after_seconds = (retry_after.total_seconds() if isinstance(retry_after, datetime.timedelta)
                                    else retry_after)
        self.pause_capability = pause_capability and retry_after is not None


class ProgressSink(Protocol):
    def progress(self, fraction: float | None, message: str | None) -> None: ...

    def emit(self, chunk: str) -> None: ...


@dataclass(frozen=True)
class TaskContext:
    """What a handler may want to know about the task besides its input, and where it tells how the work
    goes: :meth:`progress` and :meth:`emit` reach clients following the run (its live stream) while the
    handler works. Neither changes the run, which applies only the returned output. Both may be called from
    an ``async def`` handler or a blocking one; in push mode they tell nobody."""

    task_id: str
    workflow_id: str
    step: str
    attempt: int
    delivery: int
    deadline_millis: int
    sink: ProgressSink | None = field(default=None, repr=False, compare=False)

    def progress(self, fraction: float | None = None, message: str | None = None) -> None:
        """How far the work is: ``fraction`` of it done (0 to 1) and/or what it is doing (at most 1024
        characters)."""
        if fraction is None and message is None:
            raise ValueError("progress needs a fraction, a message or both")
        if self.sink is not None:
            self.sink.progress(fraction, message)

    def emit(self, chunk: str) -> None:
        """The next chunk of partial output (1 to 65536 characters; Chorus relays at most
        ``chorus.live.max-entry-bytes`` per entry)."""
        if self.sink is not None:
            self.sink.emit(chunk)


@dataclass(frozen=True)
class Capability:
    name: str
    version: str
    handler: Callable[..., Any]
    input_model: type[BaseModel]
    output_model: type[BaseModel]
    takes_context: bool

    @property
    def major(self) -> int:
        return int(self.version.split(".", 1)[0])

    @property
    def stream(self) -> str:
        return f"chorus:tasks:{self.name}:v{self.major}"

    @property
    def dead_letters(self) -> str:
        return f"chorus:dead-letters:tasks:{self.name}"

    @property
    def input_schema(self) -> str:
        return _schema_text(self.input_model)

    @property
    def output_schema(self) -> str:
        return _schema_text(self.output_model)

    async def call(self, raw_input: str, context: TaskContext) -> str:
        """The output as JSON text, or :class:`TaskError` naming what is wrong with the input or output."""
        try:
            given = self.input_model.model_validate_json(raw_input)
        except ValidationError as e:
            raise TaskError("invalid input: " + _paths("input", e)) from None
        arguments = (given, context) if self.takes_context else (given,)
        if inspect.iscoroutinefunction(self.handler):
            result = await self.handler(*arguments)
        else:
            # A blocking handler runs off the event loop, so heartbeats and touches go on meanwhile.
            result = await asyncio.to_thread(self.handler, *arguments)
        if result is None:
            raise TaskError("the capability returned no output")
        try:
            output = result if isinstance(result, self.output_model) else self.output_model.model_validate(
                result.model_dump() if isinstance(result, BaseModel) else result)
        except ValidationError as e:
            raise TaskError("invalid output: " + _paths("output", e)) from None
        return output.model_dump_json(by_alias=True)


def check_declaration(name: str, version: str) -> None:
    if len(name) > 100 or not re.fullmatch(CAPABILITY, name) or name == "replies":
        raise ValueError(f"capability '{name}' must be dot-separated lower-case words, at most 100 characters")
    if not _SEMVER.fullmatch(version):
        raise ValueError(f"version '{version}' of {name} is not a semantic version like 1.2.0")


def capability_of(name: str, version: str, handler: Callable[..., Any]) -> Capability:
    check_declaration(name, version)
    try:
        hints = typing.get_type_hints(handler)
    except NameError as e:
        raise TypeError(f"capability {name}: the annotations of {handler.__name__} name something not defined"
                        f" where it is ({e}); define its models at module level") from None
    parameters = list(inspect.signature(handler).parameters)
    input_model = hints.get(parameters[0]) if parameters else None
    output_model = hints.get("return")
    for role, model in (("its first parameter", input_model), ("its return", output_model)):
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            raise TypeError(f"capability {name}: {handler.__name__} must annotate {role} with a Pydantic model")
    found = Capability(name, version, handler, typing.cast(type[BaseModel], input_model),
                       typing.cast(type[BaseModel], output_model), len(parameters) > 1)
    for kind, text in (("input", found.input_schema), ("output", found.output_schema)):
        if len(text.encode()) > MAX_SCHEMA_BYTES:
            raise ValueError(f"capability {name}: the {kind} schema is {len(text.encode())} bytes, over the limit"
                             f" of {MAX_SCHEMA_BYTES}")
    return found


def _schema_text(model: type[BaseModel]) -> str:
    return json.dumps(model.model_json_schema(), separators=(",", ":"), sort_keys=True)


def _paths(root: str, error: ValidationError) -> str:
    """``input.text: Field required; input.tags.0: Input should be a valid string``."""
    return "; ".join(".".join([root, *map(str, e["loc"])]) + ": " + e["msg"] for e in error.errors())
