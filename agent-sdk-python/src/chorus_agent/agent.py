"""The agent: its capabilities, the work of one task, and the two ways of serving them."""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Callable
from typing import Any, TypeVar

from . import logs, settings as settings_module, tracing
from .capability import Capability, TaskContext, TaskError, capability_of, check_declaration
from .envelopes import ProgressEnvelope, ReplyEnvelope, TaskEnvelope
from .progress import ProgressWriter

F = TypeVar("F", bound=Callable[..., Any])


class Agent:
    """Serves typed capabilities over the Chorus task streams (:meth:`run`) or over HTTP (:meth:`serve_http`).

    Settings not given come from the environment as the Java SDK reads them (``CHORUS_REDIS_URI``,
    ``CHORUS_AGENT_ID``, ``CHORUS_AGENT_CONCURRENCY``, ``CHORUS_AGENT_LABELS``, ``CHORUS_AGENT_HEARTBEAT``,
    ``CHORUS_AGENT_LEASE``, ``CHORUS_AGENT_TOUCH_INTERVAL``), when the agent starts.
    """

    def __init__(self, agent_id: str | None = None, *, redis_uri: str | None = None,
                 concurrency: int | None = None, labels: dict[str, str] | None = None,
                 heartbeat: float | None = None, lease: float | None = None,
                 touch_interval: float | None = None, drain_timeout: float | None = None,
                 read_block: float | None = None, socket_timeout: float | None = None) -> None:
        self._given = dict(agent_id=agent_id, redis_uri=redis_uri, concurrency=concurrency, labels=labels,
                           heartbeat=heartbeat, lease=lease, touch_interval=touch_interval,
                           drain_timeout=drain_timeout, read_block=read_block, socket_timeout=socket_timeout)
        self.capabilities: dict[str, Capability] = {}
        self._settings: settings_module.Settings | None = None
        self._stop: asyncio.Event | None = None

    def capability(self, name: str, version: str) -> Callable[[F], F]:
        """Declares ``name`` at ``version`` served by the decorated function (``async def`` or ``def``), which
        takes an input model (and optionally a :class:`TaskContext`) and returns an output model."""

        check_declaration(name, version)

        def register(handler: F) -> F:
            if name in self.capabilities:
                raise ValueError(f"capability {name} is declared twice")
            self.capabilities[name] = capability_of(name, version, handler)
            return handler

        return register

    @property
    def settings(self) -> settings_module.Settings:
        if self._settings is None:
            if not self.capabilities:
                raise ValueError("the agent declares no capability")
            self._settings = settings_module.from_environment(next(iter(self.capabilities)), **self._given)
        return self._settings

    @property
    def agent_id(self) -> str:
        return self.settings.agent_id

    async def handle(self, capability: Capability, task: TaskEnvelope,
                     progress: ProgressWriter | None = None) -> ReplyEnvelope:
        """The reply to a well-formed task: every failure becomes an error reply, none is raised. The task's
        progress goes to ``progress``, all of it written before this returns; nowhere without one."""
        attributes = {"chorus.capability": task.capability, "chorus.step": task.step,
                      "chorus.run_id": task.workflow_id, "chorus.agent_id": self.agent_id,
                      "chorus.attempt": int(task.attempt)}
        with tracing.task_span(task.capability, task.traceparent, attributes) as span:
            context = TaskContext(task.task_id, task.workflow_id, task.step, int(task.attempt),
                                  task.delivery_count, task.deadline_millis,
                                  None if progress is None else _TaskProgress(progress, task, self.agent_id))
            try:
                try:
                    output = await capability.call(task.input, context)
                finally:
                    if progress is not None:
                        await progress.close()
                reply = ReplyEnvelope.success(task, self.agent_id, output)
            except TaskError as e:
                reply = ReplyEnvelope.failure(task, self.agent_id, str(e), e.retryable,
                                              getattr(e, "retry_after_seconds", None),
                                              getattr(e, "pause_capability", False))
            except Exception as e:  # a passing fault, as far as is known: the step's attempt limit bounds retries
                reply = ReplyEnvelope.failure(task, self.agent_id, f"{type(e).__name__}: {e}", True)
            if not reply.ok:
                tracing.failed(span, reply.error or "")
                logs.event(logging.INFO, "task failed", capability=task.capability, taskId=task.task_id,
                           retryable=reply.retryable, error=reply.error)
            traceparent = tracing.current_traceparent()
        return reply.model_copy(update={"traceparent": traceparent}) if traceparent else reply

    def run(self) -> None:
        """Serves the task streams until SIGTERM or SIGINT, then drains and withdraws."""
        logs.configure()
        asyncio.run(self.run_async(install_signal_handlers=True))

    async def run_async(self, install_signal_handlers: bool = False) -> None:
        """Serves the task streams until :meth:`stop` (or a signal, when asked to install handlers)."""
        from .streams import StreamWorker

        self._stop = asyncio.Event()
        if install_signal_handlers:
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGTERM, signal.SIGINT):
                loop.add_signal_handler(sig, self._stop.set)
        workers = [StreamWorker(self, capability) for capability in self.capabilities.values()]
        try:
            async with asyncio.TaskGroup() as group:
                for worker in workers:
                    group.create_task(worker.run(self._stop))
        finally:
            for worker in workers:
                await worker.close()

    def stop(self) -> None:
        """Begins the drain of :meth:`run_async`: nothing new is read, the tasks in hand finish."""
        if self._stop is not None:
            self._stop.set()

    def serve_http(self, host: str = "127.0.0.1", port: int = 8080) -> None:
        """Serves the capabilities over HTTP (push mode, docs/agent-protocol.md), without Redis."""
        from .push import serve

        logs.configure()
        serve(self, host, port)


class _TaskProgress:
    """One task's :class:`~chorus_agent.capability.ProgressSink`: its entries, with its ids and token."""

    def __init__(self, writer: ProgressWriter, task: TaskEnvelope, agent_id: str) -> None:
        self.writer, self.task, self.agent_id = writer, task, agent_id

    def progress(self, fraction: float | None, message: str | None) -> None:
        self.writer.tell(ProgressEnvelope.of_progress(self.task, self.agent_id, fraction, message))

    def emit(self, chunk: str) -> None:
        self.writer.tell(ProgressEnvelope.of_output(self.task, self.agent_id, chunk))
