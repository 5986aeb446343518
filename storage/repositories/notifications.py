"""The outbox of unprompted messages: queue, claim one, send, record the outcome."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.notices import NoticeStatus, OutgoingNotice
from storage.models import Notification


class NotificationRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def queue(self, chat_id: int, kind: str, dedupe_key: str, payload: dict[str, Any], locale: str,
                    now: datetime) -> None:
        """Queue a notice unless the same news (``dedupe_key``) was already queued for this chat."""
        dialect = self._session.bind.dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        await self._session.execute(insert(Notification).values(
            chat_id=chat_id, kind=kind, dedupe_key=dedupe_key[:128], payload=payload, locale=locale,
            status=NoticeStatus.PENDING, attempts=0, next_attempt_at=now, created_at=now, interrupted=0,
        ).on_conflict_do_nothing(index_elements=["chat_id", "dedupe_key"]))

    async def claim_next(self, now: datetime) -> OutgoingNotice | None:
        """Mark the oldest due row as being sent and return it (None when nothing is due).

        One at a time, committed before the send: after a crash, the rows still ``sending`` are
        exactly the messages that were in flight.
        """
        for _ in range(5):  # another worker may claim the same row first: take the next one
            row = (await self._session.execute(
                select(Notification.id, Notification.chat_id, Notification.kind, Notification.payload,
                       Notification.locale, Notification.attempts, Notification.interrupted)
                .where(Notification.status == NoticeStatus.PENDING, Notification.next_attempt_at <= now)
                .order_by(Notification.id).limit(1))).first()
            if row is None:
                return None
            nid, chat_id, kind, payload, locale, attempts, interrupted = row
            result = await self._session.execute(
                update(Notification).where(Notification.id == nid, Notification.status == NoticeStatus.PENDING)
                .values(status=NoticeStatus.SENDING, attempts=Notification.attempts + 1))
            if result.rowcount == 1:  # type: ignore[attr-defined]
                return OutgoingNotice(nid, chat_id, kind, dict(payload or {}), locale, attempts + 1,
                                      int(interrupted or 0))
        return None

    async def finish(self, notice_id: int, status: NoticeStatus, at: datetime) -> None:
        values: dict[str, Any] = {"status": status}
        if status == NoticeStatus.SENT:
            values["sent_at"] = at
        await self._session.execute(update(Notification).where(Notification.id == notice_id).values(**values))

    async def retry_later(self, notice_id: int, at: datetime, *, maybe_delivered: bool = False) -> None:
        values: dict[str, Any] = {"status": NoticeStatus.PENDING, "next_attempt_at": at}
        if maybe_delivered:
            values["interrupted"] = Notification.interrupted + 1
        await self._session.execute(update(Notification).where(Notification.id == notice_id).values(**values))

    async def requeue_interrupted(self, now: datetime, max_attempts: int) -> tuple[int, int]:
        """Rows a crash left ``sending`` (or older ``uncertain`` ones) go back to the queue.

        Returns (requeued, given up): a row already tried ``max_attempts`` times is marked failed,
        so a notice that kills the process cannot loop forever.
        """
        stuck = (Notification.status.in_([NoticeStatus.SENDING, NoticeStatus.UNCERTAIN]))
        given_up = await self._session.execute(update(Notification).where(
            stuck, Notification.attempts >= max_attempts).values(status=NoticeStatus.FAILED))
        requeued = await self._session.execute(update(Notification).where(stuck).values(
            status=NoticeStatus.PENDING, next_attempt_at=now, interrupted=Notification.interrupted + 1))
        return int(requeued.rowcount or 0), int(given_up.rowcount or 0)  # type: ignore[attr-defined]

    async def counts(self) -> dict[str, int]:
        rows = await self._session.execute(select(Notification.status, func.count()).group_by(Notification.status))
        return {status: int(n) for status, n in rows}

    async def maybe_twice(self) -> list[tuple[int, int]]:
        """(notice id, chat) of every notice a crash or timeout may have delivered twice."""
        rows = await self._session.execute(select(Notification.id, Notification.chat_id)
                                           .where(Notification.interrupted > 0).order_by(Notification.id))
        return [(int(i), int(c)) for i, c in rows]
