"""Submitting an application: one per person and policy, with a reference code to quote.

A second submission for the same person and policy is refused with the first one's code, so
the office never receives the same request twice.  The check and the insert run in the same
transaction as the dialog step, and the unique constraint backs it up against a race.
"""

from __future__ import annotations

import secrets
from datetime import date
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.areas import OfficerScope
from bot.parsing import name_key
from bot.services.clock import Clock
from storage.repositories.applications import ApplicationRepository, ApplicationReviewRepository
from storage.repositories.audit import AuditRepository
from storage.repositories.imports import ImportRepository

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: easy to read out on the phone


def new_reference_code(today: date) -> str:
    """``HS-2611-7KQ3X``: year and month of submission, then five random characters."""
    return f"HS-{today:%y%m}-" + "".join(secrets.choice(ALPHABET) for _ in range(5))


class ApplicationService:
    def __init__(self, clock: Clock) -> None:
        self._clock = clock

    async def submit(self, session: AsyncSession, user_id: int, chat_id: int, draft: dict[str, Any]) -> dict[str, Any]:
        repo = ApplicationRepository(session)
        existing = await repo.existing_code(draft["policy_id"], draft["id_number"])
        if existing:
            return {"duplicate": existing}
        code = new_reference_code(self._clock.today())
        while await repo.code_taken(code):
            code = new_reference_code(self._clock.today())
        unit = draft.get("address_unit") or {}
        values = {
            "reference_code": code, "user_id": user_id, "chat_id": chat_id, "policy_id": draft["policy_id"],
            "id_number": draft["id_number"], "full_name": draft["full_name"],
            "name_key": name_key(draft["full_name"]), "birth_date": date.fromisoformat(draft["birth_date"]),
            "phone": draft["phone"], "province_code": str(unit.get("province_code", "")),
            "ward_code": str(unit.get("ward_code", "")),
            "current_province_code": str(unit.get("current_province_code", "")),
            "current_ward_code": str(unit.get("current_ward_code", "")),
            "answers": draft, "status": "submitted", "status_note": "",
        }
        try:
            async with session.begin_nested():
                await repo.add(values, self._clock.utcnow())
        except IntegrityError:
            return {"duplicate": await repo.existing_code(draft["policy_id"], draft["id_number"]) or ""}
        return {"reference_code": code}


class OutsideArea(Exception):
    """An officer acted on a record outside their area (or a supervisor tried to change data)."""


class ReviewService:
    """Officers decide submitted applications; the applicant is told in the same transaction."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock

    async def next_pending(self, session: AsyncSession, after_id: int = 0,
                           scope: OfficerScope | None = None) -> dict[str, Any] | None:
        """The next submitted application inside the officer's area (``scope`` None: the command line)."""
        area = scope.area if scope is not None else None
        repo = ApplicationReviewRepository(session)
        item = await repo.next_submitted(after_id, area)
        if item is not None:
            item["pending"] = await repo.pending_count(area)
        return item

    async def decide(self, session: AsyncSession, officer_id: int, application_id: int, approve: bool,
                     note: str = "", scope: OfficerScope | None = None) -> bool:
        """Decide one application; refused (OutsideArea) for a supervisor or outside the officer's area."""
        if scope is not None:
            placed = await ApplicationReviewRepository(session).area_of(application_id)
            if not scope.may_change_data or placed is None or not scope.area.contains(placed[0], placed[1] or None):
                raise OutsideArea(application_id)
        now = self._clock.utcnow()
        decided = await ApplicationReviewRepository(session).decide(
            application_id, "approved" if approve else "rejected", note, officer_id, now)
        if decided is None:
            return False
        chat_id, code, policy_id, _id_number = decided
        kind = "application_approved" if approve else "application_rejected"
        dialect = session.bind.dialect.name
        await ImportRepository(session).queue_notification(
            dialect, chat_id, kind, f"app:{code}:{kind}", {"reference_code": code, "policy_id": policy_id,
                                                           "reason": note}, "vi", now)
        await AuditRepository(session).record(officer_id, f"application.{'approve' if approve else 'reject'}",
                                              "application", code, {"policy_id": policy_id})
        return True
