"""The audit trail of officer actions and of events officers must see (lookup bursts)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import AuditEvent


class AuditRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def record(self, actor_user_id: int | None, action: str, object_type: str = "",
                     object_id: str = "", details: dict[str, Any] | None = None, *,
                     at: datetime | None = None) -> None:
        """Add one event; ``details`` must already be free of raw personal numbers.

        ``at`` comes from the caller's injected clock; callers not yet passing it get the
        column's default.
        """
        event = AuditEvent(actor_user_id=actor_user_id, action=action, object_type=object_type,
                           object_id=object_id, details=details or {})
        if at is not None:
            event.at = at
        self._session.add(event)

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
