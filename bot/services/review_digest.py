"""The daily digest of applications near or past their time limit, for every officer.

Run by a periodic job; the service queues at most one digest per officer and day (outbox key),
so any number of runs, restarts or workers send it once.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.officer_scope import ScopeOf
from bot.services.review import ReviewService


class ReviewDigest:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], review: ReviewService, scope_of: ScopeOf,
                 officer_ids: Callable[[], Awaitable[Iterable[int]]]) -> None:
        self._sessions = sessions
        self._review = review
        self._scope_of = scope_of
        self._officer_ids = officer_ids

    async def run(self) -> int:
        """Queue today's digests that are due; returns how many were queued now."""
        queued = 0
        for user_id in sorted(await self._officer_ids()):
            async with self._sessions.begin() as session:  # one officer's failure never blocks another's
                scope = await self._scope_of(session, user_id)
                if scope is not None and scope.may_change_data and await self._review.queue_digest(session, scope):
                    queued += 1
        return queued
