"""The Chorus agent SDK for Python: typed capabilities served over the Chorus task streams or over HTTP.

    from pydantic import BaseModel
    from chorus_agent import Agent

    agent = Agent()

    class In(BaseModel):
        text: str

    class Out(BaseModel):
        words: int

    @agent.capability("text.count", "1.0.0")
    async def count(task: In) -> Out:
        return Out(words=len(task.text.split()))

    agent.run()
"""

from .agent import Agent
from .capability import Capability, RetryableError, TaskContext, TaskError
from .envelopes import MalformedEnvelope, ProgressEnvelope, ReplyEnvelope, TaskEnvelope

__version__ = "0.1.0"
__all__ = ["Agent", "Capability", "MalformedEnvelope", "ProgressEnvelope", "ReplyEnvelope", "RetryableError", "TaskContext",
           "TaskEnvelope", "TaskError", "__version__"]
