"""``python -m chorus_agent.push module:agent [--host 127.0.0.1] [--port 8080]``."""

from __future__ import annotations

import argparse
import importlib

from ..agent import Agent


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m chorus_agent.push",
                                     description="Serve an agent's capabilities over HTTP (push mode).")
    parser.add_argument("agent", help="module:attribute of the Agent, e.g. my_agent:agent")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    options = parser.parse_args(argv)
    module_name, _, attribute = options.agent.partition(":")
    agent = getattr(importlib.import_module(module_name), attribute or "agent", None)
    if not isinstance(agent, Agent):
        parser.error(f"{options.agent} is not a chorus_agent.Agent")
    agent.serve_http(options.host, options.port)


if __name__ == "__main__":
    main()
