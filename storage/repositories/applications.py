"""Submitted applications: storing them and flagging possible duplicates (review: ``repositories.review``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Application


class ApplicationRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def same_person(self, policy_id: str, id_number: str) -> list[tuple[int, int, str]]:
        """(id, user_id, reference code) of every application for this policy and ID number."""
        rows = await self._session.execute(
            select(Application.id, Application.user_id, Application.reference_code)
            .where(Application.policy_id == policy_id, Application.id_number == id_number)
            .order_by(Application.id))
        return [(int(i), int(u), str(c)) for i, u, c in rows]

    async def code_taken(self, code: str) -> bool:
        return await self._session.scalar(select(Application.id).where(Application.reference_code == code)) is not None

    async def add(self, values: dict[str, Any], submitted_at: datetime) -> None:
        await self._session.execute(insert(Application).values(submitted_at=submitted_at, **values))

    async def flag_duplicates(self, policy_id: str, id_number: str) -> None:
        """Mark every application of this policy and ID number as a possible duplicate."""
        await self._session.execute(update(Application).where(
            Application.policy_id == policy_id, Application.id_number == id_number).values(possible_duplicate=True))
