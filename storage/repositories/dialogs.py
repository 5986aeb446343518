"""Saved dialog state: one row per chat and dialog, written at every step, plus the active pointer.

A step of a dialog the chat is already in costs one read (the pointer joined to its state) and one
write (the state row, guarded by its version); the pointer is written only when it changes (a
dialog starts), and clearing the active dialog deletes its row only: a pointer to a dialog without
state means "no dialog".  Fewer statements per message is what lets one process answer hundreds of
people a second (see bench/lookup_rate.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from datetime import datetime

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

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
        """The state of the dialog the chat is in now, if any (one indexed read)."""
        row = (await self._session.execute(_ACTIVE, {"chat_id": chat_id})).first()
        return SavedDialog(row[0], row[1], row[2], dict(row[3] or {}), row[4]) if row is not None else None

    async def get(self, chat_id: int, dialog: str) -> SavedDialog | None:
        row = (await self._session.execute(_GET, {"chat_id": chat_id, "dialog": dialog})).first()
        return SavedDialog(row[0], row[1], row[2], dict(row[3] or {}), row[4]) if row is not None else None

    async def activate(self, chat_id: int, dialog: str | None) -> None:
        """Point the chat at ``dialog`` (None: no dialog) with one upsert."""
        now = self._now
        name = self._session.get_bind().dialect.name
        dialect_insert = postgresql.insert if name == "postgresql" else sqlite.insert
        statement = dialect_insert(ChatSession).values(chat_id=chat_id, active_dialog=dialog, updated_at=now)
        await self._session.execute(statement.on_conflict_do_update(
            index_elements=[ChatSession.chat_id], set_={"active_dialog": dialog, "updated_at": now}))

    async def save(
        self, chat_id: int, user_id: int, dialog: str, step: str, seq: int,
        data: dict[str, Any], expected_version: int | None, *,
        already_active: bool = False, known: SavedDialog | None | bool = False,
    ) -> bool:
        """Write the new state (and make it active); False when another worker changed it meanwhile.

        ``expected_version=None`` starts the dialog afresh, replacing any saved state of it;
        ``known`` is that saved state when the caller has just read it (None: there is none), so
        it is not read twice.  ``already_active``: the chat is in this dialog (the caller read it
        through :meth:`active`), so the pointer is not rewritten.
        """
        now = self._now
        values: dict[str, Any] = dict(user_id=user_id, step=step, seq=seq, data=data, updated_at=now)
        where = [DialogStateRow.chat_id == chat_id, DialogStateRow.dialog == dialog]
        if expected_version is None:
            existing = await self.get(chat_id, dialog) if known is False else known
            if existing is None:
                await self._session.execute(insert(DialogStateRow).values(
                    chat_id=chat_id, dialog=dialog, version=1, started_at=now, **values))
                await self.activate(chat_id, dialog)
                return True
            values["started_at"] = now
            expected_version = existing.version
        if "started_at" in values:
            result = await self._session.execute(
                update(DialogStateRow).where(*where, DialogStateRow.version == expected_version)
                .values(version=expected_version + 1, **values))
        else:  # a step of a running dialog: the statement built once
            result = await self._session.execute(_STEP, {
                "w_chat": chat_id, "w_dialog": dialog, "w_version": expected_version,
                "n_version": expected_version + 1, "n_user": user_id, "n_step": step, "n_seq": seq, "n_data": data,
                "n_at": now})
        if result.rowcount != 1:  # type: ignore[attr-defined]
            return False
        if not already_active:
            await self.activate(chat_id, dialog)
        return True

    async def clear(self, chat_id: int, dialog: str, *, deactivate: bool = False) -> bool:
        """Forget one dialog's state; if it was the active one the chat is then in no dialog.

        ``deactivate`` also leaves whatever other dialog was active (a dialog that ended as it
        started replaces the one the chat was in, as starting it would have).
        """
        result = await self._session.execute(
            delete(DialogStateRow).where(DialogStateRow.chat_id == chat_id, DialogStateRow.dialog == dialog)
        )
        if deactivate:
            await self.activate(chat_id, None)
        return bool(result.rowcount)  # type: ignore[attr-defined]


# Built once: constructing a statement costs more CPU than SQLite takes to run it.
_ACTIVE = (select(DialogStateRow.dialog, DialogStateRow.step, DialogStateRow.seq, DialogStateRow.data,
                  DialogStateRow.version)
           .join(ChatSession, (ChatSession.chat_id == DialogStateRow.chat_id)
                 & (ChatSession.active_dialog == DialogStateRow.dialog))
           .where(ChatSession.chat_id == bindparam("chat_id")))
_STEP = (update(DialogStateRow)
         .where(DialogStateRow.chat_id == bindparam("w_chat"), DialogStateRow.dialog == bindparam("w_dialog"),
                DialogStateRow.version == bindparam("w_version"))
         .values(version=bindparam("n_version"), user_id=bindparam("n_user"), step=bindparam("n_step"),
                 seq=bindparam("n_seq"), data=bindparam("n_data", type_=DialogStateRow.data.type),
                 updated_at=bindparam("n_at", type_=DialogStateRow.updated_at.type))
         .execution_options(synchronize_session=False))  # no ORM objects to refresh: skip its evaluator
_GET = (select(DialogStateRow.dialog, DialogStateRow.step, DialogStateRow.seq, DialogStateRow.data,
               DialogStateRow.version)
        .where(DialogStateRow.chat_id == bindparam("chat_id"), DialogStateRow.dialog == bindparam("dialog")))
