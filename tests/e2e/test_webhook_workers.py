"""Two webhook workers on one PostgreSQL database serve one bot.

The test plays Telegram: it takes each update the simulated user produced from the local Bot API
server and posts it, with the secret header, to worker A or worker B in turn, as a load
balancer would.  The conversation must come out exactly as with one worker, and two presses of
the same button reaching both workers at once must move the dialog on once.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.app import build_application, build_services, close_services, serving
from bot.config import TIMEZONE, load_settings
from bot.localapi.client import SimClient, SimUser
from bot.localapi.server import LocalBotApi
from bot.services.clock import Clock
from storage.repositories.dialogs import DialogStateRepository
from bot.webhook import SECRET_HEADER, WebhookOptions, webhook_server
from tests.conftest import FIXED_NOW
from tests.e2e.conftest import TOKEN

pytestmark = pytest.mark.postgres
SECRET = "s3cret-token-for-the-webhook"


class Telegram:
    """Delivers the local server's pending updates to the workers, round robin."""

    def __init__(self, api: LocalBotApi, ports: list[int]) -> None:
        self.api = api
        self.urls = [f"http://127.0.0.1:{p}/telegram" for p in ports]
        self._next = itertools.cycle(range(len(ports)))
        self.session = aiohttp.ClientSession()

    def take(self) -> list[dict[str, Any]]:
        updates, self.api.world.updates = self.api.world.updates, []
        return updates

    async def post(self, worker: int, update: dict[str, Any], secret: str = SECRET) -> int:
        async with self.session.post(self.urls[worker], json=update, headers={SECRET_HEADER: secret}) as response:
            return response.status

    async def deliver(self) -> None:
        for update in self.take():
            assert await self.post(next(self._next), update) == 200


@pytest.fixture
async def workers(api: LocalBotApi, tmp_path: Path) -> AsyncIterator[tuple[Telegram, list[Any]]]:
    from tests.conftest import _create_pg_database, _drop_pg_database

    url = await _create_pg_database()
    settings = replace(load_settings({"DATABASE_URL": url, "DATA_DIR": str(tmp_path / "data")}, env_file=None),
                       telegram_api_base_url=api.base_url, telegram_file_base_url=api.base_file_url)
    clock = Clock(TIMEZONE, FIXED_NOW)
    async with contextlib.AsyncExitStack() as stack:
        ports, services_list = [], []
        for _ in range(2):  # two workers: separate engines, applications and HTTP servers
            services = await build_services(settings, clock=clock)
            stack.push_async_callback(close_services, services)
            application = build_application(settings, services, token=TOKEN, webhook=True)
            await stack.enter_async_context(serving(application))
            ports.append(await stack.enter_async_context(
                webhook_server(application, WebhookOptions(port=0, secret=SECRET))))
            services_list.append(services)
        telegram = Telegram(api, ports)
        stack.push_async_callback(telegram.session.close)
        yield telegram, services_list
    await _drop_pg_database(url)


async def _say(telegram: Telegram, user: SimUser, text: str) -> str:
    await user.send(text)
    await telegram.deliver()
    return "\n".join(m.text for m in await user.replies())


async def _press(telegram: Telegram, user: SimUser, label: str) -> str:
    await user.press(label)
    await telegram.deliver()
    return "\n".join(m.text for m in await user.replies())


async def test_one_conversation_alternating_between_two_workers_stays_whole(
        workers: tuple[Telegram, list[Any]], client: SimClient) -> None:
    telegram, _ = workers
    user = await client.user(id=6101, first_name="Lan")
    assert "Xin chào Lan" in await _say(telegram, user, "/start")
    assert "Điều gì đã xảy ra với bạn?" in await _press(telegram, user, "Kiểm tra điều kiện hưởng hỗ trợ")
    assert "từ ngày nào" in await _press(telegram, user, "Tạm hoãn HĐLĐ, nghỉ không lương")
    assert "đến hết ngày nào" in await _say(telegram, user, "10/8/21")
    assert "hợp đồng lao động" in await _say(telegram, user, "29.08.2021")
    text = await _say(telegram, user, "/huy")
    assert "hủy" in text.lower()


async def test_the_same_button_pressed_on_two_workers_at_once_moves_the_dialog_once(
        workers: tuple[Telegram, list[Any]], client: SimClient) -> None:
    telegram, services = workers
    user = await client.user(id=6102, first_name="Minh")
    await _say(telegram, user, "/start")
    await _press(telegram, user, "Kiểm tra điều kiện hưởng hỗ trợ")
    situation = next(m for m in reversed(await user.messages()) if m.buttons)
    await user.press("Tạm hoãn HĐLĐ, nghỉ không lương", situation)
    await user.press("Tạm hoãn HĐLĐ, nghỉ không lương", situation)
    first, second = telegram.take()
    statuses = await asyncio.gather(telegram.post(0, first), telegram.post(1, second))
    assert statuses == [200, 200]
    replies = "\n".join(m.text for m in await user.replies())
    assert "từ ngày nào" in replies  # one press moved the dialog on; the other found it stale and re-showed it
    async with services[1].sessions() as session:
        saved = await DialogStateRepository(session, FIXED_NOW).get(6102, "eligibility")
    assert saved is not None and saved.version == 2  # started, then one step: not two
    following = await _say(telegram, user, "10/8/21")
    assert following.count("đến hết ngày nào") == 1


async def test_the_webhook_refuses_posts_without_the_secret_and_reports_health_and_metrics(
        workers: tuple[Telegram, list[Any]], client: SimClient) -> None:
    telegram, _ = workers
    user = await client.user(id=6103, first_name="An")
    await user.send("/start")
    (update,) = telegram.take()
    assert await telegram.post(0, update, secret="wrong-secret-of-a-stranger") == 403
    assert await telegram.post(0, update) == 200
    await user.replies()
    base = telegram.urls[0].rsplit("/", 1)[0]
    async with telegram.session.get(f"{base}/healthz") as response:
        assert response.status == 200
    async with telegram.session.get(f"{base}/metrics") as response:
        page = await response.text()
    assert "ansinh_updates_total 1.0" in page
    assert "ansinh_update_seconds_bucket" in page and "ansinh_update_queue_depth" in page
