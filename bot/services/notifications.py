"""Sends the outbox: status changes people asked to be told about.

Each notice is claimed in the database before it is sent and recorded after, so a crash can
never send it twice; a notice whose fate a crash made unknown is marked ``uncertain`` and left
for officers to see, rather than risk a duplicate.  Telegram's flood answers (429) put a notice
back in the queue for later; a user who blocked the bot is recorded as such.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram.error import Forbidden, RetryAfter, TimedOut, NetworkError, BadRequest

from bot.services.clock import Clock
from storage.repositories.notifications import NotificationRepository, OutgoingNotice
from storage.repositories.users import UserRepository

log = logging.getLogger(__name__)

Sender = Callable[[OutgoingNotice], Awaitable[None]]
MAX_ATTEMPTS = 5


class NotificationService:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], clock: Clock) -> None:
        self._sessions = sessions
        self._clock = clock

    async def recover_after_restart(self) -> int:
        async with self._sessions.begin() as session:
            return await NotificationRepository(session).mark_interrupted()

    async def send_due(self, send: Sender, *, limit: int = 25) -> int:
        """Send what is due now; returns how many were delivered."""
        async with self._sessions.begin() as session:
            claimed = await NotificationRepository(session).claim_due(self._clock.utcnow(), limit)
        delivered = 0
        for notice in claimed:
            status, retry_at = "sent", None
            try:
                await send(notice)
                delivered += 1
            except RetryAfter as error:
                status, retry_at = "pending", self._clock.utcnow() + _seconds(error.retry_after)
            except Forbidden:
                status = "blocked"
            except BadRequest:
                status = "failed"
            except TimedOut:
                status = "uncertain"  # it may have arrived: do not risk a duplicate
            except NetworkError:  # the request did not get through: safe to try again, a few times
                if notice.attempts >= MAX_ATTEMPTS:
                    status = "failed"
                else:
                    status, retry_at = "pending", self._clock.utcnow() + timedelta(seconds=30)
            async with self._sessions.begin() as session:
                repo = NotificationRepository(session)
                if retry_at is not None:
                    await repo.retry_later(notice.id, retry_at)
                else:
                    await repo.finish(notice.id, status, self._clock.utcnow())
                if status == "blocked":
                    await UserRepository(session).mark_blocked(notice.chat_id, True)
            if retry_at is not None:
                log.info("notice %s postponed", notice.id)
                break
        return delivered

    async def counts(self) -> dict[str, int]:
        async with self._sessions() as session:
            return await NotificationRepository(session).counts()


def _seconds(value: object) -> timedelta:
    if isinstance(value, timedelta):
        return value
    return timedelta(seconds=float(value))  # type: ignore[arg-type]
