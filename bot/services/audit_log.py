"""Reading the audit trail (/nhatky): province officers read their province, supervisors their area.

Commune officers do not read it (they are among the people it watches).  What is returned holds
no personal numbers: actions, officers' Telegram ids, area codes, reference codes and counts.
Nothing here (nor anywhere in the bot) edits or deletes an event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.areas import OfficerScope, Role
from bot.services.clock import Clock
from storage.repositories.audit import AuditFilter, AuditGroup, AuditRecord, AuditRepository

PAGE_SIZE = 10
READERS = frozenset({Role.PROVINCE, Role.SUPERVISOR})


@dataclass(frozen=True)
class AuditQuery:
    """What the officer asked to see; ``day`` is a local date."""

    group: AuditGroup | None = None
    actor_user_id: int | None = None
    day: date | None = None
    page: int = 0


@dataclass(frozen=True)
class AuditPage:
    records: list[AuditRecord]
    total: int
    page: int
    pages: int


def may_read(scope: OfficerScope) -> bool:
    return scope.role in READERS


class AuditLogService:
    def __init__(self, clock: Clock) -> None:
        self._clock = clock

    async def read(self, session: AsyncSession, scope: OfficerScope, query: AuditQuery) -> AuditPage | None:
        """One page, newest first; None when this officer may not read the log."""
        if not may_read(scope):
            return None
        since = until = None
        if query.day is not None:
            since = datetime.combine(query.day, time(), self._clock.tz)
            until = since + timedelta(days=1)
        where = AuditFilter(province_code=scope.area.province_code or None, ward_code=scope.area.ward_code,
                            group=query.group, actor_user_id=query.actor_user_id, since=since, until=until)
        page = max(0, query.page)
        records, total = await AuditRepository(session).page(where, limit=PAGE_SIZE, offset=page * PAGE_SIZE)
        return AuditPage(records, total, page, max(1, -(-total // PAGE_SIZE)))
