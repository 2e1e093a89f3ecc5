"""A test agent on the Python SDK: serves the capability named by CAPABILITY, holds each task for
HOLD_SECONDS (default 0), then answers with the task's input."""

import asyncio
import os

from pydantic import BaseModel, ConfigDict

from chorus_agent import Agent

agent = Agent()


class Anything(BaseModel):
    model_config = ConfigDict(extra="allow")


class Echo(BaseModel):
    echo: dict


@agent.capability(os.environ["CAPABILITY"], "1.0.0")
async def hold(task: Anything) -> Echo:
    await asyncio.sleep(float(os.environ.get("HOLD_SECONDS", "0")))
    return Echo(echo=task.model_dump())


if __name__ == "__main__":
    agent.run()
