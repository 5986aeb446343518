"""Submitting and reviewing applications, without telling a stranger anything about anyone.

Anyone can type anyone's ID number, so a second application for the same policy and ID is
neither refused nor answered with the first one's code: it is kept, both are flagged as possible
duplicates, and the officers who review them see them side by side and decide.  The second
applicant only learns that the office will check and contact them (and gets their own code).
Only the same Telegram user applying again is told they already applied, with their own code.

Decisions re-check that the user is still an officer at the moment of deciding: the review
dialog may have been opened before the person lost the role.
"""

from __future__ import annotations

import secrets
from datetime import date
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.applications import ApplicationStatus, SubmitOutcome, SubmitResult
from bot.parsing import mask_id, name_key
from bot.services.clock import Clock
from storage.repositories.applications import ApplicationRepository
from storage.repositories.audit import AuditRepository

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: easy to read out on the phone


def new_reference_code(today: date) -> str:
    """``HS-2611-7KQ3X``: year and month of submission, then five random characters."""
    return f"HS-{today:%y%m}-" + "".join(secrets.choice(ALPHABET) for _ in range(5))


class ApplicationService:
    def __init__(self, clock: Clock) -> None:
        self._clock = clock

    async def submit(self, session: AsyncSession, user_id: int, chat_id: int, draft: dict[str, Any]) -> SubmitResult:
        repo = ApplicationRepository(session)
        policy_id, id_number = draft["policy_id"], draft["id_number"]
        earlier = await repo.same_person(policy_id, id_number)
        own = next((code for _id, user, code in earlier if user == user_id), None)
        if own is not None:
            return SubmitResult(SubmitOutcome.ALREADY_APPLIED, own)
        unit = draft.get("address_unit") or {}
        values = {
            "user_id": user_id, "chat_id": chat_id, "policy_id": policy_id,
            "id_number": id_number, "full_name": draft["full_name"],
            "name_key": name_key(draft["full_name"]), "birth_date": date.fromisoformat(draft["birth_date"]),
            "phone": draft["phone"], "province_code": str(unit.get("province_code", "")),
            "ward_code": str(unit.get("ward_code", "")),
            "current_province_code": str(unit.get("current_province_code", "")),
            "current_ward_code": str(unit.get("current_ward_code", "")),
            "answers": draft, "status": ApplicationStatus.SUBMITTED, "status_note": "",
            "possible_duplicate": bool(earlier),
        }
        for _attempt in range(5):  # a reference code drawn twice: draw again
            code = new_reference_code(self._clock.today())
            if await repo.code_taken(code):
                continue
            try:
                async with session.begin_nested():
                    await repo.add({**values, "reference_code": code}, self._clock.utcnow())
            except IntegrityError:
                continue
            break
        else:
            raise RuntimeError("could not draw a free reference code")
        if not earlier:
            return SubmitResult(SubmitOutcome.SUBMITTED, code)
        await repo.flag_duplicates(policy_id, id_number)
        await AuditRepository(session).record(
            None, "application.possible_duplicate", "application", code,
            {"policy_id": policy_id, "id_number": mask_id(id_number), "others": [c for _i, _u, c in earlier]},
            at=self._clock.utcnow())
        return SubmitResult(SubmitOutcome.POSSIBLE_DUPLICATE, code)
