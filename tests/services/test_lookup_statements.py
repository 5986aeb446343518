"""A status lookup stays cheap: the SQL of each /tracuu step, counted on the real handlers.

The updates come from a simulated user on the local Bot API server and are handed to the real
PTB application one by one (no polling, no background jobs), so every statement counted belongs
to that update.  A regression (a write per message, a state rewritten when nothing changed, a
read added to every step) makes these numbers grow and the test fail.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select
from telegram import Update

from bot.app import build_application, build_services, close_services
from bot.config import TIMEZONE, load_settings
from bot.localapi.client import SimClient, SimUser
from bot.localapi.server import LocalBotApi
from bot.services.clock import Clock
from storage.models import ApprovedEntry, LookupAttempt, User
from storage.statements import StatementCounter
from tests.conftest import FIXED_NOW

TOKEN = "123456:TEST-TOKEN-for-the-statement-count"
ID, BORN = "056185001234", date(1985, 7, 15)


@dataclass
class Step:
    reply: str
    statements: int
    reads: int
    writes: list[str]
    commits: int
    units: int  # connections taken from the pool: the sender's read and the step share one


class Driver:
    """Sends one message and runs exactly its update through the application, counting SQL."""

    def __init__(self, api: LocalBotApi, application, counter: StatementCounter, user: SimUser) -> None:  # type: ignore[no-untyped-def]
        self.api, self.application, self.counter, self.user = api, application, counter, user

    async def say(self, text: str) -> Step:
        await self.user.send(text)
        updates, self.api.world.updates = self.api.world.updates, []
        assert len(updates) == 1
        self.counter.reset()
        await self.application.process_update(Update.de_json(updates[0], self.application.bot))
        step = Step("", len(self.counter.statements), len(self.counter.reads),
                    [" ".join(s.split()[:3]) for s in self.counter.writes], self.counter.write_transactions,
                    self.counter.checkouts)
        step.reply = "\n".join(m.text for m in await self.user.replies())
        return step


@pytest.fixture
async def driver(database_url: str, tmp_path: Path) -> AsyncIterator[Driver]:
    async with LocalBotApi() as api:
        settings = replace(load_settings({"DATABASE_URL": database_url, "DATA_DIR": str(tmp_path)}, env_file=None),
                           telegram_api_base_url=api.base_url, telegram_file_base_url=api.base_file_url)
        services = await build_services(settings, clock=Clock(TIMEZONE, FIXED_NOW))
        async with services.sessions.begin() as session:
            await session.execute(insert(ApprovedEntry).values(
                policy_id="nq68_unpaid_leave", id_number=ID, full_name="Nguyễn Thị Lan", name_key="nguyen thi lan",
                birth_date=BORN, amount=3_710_000, decision_number="12/QĐ-UBND", current_province_code="56",
                current_ward_code="22327", row_hash="h", batch_id=1))
        application = build_application(settings, services, token=TOKEN)
        client = SimClient(api.url)
        counter = StatementCounter().attach(services.engine)
        try:
            async with application:
                user = await client.user(id=5001, first_name="Lan")
                yield Driver(api, application, counter, user)
        finally:
            counter.detach(services.engine)
            await client.close()
            await close_services(services)


async def _failed_attempts(driver: Driver) -> int:
    services = driver.application.bot_data["services"]
    async with services.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(LookupAttempt)) or 0)


async def test_each_lookup_step_costs_a_few_indexed_reads_and_one_write_in_one_transaction(driver: Driver) -> None:
    await driver.say("/start")  # the user's row is created here; later messages only read it
    opened = await driver.say("/tracuu")
    assert "Tra cứu" in opened.reply
    # the user with their officer account, the saved dialog, the chat's failures; the state and its pointer
    assert (opened.reads, opened.commits) == (3, 1)
    assert len(opened.writes) == 2, opened.writes
    assert opened.units == 1  # the sender (and their rights) read in the step's own transaction

    asked = await driver.say(ID)
    assert "ngày sinh" in asked.reply
    assert (asked.reads, len(asked.writes), asked.commits) == (3, 1, 1), asked.writes  # no pointer rewrite
    assert asked.writes == ["UPDATE dialog_states SET"]
    assert asked.units == 1

    found = await driver.say("15/7/1985")
    assert "Kết quả tra cứu" in found.reply
    # user, dialog, limits, list rows, applications, payments; the area is new: the user is placed
    assert found.reads == 6 and found.commits == 1 and found.units == 1
    assert sorted(found.writes) == ["UPDATE dialog_states SET", "UPDATE users SET"]
    assert await _failed_attempts(driver) == 0  # a success is not written: only failures are counted

    again = await driver.say("/tracuu")
    await driver.say(ID)
    found_again = await driver.say("15/7/1985")
    assert "Kết quả tra cứu" in found_again.reply and again.commits == 1
    assert found_again.writes == ["UPDATE dialog_states SET"]  # the same area: the user row is not rewritten
    assert found_again.statements == 7 and found_again.units == 1


async def test_a_failed_lookup_writes_the_attempt_and_ends_the_dialog_in_one_transaction(driver: Driver) -> None:
    await driver.say("/start")
    await driver.say("/tracuu")
    await driver.say(ID)
    failed = await driver.say("1/1/1990")
    assert "Không tìm thấy" in failed.reply
    assert failed.reads == 5 and failed.commits == 1 and failed.units == 1
    assert sorted(failed.writes) == ["DELETE FROM dialog_states", "INSERT INTO lookup_attempts"]
    assert await _failed_attempts(driver) == 1


async def test_a_message_that_changes_nothing_writes_nothing(driver: Driver) -> None:
    await driver.say("/start")
    await driver.say("/tracuu")
    await driver.say(ID)
    bad = await driver.say("ngày mai")  # not a date: the question is asked again, the state is the same
    assert "ngày sinh" in bad.reply
    assert bad.writes == [] and bad.commits == 0
    assert bad.reads == 2 and bad.units == 1  # the user and the dialog, in one unit of work
    services = driver.application.bot_data["services"]
    async with services.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(User)) == 1
