"""Reads behind "was I approved / have I been paid?": everything known about one ID number."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.status import ApplicationRecord, ApprovalRecord, PaymentRecord
from storage.models import Application, ApprovedEntry, LookupAttempt, PaidEntry, Subscription


class StatusRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def approvals(self, id_number: str) -> list[ApprovalRecord]:
        rows = await self._session.execute(
            select(ApprovedEntry.policy_id, ApprovedEntry.full_name, ApprovedEntry.name_key,
                   ApprovedEntry.birth_date, ApprovedEntry.amount, ApprovedEntry.decision_number,
                   ApprovedEntry.decision_date).where(ApprovedEntry.id_number == id_number)
        )
        return [ApprovalRecord(*row) for row in rows]

    async def payments(self, id_number: str) -> list[PaymentRecord]:
        rows = await self._session.execute(
            select(PaidEntry.policy_id, PaidEntry.amount, PaidEntry.paid_date, PaidEntry.payer)
            .where(PaidEntry.id_number == id_number).order_by(PaidEntry.paid_date)
        )
        return [PaymentRecord(*row) for row in rows]

    async def applications(self, id_number: str) -> list[ApplicationRecord]:
        rows = await self._session.execute(
            select(Application.reference_code, Application.policy_id, Application.full_name,
                   Application.name_key, Application.birth_date, Application.status,
                   Application.submitted_at).where(Application.id_number == id_number)
        )
        return [ApplicationRecord(*row) for row in rows]

    async def failures_since(self, chat_id: int, since: datetime) -> int:
        return int(await self._session.scalar(
            select(func.count()).select_from(LookupAttempt)
            .where(LookupAttempt.chat_id == chat_id, LookupAttempt.at >= since,
                   LookupAttempt.success.is_(False))
        ) or 0)

    async def oldest_failure_since(self, chat_id: int, since: datetime) -> datetime | None:
        return await self._session.scalar(
            select(func.min(LookupAttempt.at))
            .where(LookupAttempt.chat_id == chat_id, LookupAttempt.at >= since,
                   LookupAttempt.success.is_(False))
        )

    async def record_attempt(self, chat_id: int, at: datetime, success: bool) -> None:
        await self._session.execute(insert(LookupAttempt).values(chat_id=chat_id, at=at, success=success))

    async def subscribe(self, chat_id: int, user_id: int, id_number: str, locale: str) -> bool:
        """Add a subscription; False when the chat already follows this person."""
        existing = await self._session.scalar(
            select(Subscription.id).where(Subscription.chat_id == chat_id, Subscription.id_number == id_number)
        )
        if existing is not None:
            return False
        await self._session.execute(insert(Subscription).values(
            chat_id=chat_id, user_id=user_id, id_number=id_number, locale=locale))
        return True
