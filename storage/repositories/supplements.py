"""Queries of sent-back applications: which of a person's applications wait for a paper, and
putting one back in the review queue once the applicant added it (``bot.services.supplements``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Application

RETURNED, PENDING = "returned", "submitted"
MAX_SUPPLEMENTS = 20  # answers kept per application; more is not a dossier but a chat


@dataclass(frozen=True)
class ReturnedApplication:
    id: int
    reference_code: str
    policy_id: str
    asked: str  # what the officer asked for (the note of the send-back)


class SupplementRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def returned_of(self, user_id: int) -> list[ReturnedApplication]:
        """The person's own applications sent back for a paper, oldest first."""
        rows = await self._session.execute(
            select(Application.id, Application.reference_code, Application.policy_id, Application.status_note)
            .where(Application.user_id == user_id, Application.status == RETURNED)
            .order_by(Application.sent_back_at, Application.id))
        return [ReturnedApplication(int(i), str(c), str(p), str(n or "")) for i, c, p, n in rows]

    async def resubmit(self, application_id: int, user_id: int, supplement: dict[str, Any], at: datetime) -> bool:
        """Back to the queue with what was added, if it is still this person's sent-back application;
        False otherwise (someone else's, already back, decided)."""
        row = (await self._session.execute(
            select(Application.answers, Application.status_note).where(Application.id == application_id, Application.user_id == user_id,
                                              Application.status == RETURNED))).first()
        if row is None:
            return False
        answers = dict(row[0] or {})
        supplement = {**supplement, "asked": str(row[1] or "")}
        answers["supplements"] = [*list(answers.get("supplements") or [])[-(MAX_SUPPLEMENTS - 1):], supplement]
        result = await self._session.execute(update(Application).where(
            Application.id == application_id, Application.user_id == user_id, Application.status == RETURNED,
        ).values(status=PENDING, resubmitted_at=at, decided_at=None, decided_by=None, answers=answers))
        return int(result.rowcount or 0) == 1  # type: ignore[attr-defined]
