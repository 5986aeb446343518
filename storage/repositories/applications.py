"""Submitted applications: storing them, flagging possible duplicates, and what reviewers read."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.applications import ApplicationCard, ApplicationStatus
from bot.domain.areas import Area
from storage.models import Application


def _card(row: Application) -> ApplicationCard:
    return ApplicationCard(
        id=row.id, reference_code=row.reference_code, policy_id=row.policy_id, full_name=row.full_name,
        id_number=row.id_number, birth_date=row.birth_date, phone=row.phone,
        status=ApplicationStatus(row.status), submitted_at=row.submitted_at, answers=dict(row.answers or {}),
        possible_duplicate=bool(row.possible_duplicate))


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

    async def next_submitted(self, after_id: int = 0, area: Area | None = None) -> ApplicationCard | None:
        row = await self._session.scalar(
            select(Application).where(Application.status == ApplicationStatus.SUBMITTED, Application.id > after_id,
                                      *_in(area))
            .order_by(Application.id).limit(1))
        return None if row is None else _card(row)

    async def others_for(self, card: ApplicationCard) -> list[ApplicationCard]:
        """The other applications with the same policy and ID number, whatever their status."""
        rows = await self._session.scalars(select(Application).where(
            Application.policy_id == card.policy_id, Application.id_number == card.id_number,
            Application.id != card.id).order_by(Application.id))
        return [_card(row) for row in rows]

    async def pending_count(self, area: Area | None = None) -> int:
        return int(await self._session.scalar(
            select(func.count()).select_from(Application)
            .where(Application.status == ApplicationStatus.SUBMITTED, *_in(area))) or 0)

    async def area_of(self, application_id: int) -> tuple[str, str] | None:
        """(current province code, current ward code) of an application; None when there is none."""
        row = (await self._session.execute(select(Application.current_province_code, Application.current_ward_code)
                                           .where(Application.id == application_id))).first()
        return (row[0], row[1]) if row is not None else None

    async def decide(self, application_id: int, status: ApplicationStatus, note: str, officer_id: int,
                     at: datetime) -> tuple[int, str, str] | None:
        """Record the decision; returns (chat, code, policy), or None if it was already decided."""
        row = await self._session.get(Application, application_id)
        if row is None or row.status != ApplicationStatus.SUBMITTED:
            return None
        result = await self._session.execute(update(Application).where(
            Application.id == application_id, Application.status == ApplicationStatus.SUBMITTED).values(
            status=status, status_note=note[:500], decided_at=at, decided_by=officer_id))
        if result.rowcount != 1:  # type: ignore[attr-defined]
            return None
        return row.chat_id, row.reference_code, row.policy_id
