"""A broadcast survives SIGKILL: the real bot in a subprocess is killed mid-broadcast and restarted.

Every message is counted at the local Bot API server: nobody gets the announcement twice, and
everybody gets it except chats that blocked the bot and the rows the ledger marks ``uncertain``
(claimed but not recorded when the process died: at most three batches, never resent).
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import TIMEZONE
from bot.domain.areas import Area, OfficerScope, Role
from bot.localapi.limits import FloodLimits
from bot.localapi.server import LocalBotApi
from bot.services.broadcasts import BroadcastDraft, BroadcastService
from bot.services.clock import Clock
from storage.database import make_engine, make_session_factory
from storage.migrate import upgrade_to_head
from storage.repositories.broadcasts import Audience, BroadcastRepository, Delivery
from tests.e2e.broadcast_setup import OFFICER_ID, PROVINCE, add_people, bot_texts

TOKEN = "123456:TEST-TOKEN-for-the-local-bot-api"
ROOT = Path(__file__).resolve().parents[2]
PEOPLE = 150
RATE = 50
TEXT = "<b>Thông báo</b>: chi trả hỗ trợ ngày 05/12 tại UBND phường."


def _start_bot(api: LocalBotApi, db_path: Path, workdir: Path, log_name: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "BOT_TOKEN": TOKEN, "DATABASE_URL": f"sqlite:///{db_path}",
           "TELEGRAM_API_BASE_URL": api.base_url, "TELEGRAM_FILE_BASE_URL": api.base_file_url,
           "BOT_ADMIN_IDS": str(OFFICER_ID), "BOT_PROVINCE": PROVINCE, "BROADCAST_PAID": "true",
           "BROADCAST_RATE": str(RATE), "DATA_DIR": str(workdir / "data"), "LOG_LEVEL": os.environ.get("ANSINH_TEST_BOT_LOG", "WARNING"),
           "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "bot", "run"], cwd=workdir, env=env,
                            stdout=subprocess.DEVNULL, stderr=(workdir / log_name).open("wb"))


async def _wait_for(predicate, timeout: float) -> None:  # type: ignore[no-untyped-def]
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError("timed out")
        await asyncio.sleep(0.05)


@pytest.mark.slow
async def test_sigkill_mid_broadcast_then_restart_sends_nobody_twice_and_skips_nobody(tmp_path: Path) -> None:
    db_path = tmp_path / "bot.db"
    engine = make_engine(f"sqlite+aiosqlite:///{db_path}")
    await upgrade_to_head(engine)
    sessions = make_session_factory(engine)
    async with LocalBotApi() as api:
        api.world.limits = FloodLimits(global_rate=RATE * 1.5)
        api.world.register({"id": OFFICER_ID, "first_name": "Officer"})
        chats = list(range(500_001, 500_001 + PEOPLE))
        await add_people(engine, api.world, chats)
        blocked = set(chats[::40])
        for chat_id in blocked:
            api.world.chats[chat_id].blocked = True
        scope = OfficerScope(OFFICER_ID, Role.PROVINCE, Area(PROVINCE))
        broadcasts = BroadcastService(sessions, Clock(TIMEZONE))
        broadcast_id = await broadcasts.create(scope, OFFICER_ID, BroadcastDraft(TEXT, Audience.EVERYONE))

        def delivered() -> int:
            return sum(1 for c in chats if bot_texts(api.world, c))

        first = _start_bot(api, db_path, tmp_path, "first.log")
        try:
            await _wait_for(lambda: delivered() >= PEOPLE // 3, 45)
            first.send_signal(signal.SIGKILL)
            first.wait(5)
        finally:
            if first.poll() is None:
                first.kill()
        at_kill = delivered()
        assert at_kill < PEOPLE - len(blocked), "the broadcast finished before the kill; nothing was tested"

        second = _start_bot(api, db_path, tmp_path, "second.log")
        try:
            async def finished() -> bool:
                async with sessions() as session:
                    record = await BroadcastRepository(session).get(broadcast_id)
                    return record is not None and record.status.value == "done"

            loop = asyncio.get_running_loop()
            deadline = loop.time() + 45
            while not await finished():
                log_tail = (tmp_path / "second.log").read_text(errors="replace")[-3000:]
                assert loop.time() < deadline, f"the restarted bot did not finish the broadcast: {log_tail}"
                assert second.poll() is None, log_tail
                await asyncio.sleep(0.1)
        finally:
            second.send_signal(signal.SIGKILL)
            second.wait(5)

        async with sessions() as session:
            outcomes = await BroadcastRepository(session).outcomes_by_chat(broadcast_id)
        await engine.dispose()

    received = {c: bot_texts(api.world, c).count(TEXT) for c in chats}
    assert max(received.values()) == 1, "somebody got the announcement twice"
    assert set(outcomes) == set(chats)
    uncertain = {c for c, o in outcomes.items() if o is Delivery.UNCERTAIN}
    for chat_id, outcome in outcomes.items():
        if outcome is Delivery.SENT:
            assert received[chat_id] == 1
        elif outcome is Delivery.BLOCKED:
            assert chat_id in blocked and received[chat_id] == 0
        else:
            assert outcome is Delivery.UNCERTAIN, (chat_id, outcome)
    missing = {c for c in chats if received[c] == 0} - blocked
    assert missing <= uncertain, "somebody was skipped"
    assert len(uncertain) <= 3 * (RATE // 2), "more than the three batches in flight were left uncertain"
    assert delivered() > at_kill
