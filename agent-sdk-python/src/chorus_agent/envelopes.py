"""The task, reply and progress envelopes of protocol version 2 (docs/schemas/*.json), as Pydantic models.

Every field is a string, as Redis stream fields are. The problems an entry has are worded as the Java
protocol module words them, so that an operator reads the same reason whichever side refused it; the
conformance vectors of docs/schemas/conformance hold both to it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

PROTOCOL_VERSION = "2"
RETIRED_VERSION = "1"
REPLIES = "chorus:replies"
PROGRESS = "chorus:progress"
MAX_MESSAGE_CHARS = 1024
MAX_CHUNK_CHARS = 65536
DEAD_LETTER_SUFFIX = "!dead-letter"
MAX_JSON_CHARS = 1024 * 1024

_POSITIVE = r"^[1-9][0-9]{0,8}$"
_TRACEPARENT = r"^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$"
REPLY_STREAM = r"^chorus:replies(:[A-Za-z0-9._-]+)*$"
CAPABILITY = r"^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$"
_RETRY_AFTER = r"^([0-9]{1,9}(ms|s|m|h)|[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?Z)$"
_FRACTION = r"^(0(\.[0-9]{1,6})?|1(\.0{1,6})?)$"
_RETRY_AFTER_DURATION = re.compile(r"([0-9]{1,9})(ms|s|m|h)")
_MILLIS_PER_UNIT = {"ms": 1, "s": 1000, "m": 60_000, "h": 3_600_000}
LONGEST_RETRY_AFTER_MILLIS = 24 * 3_600_000


class MalformedEnvelope(ValueError):
    """An entry that is not a valid envelope; the message names every field that is wrong."""


class _Envelope(BaseModel):
    model_config = ConfigDict(populate_by_name=True, extra="ignore", frozen=True, strict=True)

    # The field holding a JSON object as text, and the enumerations with their members, as the schema has them.
    _json_field: ClassVar[str] = ""
    _enumerations: ClassVar[dict[str, list[str]]] = {}
    _kind: ClassVar[str]

    @classmethod
    def problems(cls, fields: Mapping[str, Any]) -> list[str]:
        """Every way ``fields`` break the envelope's schema, each naming the field; empty when they conform."""
        found: list[str] = []
        if fields.get("v") == RETIRED_VERSION:
            found.append(
                "/v: protocol version 1 is no longer accepted, version 2 is required"
                " (every task carries a token, every reply echoes it)"
            )
        for name, value in fields.items():
            if not isinstance(value, str):
                found.append(f"/{name}: {_json_type(value)} found, string expected")
        strings = {k: v for k, v in fields.items() if isinstance(v, str)}
        try:
            cls.model_validate(strings)
        except ValidationError as e:
            for error in e.errors():
                name = str(error["loc"][0])
                if name in fields and not isinstance(fields[name], str):
                    continue
                found.append(cls._worded(name, error))
        found.extend(cls._conditional_problems(strings))
        text = strings.get(cls._json_field) if cls._json_field else None
        if text is not None and not any(p.startswith(f"/{cls._json_field}:") for p in found):
            try:
                if not isinstance(json.loads(text), dict):
                    found.append(f"/{cls._json_field}: must hold a JSON object")
            except ValueError as e:
                found.append(f"/{cls._json_field}: is not JSON ({e})")
        return found

    @classmethod
    def _conditional_problems(cls, fields: Mapping[str, str]) -> list[str]:
        return []

    @classmethod
    def _worded(cls, name: str, error: Any) -> str:
        kind, ctx = error["type"], error.get("ctx", {})
        if kind == "missing":
            return f"required property '{name}' not found"
        if kind == "string_pattern_mismatch":
            return f"/{name}: does not match the regex pattern {ctx['pattern']}"
        if kind == "string_too_short":
            return f"/{name}: must be at least {ctx['min_length']} characters long"
        if kind == "string_too_long":
            return f"/{name}: must be at most {ctx['max_length']} characters long"
        if kind == "literal_error" and name in cls._enumerations:
            members = ", ".join(f'"{m}"' for m in cls._enumerations[name])
            return f"/{name}: does not have a value in the enumeration [{members}]"
        if kind == "literal_error":
            return f"/{name}: must be the constant value '{PROTOCOL_VERSION}'"
        return f"/{name}: {error['msg']}"

    @classmethod
    def from_fields(cls, fields: Mapping[str, Any]):
        """Reads an entry, raising :class:`MalformedEnvelope` that lists every bad field."""
        found = cls.problems(fields)
        if found:
            raise MalformedEnvelope(f"malformed {cls._kind}: " + "; ".join(found))
        return cls.model_validate(dict(fields))

    def to_fields(self) -> dict[str, str]:
        """The stream entry's fields: strings only, absent optional fields left out."""
        return self.model_dump(by_alias=True, exclude_none=True)


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    return "array" if isinstance(value, list) else "object"


