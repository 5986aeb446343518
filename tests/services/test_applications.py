"""Applications: a second one with the same ID is kept and flagged, never answered with the first's code;
decisions need a current officer."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.config import TIMEZONE
from bot.domain.applications import SubmitOutcome
from bot.services.applications import ApplicationService
from bot.services.clock import Clock
from storage.database import make_session_factory
from storage.models import Application, AuditEvent
from tests.conftest import FIXED_NOW

CLOCK = Clock(TIMEZONE, FIXED_NOW)
OFFICER = 9


def draft(name: str = "Nguyễn Văn An", phone: str = "+84912345678") -> dict[str, object]:
    return {"policy_id": "p1", "id_number": "001085012345", "full_name": name, "birth_date": "1985-02-01",
            "phone": phone}


async def test_a_stranger_using_someones_id_gets_their_own_code_and_both_are_flagged(engine: AsyncEngine) -> None:
    sessions = make_session_factory(engine)
    service = ApplicationService(CLOCK)
    async with sessions.begin() as s:
        first = await service.submit(s, 1, 1, draft())
    async with sessions.begin() as s:
        second = await service.submit(s, 2, 2, draft("Kẻ Lạ", "+84987654321"))
    assert first.outcome is SubmitOutcome.SUBMITTED
    assert second.outcome is SubmitOutcome.POSSIBLE_DUPLICATE and second.reference_code != first.reference_code
    assert first.reference_code not in str(second.as_effect_value())
    async with sessions.begin() as s:
        again = await service.submit(s, 1, 1, draft())
    assert again.outcome is SubmitOutcome.ALREADY_APPLIED and again.reference_code == first.reference_code
    async with sessions() as s:
        flags = list(await s.execute(select(Application.reference_code, Application.possible_duplicate)))
        audit = list(await s.scalars(select(AuditEvent.details).where(
            AuditEvent.action == "application.possible_duplicate")))
    assert sorted(flags) == sorted([(first.reference_code, True), (second.reference_code, True)])
    assert audit and "001085012345" not in str(audit) and audit[0]["id_number"] == "*********345"


