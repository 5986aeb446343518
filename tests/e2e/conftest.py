"""End-to-end harness: the real bot (composition root, PTB, database) against the local Bot API.

Tests talk to the bot as a Telegram user would, through ``SimClient``: send text, press buttons
by their Vietnamese labels, upload files, read the bot's replies.  ``bot.restart()`` stops the
application and builds a new one on the same database, as a crash and restart would.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from bot.app import build_application, build_services, close_services, polling
from bot.config import TIMEZONE, load_settings
from bot.localapi.client import SimClient
from bot.localapi.server import LocalBotApi
from bot.services.clock import Clock
from tests.conftest import FIXED_NOW

TOKEN = "123456:TEST-TOKEN-for-the-local-bot-api"
OFFICER_ID = 777001
PROVINCE = "Tỉnh Khánh Hòa"


class BotHarness:
    def __init__(self, api: LocalBotApi, database_url: str, data_dir: Path, clock: Clock) -> None:
        self.settings = replace(
            load_settings({"DATABASE_URL": database_url, "BOT_ADMIN_IDS": str(OFFICER_ID), "BOT_PROVINCE": PROVINCE,
                           "DATA_DIR": str(data_dir)}, env_file=None),
            telegram_api_base_url=api.base_url, telegram_file_base_url=api.base_file_url,
        )
        self.clock = clock
        self._running: Any = None
        self.services: Any = None

    async def start(self) -> None:
        self.services = await build_services(self.settings, clock=self.clock)
        application = build_application(self.settings, self.services, token=TOKEN)
        self._running = polling(application, poll_timeout=1)
        await self._running.__aenter__()

    async def stop(self) -> None:
        if self._running is not None:
            await self._running.__aexit__(None, None, None)
            self._running = None
        if self.services is not None:
            await close_services(self.services)
            self.services = None

    async def restart(self) -> None:
        await self.stop()
        await self.start()


@pytest.fixture
async def api() -> AsyncIterator[LocalBotApi]:
    async with LocalBotApi(host="127.0.0.1", port=0) as server:
        yield server


@pytest.fixture
async def client(api: LocalBotApi) -> AsyncIterator[SimClient]:
    sim = SimClient(api.url)
    try:
        yield sim
    finally:
        await sim.close()


@pytest.fixture
async def e2e_database_url(database_url: str) -> AsyncIterator[str]:
    """Every end-to-end test runs once on SQLite and once on a fresh PostgreSQL database."""
    yield database_url


@pytest.fixture
async def bot(api: LocalBotApi, e2e_database_url: str, tmp_path: Path) -> AsyncIterator[BotHarness]:
    harness = BotHarness(api, e2e_database_url, tmp_path / "data", Clock(TIMEZONE, FIXED_NOW))
    await harness.start()
    try:
        yield harness
    finally:
        await harness.stop()
