"""A Chorus agent in Python, written from docs/agent-protocol.md alone.

It serves the capability ``text.stats``: counts of words and sentences, the average word length and
an estimate of the reading time. Run it with ``python3 chorus_agent.py``; it reads
``CHORUS_REDIS_URI`` (default ``redis://127.0.0.1:6379``; the ``redis://user:password@host:port`` URI of
its own credentials, ``rediss://`` for TLS) and ``CHORUS_AGENT_ID``.
"""

import json
import os
import re
import signal
import socket
import threading
import time

import redis

PROTOCOL_VERSION = "2"
CAPABILITY = "text.stats"
VERSION = "1.0.0"
GROUP = "agents"
REPLIES = "chorus:replies"
TASKS = "chorus:tasks:%s:v%s" % (CAPABILITY, VERSION.split(".")[0])
HEARTBEAT_SECONDS = 5
LEASE_SECONDS = 15
DEAD_TASKS = "chorus:dead-letters:tasks:" + CAPABILITY
REQUIRED = ("v", "taskId", "dispatchId", "workflowId", "step", "capability", "attempt", "deadline", "input", "token")
MAX_JSON = 1024 * 1024
WORDS_PER_MINUTE = 200


class AgentError(Exception):
    """A failed task; ``retryable`` says whether another attempt may succeed."""

    def __init__(self, message, retryable):
        super().__init__(message)
        self.retryable = retryable


def stats(task_input):
    """The work itself: plain, deterministic text statistics."""
    text = task_input.get("text")
    if not isinstance(text, str) or not text.strip():
        raise AgentError("input field 'text' must be a non-empty string", retryable=False)
    words = re.findall(r"[^\W_]+(?:'[^\W_]+)?", text)
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]
    average = sum(len(w) for w in words) / len(words) if words else 0
    return {
        "words": len(words),
        "sentences": len(sentences),
        "averageWordLength": round(average, 2),
        "readingSeconds": round(len(words) * 60 / WORDS_PER_MINUTE),
    }


def problems_of(task):
    """Every way an entry breaks the task envelope schema (docs/schemas/task-envelope.schema.json)."""
    found = ["required property '%s' not found" % f for f in REQUIRED if not task.get(f)]
    if task.get("v") not in (None, PROTOCOL_VERSION):
        found.append("/v: must be the constant value '%s'" % PROTOCOL_VERSION)
    for field in ("attempt", "delivery"):
        if task.get(field) is not None and not re.fullmatch(r"[1-9][0-9]{0,8}", task[field]):
            found.append("/%s: must be a positive integer" % field)
    if task.get("deadline") is not None and not re.fullmatch(r"[0-9]{1,15}", task["deadline"]):
        found.append("/deadline: must be epoch milliseconds")
    raw = task.get("input")
    if raw is not None:
        if len(raw) > MAX_JSON:
            found.append("/input: must be at most %d characters long" % MAX_JSON)
        else:
            try:
                if not isinstance(json.loads(raw), dict):
                    found.append("/input: must hold a JSON object")
            except ValueError as e:
                found.append("/input: is not JSON (%s)" % e)
    return found


class Backoff:
    """The wait between attempts while Redis is away: doubling from a tenth of a second up to five."""

    FIRST_SECONDS = 0.1
    MAX_SECONDS = 5.0

    def __init__(self):
        self.delay = 0

    def wait(self, why):
        self.delay = min(self.MAX_SECONDS, self.delay * 2 or self.FIRST_SECONDS)
        print("%s; retrying in %.1f s" % (why, self.delay), flush=True)
        time.sleep(self.delay)

    def reset(self):
        self.delay = 0


