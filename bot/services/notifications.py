"""Sends the outbox: status changes people asked to be told about.

Guarantee for the one message in flight: **at least once**.  Telegram has no idempotency key,
so after a crash (or a timeout) nobody can know whether the message being sent arrived.  We
send it again rather than risk that someone is never told they were paid; the price is that
this one message may arrive twice.  To keep that to one message per crash, notices are
claimed and committed one at a time, right before each send: at start-up, the rows still
``sending`` are exactly the messages that were in flight.  They go back to the queue with
``interrupted`` counted, so officers (and the SIGKILL test) can list every notice that may have
arrived twice.  A row tried ``MAX_ATTEMPTS`` times is given up as ``failed``.

Telegram's flood answers (429) put a notice back for later and end the pass; a user who blocked
the bot is recorded as such.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from bot.delivery.transport import SendKind, SendResult
from bot.domain.notices import NoticeStatus, OutgoingNotice, Recovery, SendReport
from bot.services.clock import Clock
from storage.repositories.notifications import NotificationRepository
from storage.repositories.users import UserRepository

log = logging.getLogger(__name__)

# Sends one notice and says what happened, in Telegram-free terms (the handler translates Telegram's
# answers and exceptions): the service decides what each outcome means for the outbox.
Sender = Callable[[OutgoingNotice], Awaitable[SendResult]]
MAX_ATTEMPTS = 5
NETWORK_RETRY = timedelta(seconds=30)


class NotificationService:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], clock: Clock) -> None:
        self._sessions = sessions
        self._clock = clock

    async def recover_after_restart(self) -> Recovery:
        """Re-queue the sends a crash interrupted (at least once; see the module docstring)."""
        async with self._sessions.begin() as session:
            requeued, given_up = await NotificationRepository(session).requeue_interrupted(
                self._clock.utcnow(), MAX_ATTEMPTS)
        if requeued or given_up:
            log.warning("%d notice(s) interrupted by a crash queued again (may arrive twice), %d given up",
                        requeued, given_up)
        return Recovery(requeued, given_up)

    async def send_due(self, send: Sender, *, limit: int = 25) -> SendReport:
        """Send up to ``limit`` notices that are due now, one claimed at a time.

        Recording a notice's outcome and claiming the next one share a transaction, so each
        notice costs one commit, and the claim is still committed before the message leaves.
        """
        claimed = delivered = 0
        outcome: _Outcome | None = None
        while True:
            async with self._sessions.begin() as session:
                repo = NotificationRepository(session)
                if outcome is not None:
                    await self._record(session, outcome)
                postponed = outcome is not None and outcome.retry_at is not None
                notice = None if postponed or claimed >= limit else await repo.claim_next(self._clock.utcnow())
            if postponed:
                log.info("notice %s postponed", outcome.notice.id if outcome else "?")
                return SendReport(claimed, delivered, postponed=True)
            if notice is None:
                return SendReport(claimed, delivered)
            claimed += 1
            outcome = await self._send_one(send, notice)
            delivered += outcome.status == NoticeStatus.SENT

    async def _send_one(self, send: Sender, notice: OutgoingNotice) -> _Outcome:
        result = await send(notice)
        if result.kind is SendKind.SENT:
            return _Outcome(notice, NoticeStatus.SENT)
        if result.kind is SendKind.RETRY_AFTER:
            return _Outcome(notice, NoticeStatus.PENDING,
                            self._clock.utcnow() + timedelta(seconds=max(1.0, result.retry_after)))
        if result.kind is SendKind.UNREACHABLE:
            return _Outcome(notice, NoticeStatus.BLOCKED)
        if result.kind is SendKind.REFUSED:
            return _Outcome(notice, NoticeStatus.FAILED)
        # PASSING or UNCERTAIN (timed out: it may have arrived, but at least once wins)
        if notice.attempts >= MAX_ATTEMPTS:
            return _Outcome(notice, NoticeStatus.FAILED)
        return _Outcome(notice, NoticeStatus.PENDING, self._clock.utcnow() + NETWORK_RETRY,
                        maybe_delivered=result.kind is SendKind.UNCERTAIN)

    async def _record(self, session: AsyncSession, outcome: _Outcome) -> None:
        repo = NotificationRepository(session)
        if outcome.retry_at is not None:
            await repo.retry_later(outcome.notice.id, outcome.retry_at, maybe_delivered=outcome.maybe_delivered)
        else:
            await repo.finish(outcome.notice.id, outcome.status, self._clock.utcnow())
        if outcome.status == NoticeStatus.BLOCKED:
            await UserRepository(session).mark_blocked(outcome.notice.chat_id, True, self._clock.utcnow())

    async def counts(self) -> dict[str, int]:
        async with self._sessions() as session:
            return await NotificationRepository(session).counts()

    async def maybe_twice(self) -> list[tuple[int, int]]:
        """Notices that may have reached their chat twice (listed for officers, see README)."""
        async with self._sessions() as session:
            return await NotificationRepository(session).maybe_twice()


@dataclass(frozen=True)
class _Outcome:
    """What happened to one send; a ``retry_at`` puts the notice back in the queue."""

    notice: OutgoingNotice
    status: NoticeStatus
    retry_at: datetime | None = None
    maybe_delivered: bool = False


