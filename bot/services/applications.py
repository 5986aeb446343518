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

from bot.parsing import name_key
from bot.services.clock import Clock
from storage.repositories.applications import ApplicationRepository

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
