"""At LOG_LEVEL=DEBUG the whole log of an application and a lookup holds no ID, phone, account or token."""

from __future__ import annotations

import io
import logging
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot import logsafe
from bot.app import configure_logging
from bot.config import TIMEZONE
from bot.localapi.client import SimClient
from bot.localapi.server import LocalBotApi
from bot.services.clock import Clock
from tests.conftest import FIXED_NOW
from tests.e2e.conftest import TOKEN, BotHarness
from tests.e2e.test_apply import fill_until_summary, say, tap, texts

ID_NUMBER = "001085012345"
SECRETS = [ID_NUMBER, "0912.345.678", "912345678", "0071 0001 23456", "00710001", TOKEN, TOKEN.split(":")[1]]


@pytest.fixture
async def debug_log(api: LocalBotApi, e2e_database_url: str, tmp_path: Path) -> AsyncIterator[tuple[BotHarness, io.StringIO]]:
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    levels = {name: logging.getLogger(name).level for name in ("httpx", "httpcore")}
    buffer = io.StringIO()
    configure_logging("DEBUG", stream=buffer)
    harness = BotHarness(api, e2e_database_url, tmp_path / "data", Clock(TIMEZONE, FIXED_NOW))
    await harness.start()
    try:
        yield harness, buffer
    finally:
        await harness.stop()
        logsafe.uninstall()
        root.handlers[:] = handlers
        root.setLevel(level)
        for name, old in levels.items():
            logging.getLogger(name).setLevel(old)
        logging.captureWarnings(False)


async def test_a_debug_log_of_an_application_and_a_lookup_holds_no_personal_number(
        debug_log: tuple[BotHarness, io.StringIO], client: SimClient) -> None:
    _bot, buffer = debug_log
    user = await client.user(id=4601, first_name="An")
    await fill_until_summary(user, ID_NUMBER)
    assert "Mã hồ sơ của bạn" in await tap(user, "Gửi hồ sơ")
    await user.send("/tracuu")
    await texts(user)
    await say(user, ID_NUMBER)
    assert "Kết quả tra cứu" in await say(user, "1/2/1985")
    log = buffer.getvalue()
    assert "getUpdates" in log and "sendMessage" in log  # PTB and httpx really logged at DEBUG
    assert "*********345" in log  # the number went through the log, masked
    leaked = [secret for secret in SECRETS if secret in log]
    assert leaked == []
