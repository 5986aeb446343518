"""The background sender: every worker polls the database, claims recipients and sends at the budget.

Nothing lives only in memory: scheduled broadcasts, pending rows and retries (``next_attempt_at``)
are rows, so a restart resumes where it stopped and several workers can share one broadcast.  A row
is claimed (``sending``) before its message leaves and recorded after; a crash in between leaves it
``sending``, and recovery marks it ``uncertain`` (never resent: at-most-once, see README).
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.delivery.budget import ChatSpacing, RateBudget
from bot.delivery.inflight import InFlight
from bot.delivery.priority import ReplyGate
from bot.delivery.transport import Announcement, SendKind, SendResult, Transport
from bot.services.clock import Clock
from storage.repositories.broadcasts import (
    BroadcastRecord, BroadcastRepository, BroadcastStatus, Claimed, Delivery, Figures, Outcome,
)

log = logging.getLogger(__name__)

MAX_PASSING_ATTEMPTS = 4     # network errors: a row is tried at most this many times
MAX_FLOOD_ATTEMPTS = 20      # 429 answers: bounded too, so a broken limit cannot loop forever
PROGRESS_EVERY_SECONDS = 3.0


class Reporter(Protocol):
    """Tells the officer how a broadcast goes (implemented by the Telegram glue)."""

    async def progress(self, broadcast: BroadcastRecord, figures: Figures, eta_seconds: float) -> int | None:
        """Show or edit the progress message; returns its message id when it was (re)sent."""

    async def final(self, broadcast: BroadcastRecord, figures: Figures) -> None: ...


@dataclass(frozen=True)
class EngineSettings:
    rate: float = 30.0
    poll_seconds: float = 0.5
    lease: timedelta = timedelta(seconds=60)  # a claim older than this belongs to a dead worker
    max_concurrency: int = 128  # the ceiling; the limit in use follows the round trip (bot.delivery.inflight)
    retry_base_seconds: float = 2.0  # a passing error waits 2, 4, 8 s before the next try
    reply_reserve: float = 0.03      # this share of Telegram's limit is left to replies to people


class BroadcastSender:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], clock: Clock, transport: Transport,
                 settings: EngineSettings, reporter: Reporter | None = None, worker: str | None = None,
                 gate: ReplyGate | None = None) -> None:
        self._sessions = sessions
        self._clock = clock
        self._transport = transport
        self.settings = settings
        self._reporter = reporter
        self.worker = worker or f"w-{uuid.uuid4().hex[:12]}"
        self.budget = RateBudget(settings.rate * (1.0 - settings.reply_reserve))
        self.spacing = ChatSpacing()  # shared with personal notices (bot.delivery.notices)
        self._last_progress: dict[int, float] = {}
        self.in_flight = InFlight(ceiling=settings.max_concurrency)
        self._stop = asyncio.Event()
        self._gate = gate or ReplyGate()  # replies to people go first (bot.delivery.priority)
        self._released_at = time.monotonic()

    @property
    def batch_size(self) -> int:
        """About a fifth of a second of sending (6 rows at 30/s, 200 at 1000/s).

        It bounds what a crash can leave uncertain and how long one ledger transaction holds
        SQLite's write lock, which a citizen's reply may need (500-row batches made replies wait).
        """
        return max(1, min(200, int(self.settings.rate / 5)))

    async def recover(self, *, single_process: bool) -> int:
        """At start-up: rows a dead worker left claimed become ``uncertain``.

        One process on SQLite knows every claim is from before its start; with several workers
        only claims older than the lease are taken to be dead.
        """
        now = self._clock.utcnow()
        before = now + timedelta(seconds=1) if single_process else now - self.settings.lease
        async with self._sessions.begin() as session:
            count = await BroadcastRepository(session).release_uncertain(before)
        if count:
            log.warning("%d broadcast messages were in flight at a crash; marked uncertain, not resent", count)
        return count

    async def run(self, stop: asyncio.Event) -> None:
        self._stop = stop  # a graceful stop ends the drain after the batch under way
        watcher = asyncio.create_task(self.in_flight.watch(stop), name="bulk-in-flight")
        try:
            await self._rounds(stop)
        finally:
            watcher.cancel()

    async def _rounds(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                busy = await self.tick()
            except asyncio.CancelledError:
                raise
            except Exception:  # a database hiccup must not end the sender for good
                log.exception("broadcast sender round failed")
                busy = False
            if not busy:
                try:
                    await asyncio.wait_for(stop.wait(), self.settings.poll_seconds)
                except asyncio.TimeoutError:
                    pass

    async def tick(self) -> bool:
        """One round: start due broadcasts, send one batch of each running one; True if it sent."""
        now = self._clock.utcnow()
        # Claims of dead workers are looked for every half lease, not every poll: that UPDATE takes
        # the (SQLite) write lock, which a citizen's reply may be waiting for.
        release = time.monotonic() - self._released_at >= self.settings.lease.total_seconds() / 2
        async with self._sessions.begin() as session:
            repo = BroadcastRepository(session)
            await repo.start_due(now)
            if release:
                await repo.release_uncertain(now - self.settings.lease)
                self._released_at = time.monotonic()
            running = await repo.sending()
        busy = False
        for broadcast in running:
            busy = await self._send_batch(broadcast) or busy
        await self._report_finished()
        return busy

    async def _send_batch(self, broadcast: BroadcastRecord) -> bool:
        """Drain what is due of one broadcast, claiming the next batch while the current one is sent.

        At most three batches (about 0.6 s of sending) are claimed and unrecorded at any moment:
        that is the in-flight window a crash can leave ``uncertain``.  A pause or cancel stops the
        claims at once (the claim checks the broadcast's status); the batch under way finishes.
        """
        message = Announcement(broadcast.text, broadcast.media_kind, broadcast.media_file_id)
        claimed = await self._record_and_claim(None, broadcast.id)
        sent_any = bool(claimed)
        finished: tuple[list[Claimed], list[SendResult]] | None = None
        while claimed and not self._stop.is_set():
            sending = asyncio.ensure_future(self._send_all(claimed, message))
            try:  # recording the previous batch and claiming the next (one transaction) overlap this batch
                upcoming = await self._record_and_claim(finished, broadcast.id)
            finally:
                results = await sending
            finished = (claimed, results)
            await self._maybe_finish(broadcast, force_progress=False)
            claimed = upcoming
        if finished is not None:
            await self._record_and_claim(finished, None)
        if claimed:  # stopping: hand the claimed but unsent batch back, nobody loses it
            async with self._sessions.begin() as session:
                await BroadcastRepository(session).unclaim(self.worker, [row.id for row in claimed])
        await self._maybe_finish(broadcast, force_progress=True)
        return sent_any

    async def _record_and_claim(self, finished: tuple[list[Claimed], list[SendResult]] | None,
                                broadcast_id: int | None) -> list[Claimed]:
        """Record a sent batch and claim the next in one short transaction (one write lock, not two).

        Waits first until no reply is being made, so a citizen's reply never queues behind it.
        """
        await self._gate.clear()
        async with self._sessions.begin() as session:
            repo = BroadcastRepository(session)
            if finished is not None:
                claimed, results = finished
                now = self._clock.utcnow()
                await repo.record(self.worker, [self._outcome(r, res) for r, res in zip(claimed, results)], now)
                await repo.mark_unreachable([r.chat_id for r, res in zip(claimed, results)
                                             if res.kind is SendKind.UNREACHABLE], now)
            if broadcast_id is None:
                return []
            return await repo.claim(broadcast_id, self.worker, self._clock.utcnow(), self.batch_size)

    async def _send_all(self, claimed: list[Claimed], message: Announcement) -> list[SendResult]:
        """Start one send per budget token, at most ``in_flight.limit`` at once.

        One coroutine waits on the budget (not one per row: hundreds of waiters on one lock make
        every hand-over cost as much as the queue is long).
        """
        tasks: list[asyncio.Task[SendResult]] = []
        for row in claimed:
            await self._gate.clear()
            await self.budget.acquire()
            await self.in_flight.acquire()
            tasks.append(asyncio.create_task(self._send_one(row, message)))
        return list(await asyncio.gather(*tasks))

    async def _send_one(self, row: Claimed, message: Announcement) -> SendResult:
        try:
            await self.spacing.wait(row.chat_id)
            result = await self._transport.send(row.chat_id, message)
        finally:
            await self.in_flight.release()
            self.spacing.sent(row.chat_id)
        if result.kind is SendKind.RETRY_AFTER:
            self.budget.pause(result.retry_after)
        return result

    def _outcome(self, row: Claimed, result: SendResult) -> Outcome:
        now = self._clock.utcnow()
        if result.kind is SendKind.SENT:
            return Outcome(row.id, Delivery.SENT, result.message_id)
        if result.kind is SendKind.UNREACHABLE:
            return Outcome(row.id, Delivery.BLOCKED, error=result.error)
        if result.kind is SendKind.UNCERTAIN:
            return Outcome(row.id, Delivery.UNCERTAIN, error=result.error)
        if result.kind is SendKind.RETRY_AFTER and row.attempts < MAX_FLOOD_ATTEMPTS:
            return Outcome(row.id, Delivery.PENDING, error="429", retry_at=now)  # the budget pause does the waiting
        if result.kind is SendKind.PASSING and row.attempts < MAX_PASSING_ATTEMPTS:
            return Outcome(row.id, Delivery.PENDING, error=result.error,
                           retry_at=now + timedelta(seconds=self.settings.retry_base_seconds * 2 ** (row.attempts - 1)))
        return Outcome(row.id, Delivery.FAILED, error=result.error or result.kind.value)

    async def _maybe_finish(self, broadcast: BroadcastRecord, *, force_progress: bool) -> None:
        due = time.monotonic() - self._last_progress.get(broadcast.id, 0.0) >= PROGRESS_EVERY_SECONDS
        if not (due or force_progress):
            return
        async with self._sessions.begin() as session:
            repo = BroadcastRepository(session)
            figures = await repo.figures(broadcast.id)
            if figures.finished:
                await repo.set_status(broadcast.id, BroadcastStatus.DONE, [BroadcastStatus.SENDING],
                                      self._clock.utcnow())
                return
        last = self._last_progress.get(broadcast.id, 0.0)
        if self._reporter is None or time.monotonic() - last < PROGRESS_EVERY_SECONDS:
            return
        self._last_progress[broadcast.id] = time.monotonic()
        eta = figures.remaining / self.settings.rate
        try:
            message_id = await self._reporter.progress(broadcast, figures, eta)
        except Exception:  # the officer's progress message is a courtesy: never stop sending for it
            log.exception("progress message of broadcast %s failed", broadcast.id)
            return
        if message_id is not None and message_id != broadcast.progress_message_id:
            async with self._sessions.begin() as session:
                await BroadcastRepository(session).claim_progress_message(broadcast.id, message_id)

    async def _report_finished(self) -> None:
        async with self._sessions() as session:
            finished = await BroadcastRepository(session).unreported()
        for broadcast in finished:
            async with self._sessions.begin() as session:
                repo = BroadcastRepository(session)
                if not await repo.mark_reported(broadcast.id):
                    continue  # another worker reports it
                figures = await repo.figures(broadcast.id)
                broadcast = await repo.get(broadcast.id) or broadcast
            if self._reporter is not None:
                try:
                    await self._reporter.final(broadcast, figures)
                except Exception:
                    log.exception("final report of broadcast %s failed", broadcast.id)


