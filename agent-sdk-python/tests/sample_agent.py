"""The agent the tests run: in this process, or as a process of its own (``python sample_agent.py``)."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from pydantic import BaseModel, Field

from chorus_agent import Agent, RetryableError

CAPABILITY = "text.count"


class Text(BaseModel):
    text: str = Field(min_length=1)
    gate: str | None = None  # a file the work waits for, so a test holds a task in hand as long as it needs


class Count(BaseModel):
    words: int


def make_agent(**settings) -> Agent:
    agent = Agent(**settings)

    @agent.capability(CAPABILITY, "1.2.0")
    async def count(task: Text) -> Count:
        if task.gate:
            while not Path(task.gate).exists():
                await asyncio.sleep(0.02)
        if task.text == "retry":
            raise RetryableError("the dictionary is away")
        if task.text == "boom":
            raise ValueError("boom")
        return Count(words=len(task.text.split()))

    return agent


# For push mode: python -m chorus_agent.push sample_agent:agent (settings come from the environment).
agent = make_agent()

if __name__ == "__main__":
    make_agent(heartbeat=float(os.environ.get("TEST_HEARTBEAT", "5")),
               lease=float(os.environ.get("TEST_LEASE", "15"))).run()
