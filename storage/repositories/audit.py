"""The audit trail of officer actions: append and read, never change.

There is deliberately no update or delete here; the database refuses them too (triggers of
migration ``0004_review``).  Every officer action is one :class:`AuditEntry`: who, which action,
which area (today's province and commune codes), which object and how many records.  Nothing
stored here may hold a raw ID, phone or bank number: objects are reference codes, batch ids or
masked numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import AuditEvent


class AuditAction(StrEnum):
    """What an officer did.  Values are stable: they are stored and filtered on by prefix."""

    APPLICATION_VIEW = "application.view"
    APPLICATION_APPROVE = "application.approve"
    APPLICATION_REJECT = "application.reject"
    APPLICATION_RETURN = "application.return"
    PERSON_LOOKUP = "person.lookup"
    IMPORT_PREVIEW = "import.preview"
    IMPORT_COMMIT = "import.commit"
    IMPORT_CANCEL = "import.cancel"
    IMPORT_STALE = "import.stale"      # the lists changed after the preview: shown again, nothing imported
    EXPORT = "export.file"
    ACCOUNT_INVITE = "account.invite"
    ACCOUNT_ADD = "account.add"
    ACCOUNT_REMOVE = "account.remove"
    ACCOUNT_JOIN = "account.join"      # an invited officer used the link
    BROADCAST = "broadcast.send"
    DIGEST = "review.digest"
    PUBLICATION = "publication.set"  # an area's figures shown on (or hidden from) the public page


class AuditGroup(StrEnum):
    """The families /nhatky filters by: a prefix of :class:`AuditAction` values."""

    DECISIONS = "application."
    LOOKUPS = "person."
    IMPORTS = "import."
    EXPORTS = "export."
    ACCOUNTS = "account."
    BROADCASTS = "broadcast."


@dataclass(frozen=True)
class AuditEntry:
    """One officer action to record; ``details`` must already be free of raw personal numbers."""

    action: AuditAction
    actor_user_id: int | None
    province_code: str = ""
    ward_code: str = ""
    object_type: str = ""
    object_id: str = ""
    count: int = 0
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class AuditFilter:
    """Which events to read: inside a province (and commune), optionally by action, officer and time."""

    province_code: str | None        # None: every province (the legacy national officers only)
    ward_code: str | None = None
    group: AuditGroup | None = None
    actor_user_id: int | None = None
    since: datetime | None = None   # inclusive, UTC
    until: datetime | None = None   # exclusive, UTC


@dataclass(frozen=True)
class AuditRecord:
    """One stored event as /nhatky reads it."""

    id: int
    at: datetime
    actor_user_id: int | None
    action: str
    province_code: str
    ward_code: str
    object_type: str
    object_id: str
    count: int


class AuditRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def append(self, entry: AuditEntry, at: datetime) -> None:
        """Add one event (in the caller's transaction, so it is kept exactly when the action is)."""
        self._session.add(AuditEvent(
            at=at, actor_user_id=entry.actor_user_id, action=str(entry.action),
            province_code=entry.province_code, ward_code=entry.ward_code, object_type=entry.object_type,
            object_id=entry.object_id, count=entry.count, details=dict(entry.details)))
        await self._session.flush()

    async def record(self, actor_user_id: int | None, action: str, object_type: str = "",
                     object_id: str = "", details: dict[str, Any] | None = None, *,
                     at: datetime | None = None) -> None:
        """The older untyped form, kept for callers not yet moved to :meth:`append`.

        ``details`` must already be free of raw personal numbers; a ``province_code``, ``ward_code``
        or ``count`` in it also fills the area and count columns, so /nhatky can filter by area.
        ``at`` comes from the caller's injected clock (the column's default otherwise).
        """
        details = dict(details or {})
        event = AuditEvent(actor_user_id=actor_user_id, action=action, object_type=object_type,
                           object_id=object_id, details=details,
                           province_code=str(details.get("province_code") or ""),
                           ward_code=str(details.get("ward_code") or ""),
                           count=int(details.get("count") or 0))
        if at is not None:
            event.at = at
        self._session.add(event)

    async def page(self, where: AuditFilter, *, limit: int, offset: int = 0) -> tuple[list[AuditRecord], int]:
        """Newest first: one page of events and how many match in all."""
        conditions: list[Any] = []
        if where.province_code is not None:
            conditions.append(AuditEvent.province_code == where.province_code)
        if where.ward_code is not None:
            conditions.append(AuditEvent.ward_code == where.ward_code)
        if where.group is not None:
            conditions.append(AuditEvent.action.startswith(str(where.group), autoescape=True))
        if where.actor_user_id is not None:
            conditions.append(AuditEvent.actor_user_id == where.actor_user_id)
        if where.since is not None:
            conditions.append(AuditEvent.at >= where.since)
        if where.until is not None:
            conditions.append(AuditEvent.at < where.until)
        total = int(await self._session.scalar(select(func.count()).select_from(AuditEvent).where(*conditions)) or 0)
        rows = await self._session.execute(
            select(AuditEvent.id, AuditEvent.at, AuditEvent.actor_user_id, AuditEvent.action,
                   AuditEvent.province_code, AuditEvent.ward_code, AuditEvent.object_type,
                   AuditEvent.object_id, AuditEvent.count)
            .where(*conditions).order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit).offset(offset))
        return [AuditRecord(*row) for row in rows], total

    async def recent(self, limit: int = 50) -> list[tuple[int | None, str, str, str]]:
        rows = await self._session.execute(
            select(AuditEvent.actor_user_id, AuditEvent.action, AuditEvent.object_type,
                   AuditEvent.object_id).order_by(AuditEvent.id.desc()).limit(limit)
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]

    async def recent_details(self, action: str, limit: int = 50) -> list[tuple[datetime, str, dict[str, Any]]]:
        """(when, object id, details) of the latest events of one kind, newest first."""
        rows = await self._session.execute(
            select(AuditEvent.at, AuditEvent.object_id, AuditEvent.details)
            .where(AuditEvent.action == action).order_by(AuditEvent.id.desc()).limit(limit))
        return [(at, object_id, dict(details or {})) for at, object_id, details in rows]


def audit_area(scope: Any, count: int) -> dict[str, Any]:
    """The area and size columns of an officer's event, for :meth:`AuditRepository.record`'s
    ``details`` (an :class:`~bot.domain.areas.OfficerScope`): /nhatky reads an area by them."""
    return {"province_code": scope.area.province_code, "ward_code": scope.area.ward_code or "", "count": count}
