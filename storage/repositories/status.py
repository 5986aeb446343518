"""Reads behind "was I approved / have I been paid?": everything known about one ID number,
and the counts of failed lookups (per chat, and per ID number through a hash of it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.applications import ApplicationStatus
from bot.domain.status import ApplicationRecord, ApprovalRecord, PaymentRecord
from storage.models import Application, ApprovedEntry, LookupAttempt, PaidEntry, Subscription


@dataclass(frozen=True)
class FailureCount:
    """Failed lookups in a window: how many, the latest, and from how many chats."""

    failures: int = 0
    latest: datetime | None = None
    chats: int = 0
    oldest: datetime | None = None


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
                   Application.submitted_at, Application.status_note, Application.phone)
            .where(Application.id_number == id_number).order_by(Application.id)
        )
        return [ApplicationRecord(code, policy, name, key, born, ApplicationStatus(status), sent, note, phone)
                for code, policy, name, key, born, status, sent, note, phone in rows]

    async def chat_failures(self, chat_id: int, since: datetime) -> FailureCount:
        return await self._failures(LookupAttempt.chat_id == chat_id, since)

    async def client_failures(self, client_key: str, since: datetime) -> FailureCount:
        """Failures from one web client address (through its hash), for the page's own limit."""
        return await self._failures(LookupAttempt.client_key == client_key, since)

    async def id_failures(self, id_key: str, since: datetime) -> FailureCount:
        return await self._failures(LookupAttempt.id_key == id_key, since)

    async def _failures(self, who: object, since: datetime) -> FailureCount:
        row = (await self._session.execute(
            select(func.count(), func.max(LookupAttempt.at), func.min(LookupAttempt.at),
                   func.count(func.distinct(LookupAttempt.chat_id)))
            .where(who, LookupAttempt.at >= since, LookupAttempt.success.is_(False)))).one()
        count, latest, oldest, chats = row
        return FailureCount(int(count or 0), _aware(latest), int(chats or 0), _aware(oldest))

    async def record_attempt(self, chat_id: int | None, at: datetime, success: bool, id_key: str | None = None,
                             client_key: str | None = None) -> None:
        await self._session.execute(insert(LookupAttempt).values(chat_id=chat_id, at=at, success=success,
                                                                 id_key=id_key, client_key=client_key))

    async def subscribe(self, chat_id: int, user_id: int, id_number: str, locale: str, now: datetime) -> bool:
        """Add a subscription; False when the chat already follows this person."""
        existing = await self._session.scalar(
            select(Subscription.id).where(Subscription.chat_id == chat_id, Subscription.id_number == id_number)
        )
        if existing is not None:
            return False
        await self._session.execute(insert(Subscription).values(
            chat_id=chat_id, user_id=user_id, id_number=id_number, locale=locale, created_at=now))
        return True


def _aware(moment: datetime | None) -> datetime | None:
    """Aggregates of the timestamp column, always aware (UTC), whatever the backend returned."""
    if moment is None:
        return None
    if isinstance(moment, str):  # SQLite may return max()/min() of a datetime column as text
        moment = datetime.fromisoformat(moment)
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment
