"""The audit trail of officer actions."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import AuditEvent, utcnow


class AuditRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def record(self, actor_user_id: int | None, action: str, object_type: str = "",
                     object_id: str = "", details: dict[str, Any] | None = None) -> None:
        """Add one event; ``details`` must already be free of raw personal numbers."""
        self._session.add(AuditEvent(at=utcnow(), actor_user_id=actor_user_id, action=action,
                                     object_type=object_type, object_id=object_id,
                                     details=details or {}))

    async def recent(self, limit: int = 50) -> list[tuple[int | None, str, str, str]]:
        rows = await self._session.execute(
            select(AuditEvent.actor_user_id, AuditEvent.action, AuditEvent.object_type,
                   AuditEvent.object_id).order_by(AuditEvent.id.desc()).limit(limit)
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]
