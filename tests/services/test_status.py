"""/tracuu limits guesses per ID number across chats, without locking the real person out for long."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.config import TIMEZONE
from bot.domain.status import GateOutcome, LookupOutcome, Proof
from bot.services.applications import ApplicationService
from bot.services.clock import Clock
from bot.services.status import BURST_ACTION, ID_PAUSE, StatusService
from storage.database import make_session_factory
from storage.models import Application, AuditEvent, LookupAttempt
from tests.conftest import FIXED_NOW

ID = "001085012345"
REAL = Proof(birth_date=date(1985, 2, 1))


async def apply(engine: AsyncEngine, user: int, name: str, born: str, phone: str) -> None:
    async with make_session_factory(engine).begin() as s:
        await ApplicationService(Clock(TIMEZONE, FIXED_NOW)).submit(s, user, user, {
            "policy_id": "p1", "id_number": ID, "full_name": name, "birth_date": born, "phone": phone})


async def lookup(engine: AsyncEngine, chat: int, proof: Proof, minutes: float = 0):  # type: ignore[no-untyped-def]
    async with make_session_factory(engine).begin() as s:
        clock = Clock(TIMEZONE, FIXED_NOW + timedelta(minutes=minutes))
        return await StatusService(clock).lookup(s, chat, ID, proof)


async def test_failures_from_many_chats_pause_the_id_which_then_needs_the_phone_on_file(engine: AsyncEngine) -> None:
    await apply(engine, 1, "Nguyễn Văn An", "1985-02-01", "+84912345678")
    for chat in range(100, 105):  # a stranger rotating chats: each chat stays under its own limit
        assert (await lookup(engine, chat, Proof(birth_date=date(1985, 1, chat - 99)), chat - 100)).outcome \
            is LookupOutcome.NOT_FOUND
    async with make_session_factory(engine).begin() as s:
        gate = await StatusService(Clock(TIMEZONE, FIXED_NOW + timedelta(minutes=5))).gate(s, 200, ID)
    assert gate.outcome is GateOutcome.NEEDS_PHONE  # said before the person types the birth date
    paused = await lookup(engine, 200, REAL, 5)
    assert paused.outcome is LookupOutcome.NEEDS_PHONE and paused.retry_after <= ID_PAUSE
    wrong_phone = await lookup(engine, 200, Proof(birth_date=date(1985, 2, 1), phone="+84987654321"), 6)
    assert wrong_phone.outcome is LookupOutcome.NOT_FOUND
    found = await lookup(engine, 200, Proof(birth_date=date(1985, 2, 1), phone="+84912345678"), 7)
    assert found.outcome is LookupOutcome.FOUND  # the real person, who knows the phone, is not locked out
    later = await lookup(engine, 201, REAL, 6 + ID_PAUSE.total_seconds() / 60 + 1)
    assert later.outcome is LookupOutcome.FOUND  # nor, without it, for longer than the pause
    async with make_session_factory(engine)() as s:
        bursts = list(await s.execute(select(AuditEvent.object_id, AuditEvent.details)
                                      .where(AuditEvent.action == BURST_ACTION)))
        keys = list(await s.scalars(select(LookupAttempt.id_key)))
    assert bursts == [("*********345", {"failures_today": 5, "chats": 5})]
    assert ID not in str(keys) and all(keys)


async def test_a_lookup_shows_only_the_application_whose_own_facts_were_given(engine: AsyncEngine) -> None:
    await apply(engine, 1, "Nguyễn Văn An", "1985-02-01", "+84912345678")
    await apply(engine, 2, "Kẻ Lạ", "1990-05-05", "+84987654321")  # a stranger who used An's ID number
    async with make_session_factory(engine).begin() as s:
        codes = dict(list(await s.execute(select(Application.user_id, Application.reference_code))))
        await s.execute(Application.__table__.update().values(status="rejected", status_note="Sai thông tin"))
    answer = await lookup(engine, 300, REAL)
    assert [a.reference_code for a in answer.applications] == [codes[1]]
    assert answer.applications[0].status_note == "Sai thông tin"
