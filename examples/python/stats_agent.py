"""A Chorus agent in Python, on the chorus-agent SDK (agent-sdk-python). The file is not named
chorus_agent.py, which would hide the SDK's package of that name from the import below.

It serves the capability ``text.stats``: counts of words and sentences, the average word length and
an estimate of the reading time. Run it with ``python3 stats_agent.py``; it reads
``CHORUS_REDIS_URI`` (default ``redis://127.0.0.1:6379``; the ``redis://user:password@host:port`` URI of
its own credentials, ``rediss://`` for TLS) and ``CHORUS_AGENT_ID``, as every SDK setting, from the environment.
"""

import re

from pydantic import BaseModel

from chorus_agent import Agent, TaskContext, TaskError

WORDS_PER_MINUTE = 200
agent = Agent(labels={"lang": "python"})


class Text(BaseModel):
    text: str


class Stats(BaseModel):
    words: int
    sentences: int
    averageWordLength: float
    readingSeconds: int


@agent.capability("text.stats", "1.0.0")
def stats(task: Text, context: TaskContext) -> Stats:
    """The work itself: plain, deterministic text statistics, telling how far it got as it goes."""
    if not task.text.strip():
        raise TaskError("input field 'text' must be a non-empty string")
    words = re.findall(r"[^\W_]+(?:'[^\W_]+)?", task.text)
    context.progress(0.5, f"counted {len(words)} words")
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", task.text.strip()) if s]
    context.progress(1, f"counted {len(sentences)} sentences")
    average = sum(len(w) for w in words) / len(words) if words else 0
    return Stats(words=len(words), sentences=len(sentences), averageWordLength=round(average, 2),
                 readingSeconds=round(len(words) * 60 / WORDS_PER_MINUTE))


if __name__ == "__main__":
    agent.run()
