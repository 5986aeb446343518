"""The outbox of unprompted messages: claim, then send, then record the outcome."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Notification


@dataclass(frozen=True)
class OutgoingNotice:
    id: int
    chat_id: int
    kind: str
    payload: dict[str, Any]
    locale: str
    attempts: int = 1


class NotificationRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def claim_due(self, now: datetime, limit: int) -> list[OutgoingNotice]:
        """Mark up to ``limit`` due rows as being sent; only rows this call claimed are returned."""
        rows = list(await self._session.execute(
            select(Notification.id, Notification.chat_id, Notification.kind, Notification.payload,
                   Notification.locale, Notification.attempts)
            .where(Notification.status == "pending", Notification.next_attempt_at <= now)
            .order_by(Notification.id).limit(limit)))
        claimed: list[OutgoingNotice] = []
        for nid, chat_id, kind, payload, locale, attempts in rows:
            result = await self._session.execute(
                update(Notification).where(Notification.id == nid, Notification.status == "pending")
                .values(status="sending", attempts=Notification.attempts + 1))
            if result.rowcount == 1:  # type: ignore[attr-defined]
                claimed.append(OutgoingNotice(nid, chat_id, kind, dict(payload or {}), locale, attempts + 1))
        return claimed

    async def finish(self, notice_id: int, status: str, at: datetime) -> None:
        values: dict[str, Any] = {"status": status}
        if status == "sent":
            values["sent_at"] = at
        await self._session.execute(update(Notification).where(Notification.id == notice_id).values(**values))

    async def retry_later(self, notice_id: int, at: datetime) -> None:
        await self._session.execute(update(Notification).where(Notification.id == notice_id)
                                    .values(status="pending", next_attempt_at=at))

    async def mark_interrupted(self) -> int:
        """Rows left 'sending' by a crash may or may not have reached the person: never resend them."""
        result = await self._session.execute(
            update(Notification).where(Notification.status == "sending").values(status="uncertain"))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    async def counts(self) -> dict[str, int]:
        rows = await self._session.execute(select(Notification.status, func.count()).group_by(Notification.status))
        return {status: int(n) for status, n in rows}