class TaskEnvelope(_Envelope):
    """One task, as an entry of ``chorus:tasks:<capability>:v<major>`` (docs/schemas/task-envelope.schema.json)."""

    _json_field = "input"
    _kind = "task"

    v: Literal["2"]
    task_id: Annotated[str, Field(min_length=1, max_length=512)] = Field(alias="taskId")
    dispatch_id: Annotated[str, Field(min_length=1, max_length=600)] = Field(alias="dispatchId")
    workflow_id: Annotated[str, Field(min_length=1, max_length=512)] = Field(alias="workflowId")
    step: Annotated[str, Field(min_length=1, max_length=200)]
    capability: Annotated[str, Field(max_length=100, pattern=CAPABILITY)]
    attempt: Annotated[str, Field(pattern=_POSITIVE)]
    deadline: Annotated[str, Field(pattern=r"^[0-9]{1,15}$")]
    input: Annotated[str, Field(max_length=MAX_JSON_CHARS)]
    token: Annotated[str, Field(min_length=1, max_length=256)]
    delivery: Annotated[str, Field(pattern=_POSITIVE)] | None = None
    reply_to: Annotated[str, Field(pattern=REPLY_STREAM)] | None = Field(None, alias="replyTo")
    traceparent: Annotated[str, Field(pattern=_TRACEPARENT)] | None = None

    @property
    def deadline_millis(self) -> int:
        return int(self.deadline)

    @property
    def delivery_count(self) -> int:
        """How many times the task has been handed to an agent, this time included."""
        return int(self.delivery or "1")

    @property
    def reply_stream(self) -> str:
        return self.reply_to or REPLIES

    def expired_at(self, epoch_millis: int) -> bool:
        return epoch_millis > self.deadline_millis


class ReplyEnvelope(_Envelope):
    """An answer to one dispatch, as an entry of ``chorus:replies`` (docs/schemas/reply-envelope.schema.json)."""

    _json_field = "output"
    _kind = "reply"
    _enumerations = {"status": ["ok", "error"], "retryable": ["true", "false"], "pauseCapability": ["true", "false"]}

    v: Literal["2"] = "2"
    task_id: Annotated[str, Field(min_length=1, max_length=512)] = Field(alias="taskId")
    dispatch_id: Annotated[str, Field(min_length=1, max_length=600)] = Field(alias="dispatchId")
    workflow_id: Annotated[str, Field(min_length=1, max_length=512)] = Field(alias="workflowId")
    token: Annotated[str, Field(min_length=1, max_length=256)]
    agent_id: Annotated[str, Field(min_length=1, max_length=200)] = Field(alias="agentId")
    status: Literal["ok", "error"]
    output: Annotated[str, Field(max_length=MAX_JSON_CHARS)] | None = None
    error: Annotated[str, Field(min_length=1, max_length=8192)] | None = None
    retryable: Literal["true", "false"] | None = None
    retry_after: Annotated[str, Field(pattern=_RETRY_AFTER)] | None = Field(None, alias="retryAfter")
    pause_capability: Literal["true", "false"] | None = Field(None, alias="pauseCapability")
    traceparent: Annotated[str, Field(pattern=_TRACEPARENT)] | None = None

    @classmethod
    def problems(cls, fields: Mapping[str, Any]) -> list[str]:
        # v has a default for building replies in code, but an entry without it is malformed.
        found = [] if "v" in fields else ["required property 'v' not found"]
        return found + super().problems(fields)

    @classmethod
    def _conditional_problems(cls, fields: Mapping[str, str]) -> list[str]:
        # As the schema's if/then/else: a status that is absent satisfies the "if" and so needs an output.
        needed = ["output"] if fields.get("status", "ok") == "ok" else ["error", "retryable"]
        found = [f"required property '{name}' not found" for name in needed if name not in fields]
        # Read only with a retryable error, where a delay longer than a day is refused.
        retry_after = fields.get("retryAfter")
        duration = _RETRY_AFTER_DURATION.fullmatch(retry_after) if retry_after else None
        if (fields.get("status") == "error" and fields.get("retryable") == "true" and duration
                and int(duration.group(1)) * _MILLIS_PER_UNIT[duration.group(2)] > LONGEST_RETRY_AFTER_MILLIS):
            found.append(f"/retryAfter: {retry_after} is longer than 24h")
        return found

    @classmethod
    def success(cls, task: TaskEnvelope, agent_id: str, output: str) -> ReplyEnvelope:
        return cls(taskId=task.task_id, dispatchId=task.dispatch_id, workflowId=task.workflow_id,
                   token=task.token, agentId=agent_id, status="ok", output=output)

    @classmethod
    def failure(cls, task: TaskEnvelope, agent_id: str, error: str, retryable: bool,
                retry_after_seconds: float | None = None, pause_capability: bool = False) -> ReplyEnvelope:
        """An error reply; a retryable one may ask the run to wait at least ``retry_after_seconds`` (at most a day),
        and with ``pause_capability`` every run to wait as long before dispatching to the capability."""
        retry_after = None
        if retry_after_seconds is not None and retryable:
            retry_after = f"{min(max(0, round(retry_after_seconds * 1000)), LONGEST_RETRY_AFTER_MILLIS)}ms"
        return cls(taskId=task.task_id, dispatchId=task.dispatch_id, workflowId=task.workflow_id,
                   token=task.token, agentId=agent_id, status="error", error=_bounded(error),
                   retryable="true" if retryable else "false", retryAfter=retry_after,
                   pauseCapability="true" if pause_capability and retry_after else None)

    @classmethod
    def dead_lettered(cls, fields: Mapping[str, str], agent_id: str, reason: str) -> dict[str, str] | None:
        """The notice telling a run its task went to the dead letters, or None when the entry names no run.

        It answers a dispatch id of its own, so a real answer after an operator re-drives the task is
        still accepted; it is not retryable, as the same task would be malformed again. Built as plain
        fields because the task's ids may themselves break the schema (the bridge then dead-letters it).
        """
        if not all(isinstance(fields.get(k), str) and fields[k].strip() for k in ("taskId", "dispatchId", "workflowId")):
            return None
        notice = {"v": PROTOCOL_VERSION, "taskId": fields["taskId"],
                  "dispatchId": fields["dispatchId"] + DEAD_LETTER_SUFFIX, "workflowId": fields["workflowId"]}
        if isinstance(fields.get("token"), str):
            notice["token"] = fields["token"]
        notice.update(agentId=agent_id, status="error", error=_bounded("dead-lettered: " + reason), retryable="false")
        return notice

    @property
    def ok(self) -> bool:
        return self.status == "ok"


