"""``python -m bot demo``: the local Bot API server, the real bot polling it, a seeded demo database
and the ``/demo`` page, all in one process on this machine.

The demo database is its own SQLite file, ``DATA_DIR/demo.db``, rebuilt at every start: the chats
live in the local server's memory and vanish with the process, so a reused database would hold
dialogs nobody can see; and the data's dates (overdue applications) are relative to today.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from pathlib import Path

from aiohttp import web

from bot.app import build_application, build_services, close_services, polling
from bot.config import Settings
from bot.localapi.server import LocalBotApi
from bot.services.clock import Clock
from bot.services.container import Services
from bot.web import build_web_app
from demo.data import SHOWCASE, generate
from demo.seed import ACCOUNTS, APPLICANT_IDS_FROM, SeedReport, check_places, seed
from demo.web import add_demo_routes

DEMO_TOKEN = "1000000001:local-bot-api-token-for-the-browser-demo"
DEFAULT_PEOPLE = 120


@dataclass(frozen=True)
class DemoOptions:
    host: str = "127.0.0.1"
    port: int = 8080
    people: int = DEFAULT_PEOPLE     # approved people in the synthetic lists
    applicants: int = 8              # pending applications (a third of them overdue)
    clock: Clock | None = None       # the tests' fixed clock; the real one otherwise


@dataclass(frozen=True)
class RunningDemo:
    url: str            # the page: http://host:port/demo
    services: Services
    report: SeedReport


def demo_settings(settings: Settings, api: LocalBotApi) -> Settings:
    """The operator's settings, pointed at the local server and the demo's own database; no admin ids
    (every officer of the demo is an account made by the officer service)."""
    data_dir = Path(settings.data_dir)
    return replace(settings, bot_token=None, database_url=f"sqlite+aiosqlite:///{data_dir / 'demo.db'}",
                   telegram_api_base_url=api.base_url, telegram_file_base_url=api.base_file_url,
                   admin_ids=frozenset(), province=None, webhook_secret=None, webhook_url=None)


def fresh_database(data_dir: Path) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm", "-journal"):
        (data_dir / f"demo.db{suffix}").unlink(missing_ok=True)


def _base_app(services: Services, settings: Settings) -> web.Application:
    """The public site (``/``, ``/tra-cuu``) that /demo is added to, so one server serves all three; uploads of
    lists through the chat page need a larger body than the public site allows."""
    return build_web_app(services, settings, max_body=32 * 1024 * 1024)


@contextlib.asynccontextmanager
async def demo_stack(settings: Settings, options: DemoOptions = DemoOptions()) -> AsyncIterator[RunningDemo]:
    """Everything the demo needs, started for the block and stopped cleanly after it."""
    async with LocalBotApi(host="127.0.0.1", port=0, token=DEMO_TOKEN) as api:
        local = demo_settings(settings, api)
        fresh_database(Path(local.data_dir))
        data = generate(options.people, applicants=options.applicants)
        await asyncio.to_thread(check_places, data)
        services = await build_services(local, clock=options.clock)
        try:
            report = await seed(services, data, Path(local.data_dir) / "demo-lists")
            for account in ACCOUNTS:
                api.world.register({"id": account.user_id, "first_name": account.first_name, "language_code": "vi"})
            for index, person in enumerate(data.applicants):  # their decision notices have a chat to reach
                api.world.register({"id": APPLICANT_IDS_FROM + index, "first_name": person.full_name.split()[-1]})
            application = build_application(local, services, token=DEMO_TOKEN)
            async with polling(application, poll_timeout=1):
                app = _base_app(services, local)
                add_demo_routes(app, api.url, ACCOUNTS, SHOWCASE)
                runner = web.AppRunner(app, access_log=None)
                await runner.setup()
                site = web.TCPSite(runner, options.host, options.port)
                await site.start()
                try:
                    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]  # noqa: SLF001
                    yield RunningDemo(f"http://{options.host}:{port}/demo", services, report)
                finally:
                    await runner.cleanup()
        finally:
            await close_services(services)


async def run_demo(settings: Settings, options: DemoOptions) -> int:
    """``python -m bot demo``: start, print the URL, wait for Ctrl+C."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    print("Preparing the demo (synthetic data, a fresh demo database)…", flush=True)
    async with demo_stack(settings, options) as demo:
        r = demo.report
        print(f"Demo data: {r.approved} approved, {r.paid} paid, {r.pending} pending applications "
              f"({r.overdue} overdue), one officer of each level.", flush=True)
        print(f"Open {demo.url} in your browser (only this computer can reach it). Press Ctrl+C to stop.",
              flush=True)
        await stop.wait()
    return 0


__all__ = ["DemoOptions", "RunningDemo", "demo_stack", "run_demo"]
