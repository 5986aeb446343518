"""Submitted applications."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.areas import Area
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


def _in(area: Area | None) -> list[Any]:
    """Conditions keeping the applications placed inside ``area`` (None: everywhere)."""
    if area is None:
        return []
    conditions = [Application.current_province_code == area.province_code]
    if area.ward_code is not None:
        conditions.append(Application.current_ward_code == area.ward_code)
    return conditions


class ApplicationReviewRepository:
    """What an officer needs to review applications one at a time."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def next_submitted(self, after_id: int = 0, area: Area | None = None) -> dict[str, Any] | None:
        row = await self._session.scalar(
            select(Application).where(Application.status == "submitted", Application.id > after_id, *_in(area))
            .order_by(Application.id).limit(1))
        if row is None:
            return None
        return {"id": row.id, "reference_code": row.reference_code, "policy_id": row.policy_id,
                "full_name": row.full_name, "id_number": row.id_number, "birth_date": row.birth_date.isoformat(),
                "answers": dict(row.answers or {}), "chat_id": row.chat_id,
                "submitted_at": row.submitted_at.isoformat()}

    async def pending_count(self, area: Area | None = None) -> int:
        from sqlalchemy import func

        return int(await self._session.scalar(
            select(func.count()).select_from(Application).where(Application.status == "submitted", *_in(area)))
            or 0)

    async def area_of(self, application_id: int) -> tuple[str, str] | None:
        """(current province code, current ward code) of an application; None when there is none."""
        row = (await self._session.execute(select(Application.current_province_code, Application.current_ward_code)
                                           .where(Application.id == application_id))).first()
        return (row[0], row[1]) if row is not None else None

    async def decide(self, application_id: int, status: str, note: str, officer_id: int,
                     at: datetime) -> tuple[int, str, str, str] | None:
        """Record the decision; returns (chat, code, policy, id_number), or None if already decided."""
        from sqlalchemy import update

        row = await self._session.get(Application, application_id)
        if row is None or row.status != "submitted":
            return None
        await self._session.execute(update(Application).where(
            Application.id == application_id, Application.status == "submitted").values(
            status=status, status_note=note[:500], decided_at=at, decided_by=officer_id))
        return row.chat_id, row.reference_code, row.policy_id, row.id_number