class ProgressEnvelope(_Envelope):
    """Progress on a task, or a chunk of its partial output, as an entry of ``chorus:progress``
    (docs/schemas/progress-envelope.schema.json). It carries the task's ids and token, so the bridge relays
    it to the task's run; it never changes the run, which applies only the reply."""

    _kind = "progress"
    _enumerations = {"kind": ["progress", "output"]}

    v: Literal["2"] = "2"
    task_id: Annotated[str, Field(min_length=1, max_length=512)] = Field(alias="taskId")
    dispatch_id: Annotated[str, Field(min_length=1, max_length=600)] = Field(alias="dispatchId")
    workflow_id: Annotated[str, Field(min_length=1, max_length=512)] = Field(alias="workflowId")
    step: Annotated[str, Field(min_length=1, max_length=200)]
    token: Annotated[str, Field(min_length=1, max_length=256)]
    agent_id: Annotated[str, Field(min_length=1, max_length=200)] = Field(alias="agentId")
    kind: Literal["progress", "output"]
    fraction: Annotated[str, Field(pattern=_FRACTION)] | None = None
    message: Annotated[str, Field(max_length=MAX_MESSAGE_CHARS)] | None = None
    chunk: Annotated[str, Field(min_length=1, max_length=MAX_CHUNK_CHARS)] | None = None

    @classmethod
    def problems(cls, fields: Mapping[str, Any]) -> list[str]:
        # v has a default for building entries in code, but an entry without it is malformed.
        found = [] if "v" in fields else ["required property 'v' not found"]
        return found + super().problems(fields)

    @classmethod
    def _conditional_problems(cls, fields: Mapping[str, str]) -> list[str]:
        # As the schema's if/then: an output entry carries its chunk.
        return ["required property 'chunk' not found"] if fields.get("kind") == "output" and "chunk" not in fields else []

    @classmethod
    def of_progress(cls, task: TaskEnvelope, agent_id: str, fraction: float | None,
                    message: str | None) -> ProgressEnvelope:
        if fraction is not None and not 0 <= fraction <= 1:
            raise ValueError(f"progress fraction must be between 0 and 1, was {fraction}")
        if message is not None and len(message) > MAX_MESSAGE_CHARS:
            raise ValueError(f"progress message of {len(message)} characters is over the limit of {MAX_MESSAGE_CHARS}")
        text = None if fraction is None else (f"{fraction:.6f}".rstrip("0").rstrip(".") or "0")
        return cls(taskId=task.task_id, dispatchId=task.dispatch_id, workflowId=task.workflow_id, step=task.step,
                   token=task.token, agentId=agent_id, kind="progress", fraction=text, message=message)

    @classmethod
    def of_output(cls, task: TaskEnvelope, agent_id: str, chunk: str) -> ProgressEnvelope:
        if not chunk or len(chunk) > MAX_CHUNK_CHARS:
            raise ValueError(f"a chunk of partial output must have 1 to {MAX_CHUNK_CHARS} characters,"
                             f" had {len(chunk or '')}")
        return cls(taskId=task.task_id, dispatchId=task.dispatch_id, workflowId=task.workflow_id, step=task.step,
                   token=task.token, agentId=agent_id, kind="output", chunk=chunk)


def _bounded(error: str) -> str:
    """An error message within the schema's 8192 characters, and never empty."""
    error = error or "error"
    return error if len(error) <= 8192 else error[:8150] + f"... ({len(error)} characters in all)"
