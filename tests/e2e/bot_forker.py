"""Test helper: import the bot once, then fork a fresh bot process for each ``start`` line on stdin.

Starting ``python -m bot run`` costs several seconds of imports; the SIGKILL tests restart the
bot a few times, so this process pays the imports once and forks a child that builds the real
bot (composition root, database, PTB polling) from scratch, exactly as ``run`` does.  It prints
each child's pid; the test kills the child.  Settings come from the environment only.
"""

from __future__ import annotations

import asyncio
import os
import sys

from bot.app import build_application, build_services, close_services, configure_logging, polling
from bot.config import Settings, load_settings
from bot.rules import RuleBook, load_rulebook


async def _serve(settings: Settings, rules: RuleBook) -> None:
    services = await build_services(settings, rules=rules)
    try:
        async with polling(build_application(settings, services)):
            await asyncio.Event().wait()  # until the test kills this process
    finally:
        await close_services(services)


def main() -> int:
    settings = load_settings(env_file=None)
    rules = load_rulebook()
    child = 0
    for line in sys.stdin:
        if line.strip() != "start":
            continue
        if child:
            os.waitpid(child, 0)  # the previous bot is dead before the next one starts
        child = os.fork()
        if child == 0:
            configure_logging(settings.log_level)
            asyncio.run(_serve(settings, rules))
            os._exit(0)
        print(child, flush=True)
    if child:
        os.waitpid(child, 0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