class Agent:
    def __init__(self, client, agent_id, concurrency=1):
        self.redis = client
        self.agent_id = agent_id
        self.concurrency = concurrency
        self.running = True

    def join(self):
        """The group, created at the beginning of the stream so tasks written before any agent came up are read
        too, and the registration: again after every Redis error, as a Redis that lost its data needs both."""
        try:
            self.redis.xgroup_create(TASKS, GROUP, id="0", mkstream=True)
        except redis.ResponseError as e:
            if "BUSYGROUP" not in str(e):
                raise
        self.register()

    def expiry(self):
        return int((time.time() + LEASE_SECONDS) * 1000)

    def key(self):
        """Registration and leases, step 1: the agent's own hash, the one registry key it may write."""
        return "chorus:agent:%s:%s" % (CAPABILITY, self.agent_id)

    def register(self, state="ready"):
        """Step 2: the hash with the lease, the change counter and the message."""
        tx = self.redis.pipeline(transaction=True)
        tx.delete(self.key())
        tx.hset(self.key(), mapping={"v": PROTOCOL_VERSION, "capability": CAPABILITY, "version": VERSION,
                                     "concurrency": str(self.concurrency), "labels": "lang=python",
                                     "state": state, "lease": str(self.expiry())})
        tx.incr("chorus:registry:version")
        tx.publish("chorus:registry:changes", self.agent_id)
        tx.execute()

    def heartbeat(self):
        """Step 3: renew the lease; a reply of 1 (a new field) means the registry dropped us, so register again,
        as after a failed heartbeat: meanwhile the registration may have been dropped or half written."""
        stale = False
        while self.running:
            time.sleep(HEARTBEAT_SECONDS)
            try:
                if self.redis.hset(self.key(), "lease", str(self.expiry())) == 1 or stale:
                    self.register()
                stale = False
            except redis.RedisError as e:
                stale = True
                print("heartbeat failed, retrying: %s: %s" % (type(e).__name__, e), flush=True)

    def withdraw(self):
        """Step 5, on a clean shutdown after the last read; while Redis is away the lease runs out instead."""
        tx = self.redis.pipeline(transaction=True)
        tx.delete(self.key())
        tx.incr("chorus:registry:version")
        tx.publish("chorus:registry:changes", self.agent_id)
        try:
            tx.execute()
        except redis.RedisError as e:
            print("could not withdraw, the lease will run out: %s: %s" % (type(e).__name__, e), flush=True)

    def run(self):
        threading.Thread(target=self.heartbeat, daemon=True).start()
        backoff = Backoff()
        joined = False
        pending_cursor = "0"  # our own unacknowledged tasks first, after a restart under the same id
        while self.running:
            try:
                if not joined:
                    self.join()
                    joined = True
                    print("agent ready: capability=%s id=%s stream=%s" % (CAPABILITY, self.agent_id, TASKS), flush=True)
                start = pending_cursor if pending_cursor is not None else ">"
                answer = self.redis.xreadgroup(GROUP, self.agent_id, {TASKS: start}, count=1, block=1000)
                entries = answer[0][1] if answer else []
                if pending_cursor is not None:
                    pending_cursor = entries[-1][0] if entries else None
                for entry_id, fields in entries:
                    self.perform(entry_id, fields)
                backoff.reset()
            except redis.RedisError as e:
                # Every kind, not only ConnectionError: a paused Redis times out (TimeoutError), a starting one
                # answers LOADING, a demoted one READONLY, one that lost its data NOGROUP. None is for good.
                # A task read but not answered and acknowledged stays pending for us: read those again first.
                joined = False
                pending_cursor = "0"
                backoff.wait("redis unavailable (%s: %s)" % (type(e).__name__, e))

    def perform(self, entry_id, task):
        found = problems_of(task)
        if found:
            self.reject(entry_id, task, "malformed task: " + "; ".join(found))
            return
        if int(task["deadline"]) < time.time() * 1000:
            self.redis.xack(TASKS, GROUP, entry_id)  # the run dispatched it again or gave up
            return
        # The token is opaque: echoed unchanged, it proves to Chorus that this reply answers this task.
        reply = {"v": PROTOCOL_VERSION, "taskId": task["taskId"], "dispatchId": task["dispatchId"],
                 "workflowId": task["workflowId"], "token": task["token"], "agentId": self.agent_id}
        try:
            reply.update(status="ok", output=json.dumps(stats(json.loads(task["input"]))))
        except AgentError as e:
            reply.update(status="error", error=str(e), retryable=str(e.retryable).lower())
        except Exception as e:  # a passing fault, as far as we know: let the run try again
            reply.update(status="error", error="%s: %s" % (type(e).__name__, e), retryable="true")
        if "traceparent" in task:
            reply["traceparent"] = task["traceparent"]
        # The reply first, then the acknowledgement: a crash in between repeats the work, never loses it.
        self.redis.xadd(task.get("replyTo") or REPLIES, reply)
        self.redis.xack(TASKS, GROUP, entry_id)

    def reject(self, entry_id, task, reason):
        letter = {"stream": TASKS, "entryId": entry_id, "reason": reason, "rejectedBy": self.agent_id, "deliveries": "1"}
        letter.update({"field." + k: v for k, v in task.items()})
        self.redis.xadd(DEAD_TASKS, letter)
        if task.get("taskId") and task.get("dispatchId") and task.get("workflowId") and task.get("token"):
            self.redis.xadd(REPLIES, {
                "v": PROTOCOL_VERSION, "taskId": task["taskId"], "dispatchId": task["dispatchId"] + "!dead-letter",
                "workflowId": task["workflowId"], "token": task["token"], "agentId": self.agent_id,
                "status": "error", "error": "dead-lettered: " + reason, "retryable": "false"})
        self.redis.xack(TASKS, GROUP, entry_id)


def main():
    uri = os.environ.get("CHORUS_REDIS_URI", "redis://127.0.0.1:6379")
    agent_id = os.environ.get("CHORUS_AGENT_ID", "%s@%s-%d" % (CAPABILITY, socket.gethostname(), os.getpid()))
    agent = Agent(redis.Redis.from_url(uri, decode_responses=True), agent_id)

    def stop(signum, frame):
        agent.running = False

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    agent.run()
    agent.withdraw()


if __name__ == "__main__":
    main()
