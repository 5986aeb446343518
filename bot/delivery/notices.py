"""Personal notices (paid, decided, the officers' digest) sent by the delivery engine's machinery.

They leave through the same transport, the same rate budget (so announcements and notices
together stay under Telegram's limit), the same one-message-a-second spacing per chat and the
same 429 pause as announcements, and give way to replies the same way.  Their ledger is the
outbox (``notifications``): each notice is claimed in the database, committed, right before it
leaves, by whichever worker gets it first.  They keep their own guarantee, at least once (see
``bot.services.notifications`` and README, Decisions), and reach people who turned
announcements off (/tatthongbao): only 403/deleted chats are skipped.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from bot.delivery.budget import ChatSpacing, RateBudget
from bot.delivery.priority import ReplyGate
from bot.delivery.transport import Announcement, SendKind, SendResult, Transport
from bot.domain.notices import OutgoingNotice, SendReport
from bot.services.notifications import NotificationService

log = logging.getLogger(__name__)

POLL_SECONDS = 1.0
NOTICES_PER_ROUND = 200  # one round at most; the shared budget sets the pace

Render = Callable[[OutgoingNotice], Announcement]


class NoticeSender:
    def __init__(self, notifications: NotificationService, render: Render, transport: Transport,
                 budget: RateBudget, spacing: ChatSpacing, gate: ReplyGate | None = None,
                 poll_seconds: float = POLL_SECONDS) -> None:
        self._notifications = notifications
        self._render = render
        self._transport = transport
        self._budget = budget
        self._spacing = spacing
        self._gate = gate or ReplyGate()
        self._poll = poll_seconds

    async def send(self, notice: OutgoingNotice) -> SendResult:
        """One notice through the bulk path: wait for replies, the budget and the chat's spacing."""
        await self._gate.clear()
        await self._budget.acquire()
        await self._spacing.wait(notice.chat_id)
        try:
            result = await self._transport.send(notice.chat_id, self._render(notice))
        finally:
            self._spacing.sent(notice.chat_id)
        if result.kind is SendKind.RETRY_AFTER:
            self._budget.pause(result.retry_after)  # announcements wait too: the limit is the bot's
        return result

    async def round(self) -> SendReport:
        return await self._notifications.send_due(self.send, limit=NOTICES_PER_ROUND)

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                report = await self.round()
            except asyncio.CancelledError:
                raise
            except Exception:  # a database hiccup must not end the notices for good
                log.exception("notice round failed")
                report = SendReport(0, 0)
            if report.claimed < NOTICES_PER_ROUND or report.postponed:
                try:
                    await asyncio.wait_for(stop.wait(), self._poll)
                except asyncio.TimeoutError:
                    pass
