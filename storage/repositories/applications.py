"""Submitted applications."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Application


class ApplicationRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def existing_code(self, policy_id: str, id_number: str) -> str | None:
        """The reference code of this person's application for this policy, if there is one."""
        return await self._session.scalar(select(Application.reference_code).where(
            Application.policy_id == policy_id, Application.id_number == id_number))

    async def code_taken(self, code: str) -> bool:
        return await self._session.scalar(select(Application.id).where(Application.reference_code == code)) is not None

    async def add(self, values: dict[str, Any], submitted_at: datetime) -> None:
        await self._session.execute(insert(Application).values(submitted_at=submitted_at, **values))
