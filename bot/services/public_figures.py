"""The figures of the public page, computed once per version of the data, not once per visitor.

A news article linking the page brings thousands of visitors in minutes; the statistics queries
(grouping a province's lists) must not run for each.  Every change the page shows bumps one
version stamp in the database (``storage.repositories.publication``), inside the change's own
transaction.  This cache keeps the snapshot computed for a version and, at most every
``stamp_ttl`` seconds, reads the stamp (one tiny query); only when it moved are the figures
computed again, by one request while the others wait for it.  Several web workers share the
stamp through the database, so each recomputes once per import.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain.areas import Area
from bot.parsing.area_names import area_name
from bot.reports.figures import StatisticsReport
from bot.services.publication import PublicationService
from bot.services.statistics import StatisticsService
from storage.repositories.publication import PublicationRepository

log = logging.getLogger(__name__)

DEFAULT_STAMP_TTL = 2.0  # seconds a worker trusts its snapshot before reading the stamp again


@dataclass(frozen=True)
class PublicSnapshot:
    """The published areas' reports as of one version of the data."""

    version: int
    updated_at: datetime | None  # when the data last changed (an import, an approval, a publish)
    reports: tuple[StatisticsReport, ...]


class PublicFigures:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], statistics: StatisticsService,
                 publication: PublicationService, *, stamp_ttl: float = DEFAULT_STAMP_TTL,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self._sessions = sessions
        self._statistics = statistics
        self._publication = publication
        self._ttl = stamp_ttl
        self._monotonic = monotonic
        self._snapshot: PublicSnapshot | None = None
        self._checked_at = float("-inf")
        self._lock = asyncio.Lock()

    async def current(self) -> PublicSnapshot:
        """The snapshot for the data as it is now (at most ``stamp_ttl`` seconds old)."""
        snapshot = self._snapshot
        if snapshot is not None and self._monotonic() - self._checked_at < self._ttl:
            return snapshot
        async with self._lock:  # one request reads the stamp (and recomputes); the others wait
            snapshot = self._snapshot
            if snapshot is not None and self._monotonic() - self._checked_at < self._ttl:
                return snapshot
            try:
                async with self._sessions() as session:
                    version, changed_at = await PublicationRepository(session).stamp()
                    if snapshot is None or snapshot.version != version:
                        snapshot = await self._compute(session, version, changed_at)
                        self._snapshot = snapshot
            except (DBAPIError, OSError):
                if snapshot is None:
                    raise
                log.warning("public figures: database unavailable, showing the figures of version %s",
                            snapshot.version)  # the last known figures beat an error page
            self._checked_at = self._monotonic()
            return snapshot

    async def _compute(self, session: AsyncSession, version: int, changed_at: datetime | None) -> PublicSnapshot:
        """The stamp was read first: figures read after it are at least as new as the version."""
        areas = await self._publication.published_areas(session)
        reports = [await self._statistics.public_report(session, area) for area in areas]
        reports.sort(key=lambda r: (area_name(Area(r.area.province_code)), not r.area.is_province, r.area_name))
        return PublicSnapshot(version, changed_at, tuple(reports))
