"""Saved dialog state: one row per chat and dialog, written at every step, plus the active pointer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from datetime import datetime

from storage.models import ChatSession, DialogStateRow


@dataclass(frozen=True)
class SavedDialog:
    dialog: str
    step: str
    seq: int
    data: dict[str, Any]
    version: int


class DialogStateRepository:
    """Reads and writes one chat's dialog state inside a unit of work; ``now`` is that unit's moment
    (from the injected clock), stamped on every write."""

    def __init__(self, session: AsyncSession, now: datetime) -> None:
        self._session = session
        self._now = now

    async def active(self, chat_id: int) -> SavedDialog | None:
        """The state of the dialog the chat is in now, if any."""
        name = await self._session.scalar(select(ChatSession.active_dialog).where(ChatSession.chat_id == chat_id))
        return await self.get(chat_id, name) if name else None

    async def get(self, chat_id: int, dialog: str) -> SavedDialog | None:
        row = await self._session.scalar(
            select(DialogStateRow).where(DialogStateRow.chat_id == chat_id, DialogStateRow.dialog == dialog)
        )
        if row is None:
            return None
        return SavedDialog(row.dialog, row.step, row.seq, dict(row.data or {}), row.version)

    async def activate(self, chat_id: int, dialog: str | None) -> None:
        now = self._now
        updated = await self._session.execute(
            update(ChatSession).where(ChatSession.chat_id == chat_id).values(active_dialog=dialog, updated_at=now)
        )
        if not updated.rowcount:  # type: ignore[attr-defined]
            await self._session.execute(insert(ChatSession).values(chat_id=chat_id, active_dialog=dialog, updated_at=now))

    async def save(
        self, chat_id: int, user_id: int, dialog: str, step: str, seq: int,
        data: dict[str, Any], expected_version: int | None,
    ) -> bool:
        """Write the new state (and make it active); False when another worker changed it meanwhile.

        ``expected_version=None`` starts the dialog afresh, replacing any saved state of it.
        """
        now = self._now
        values: dict[str, Any] = dict(user_id=user_id, step=step, seq=seq, data=data, updated_at=now)
        where = [DialogStateRow.chat_id == chat_id, DialogStateRow.dialog == dialog]
        if expected_version is None:
            existing = await self.get(chat_id, dialog)
            if existing is None:
                await self._session.execute(insert(DialogStateRow).values(
                    chat_id=chat_id, dialog=dialog, version=1, started_at=now, **values))
                await self.activate(chat_id, dialog)
                return True
            values["started_at"] = now
            expected_version = existing.version
        result = await self._session.execute(
            update(DialogStateRow).where(*where, DialogStateRow.version == expected_version)
            .values(version=expected_version + 1, **values)
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            return False
        await self.activate(chat_id, dialog)
        return True

    async def clear(self, chat_id: int, dialog: str) -> bool:
        """Forget one dialog's state; the chat is then in no dialog."""
        result = await self._session.execute(
            delete(DialogStateRow).where(DialogStateRow.chat_id == chat_id, DialogStateRow.dialog == dialog)
        )
        await self.activate(chat_id, None)
        return bool(result.rowcount)  # type: ignore[attr-defined]
