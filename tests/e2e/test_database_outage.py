"""A database that is briefly unreachable: a polite "try again", then the bot recovers by itself.

The bot talks to PostgreSQL through a TCP relay the test can cut and restore, as a network blip
or a database restart would; no restart of the bot is allowed in between.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.localapi.client import SimClient
from bot.localapi.server import LocalBotApi
from bot.services.clock import Clock
from bot.config import TIMEZONE
from tests.conftest import FIXED_NOW, _create_pg_database, _drop_pg_database
from tests.e2e.conftest import BotHarness

pytestmark = pytest.mark.postgres


class Relay:
    """A TCP relay to PostgreSQL whose connections can be cut (``down``) and allowed again (``up``)."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.accepting = True
        self._server: asyncio.Server | None = None
        self._pipes: set[asyncio.StreamWriter] = set()

    async def start(self) -> int:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        return self._server.sockets[0].getsockname()[1]

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if not self.accepting:
            writer.close()
            return
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        self._pipes.update({writer, up_writer})

        async def pump(src: asyncio.StreamReader, dst: asyncio.StreamWriter) -> None:
            with contextlib.suppress(Exception):
                while data := await src.read(65536):
                    dst.write(data)
                    await dst.drain()
            with contextlib.suppress(Exception):
                dst.close()

        await asyncio.gather(pump(reader, up_writer), pump(up_reader, writer))

    def down(self) -> None:
        self.accepting = False
        for pipe in list(self._pipes):
            with contextlib.suppress(Exception):
                pipe.transport.abort()
        self._pipes.clear()

    def up(self) -> None:
        self.accepting = True

    async def close(self) -> None:
        self.down()
        if self._server is not None:
            self._server.close()


@pytest.fixture
async def relayed_bot(api: LocalBotApi, tmp_path: Path) -> AsyncIterator[tuple[BotHarness, Relay]]:
    url = await _create_pg_database()
    relay = Relay(5432)
    port = await relay.start()
    host_part = url.split("@", 1)[1].split("/", 1)[0]
    relayed_url = url.replace(host_part, f"127.0.0.1:{port}")
    harness = BotHarness(api, relayed_url, tmp_path / "data", Clock(TIMEZONE, FIXED_NOW))
    await harness.start()
    try:
        yield harness, relay
    finally:
        relay.up()
        await harness.stop()
        await relay.close()
        await _drop_pg_database(url)


async def test_an_unreachable_database_gets_a_polite_answer_and_the_bot_recovers(
        relayed_bot: tuple[BotHarness, Relay], client: SimClient) -> None:
    _harness, relay = relayed_bot
    user = await client.user(id=5101, first_name="Lan", language_code="vi")
    await user.send("/start")
    assert "Xin chào Lan" in (await user.replies())[-1].text

    relay.down()
    await user.send("/start")
    reply = (await user.replies(timeout=30))[-1].text
    assert "gửi lại" in reply and "đã được lưu" in reply

    relay.up()
    await user.send("/start")
    assert "Xin chào Lan" in (await user.replies(timeout=30))[-1].text
