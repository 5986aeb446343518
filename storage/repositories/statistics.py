"""Reads behind /thongke: figures grouped by policy and sub-area, inside one area, for a period.

Grouping and summing happen in the database (a province's lists hold hundreds of thousands of
rows); only applications, which are few, are read row by row so their waiting time can be judged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, and_, func, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.areas import Area
from storage.models import Application, ApprovedEntry, PaidEntry


@dataclass(frozen=True)
class ListGroup:
    """Approved or paid records of one policy in one sub-area."""

    policy_id: str
    group_key: str
    people: int
    amount: int
    rice_kg: int
    gifts: int


@dataclass(frozen=True)
class ApplicationRow:
    policy_id: str
    ward_code: str       # today's commune
    old_ward_code: str   # the commune before 1/7/2025 (for grouping by old district)
    status: str
    submitted_at: datetime
    resubmitted_at: datetime | None  # sent back and completed: the time limit runs from here


def _in_area(columns: tuple[ColumnElement[str], ColumnElement[str]], area: Area) -> ColumnElement[bool]:
    province, ward = columns
    condition = province == area.province_code
    return condition if area.ward_code is None else and_(condition, ward == area.ward_code)


class StatisticsRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def approved(self, area: Area, start: date | None, end: date | None,
                       start_at: datetime | None, end_at: datetime | None, *,
                       by_old_district: bool) -> list[ListGroup]:
        """Approved records whose decision falls in the period (no decision date: when imported)."""
        e = ApprovedEntry
        key = func.trim(e.district) if by_old_district else e.current_ward_code
        conditions = [_in_area((e.current_province_code, e.current_ward_code), area)]
        dated = []
        if start is not None:
            dated.append(e.decision_date >= start)
        if end is not None:
            dated.append(e.decision_date <= end)
        undated = [e.decision_date.is_(None)]
        if start_at is not None:
            undated.append(e.updated_at >= start_at)
        if end_at is not None:
            undated.append(e.updated_at < end_at)
        if dated:
            conditions.append(or_(and_(e.decision_date.is_not(None), *dated), and_(*undated)))
        rows = await self._session.execute(
            select(e.policy_id, key, func.count(), func.coalesce(func.sum(e.amount), 0),
                   func.coalesce(func.sum(e.rice_kg), 0),
                   func.count(e.id).filter(e.in_kind_note != ""))
            .where(*conditions).group_by(e.policy_id, key))
        return [ListGroup(p, k or "", int(n), int(a), int(r), int(g)) for p, k, n, a, r, g in rows]

    async def paid(self, area: Area, start: date | None, end: date | None, *,
                   by_old_district: bool) -> list[ListGroup]:
        """Payments in the period; people counted once per policy and sub-area however often paid."""
        p = PaidEntry
        conditions = [_in_area((p.current_province_code, p.current_ward_code), area)]
        if start is not None:
            conditions.append(p.paid_date >= start)
        if end is not None:
            conditions.append(p.paid_date <= end)
        if by_old_district:  # paid lists name no district: take it from the person's approved record
            a = ApprovedEntry
            key: ColumnElement[str] = func.coalesce(func.trim(a.district), literal(""))
            source = p.__table__.outerjoin(a.__table__, and_(a.policy_id == p.policy_id,
                                                             a.id_number == p.id_number))
        else:
            key = p.current_ward_code
            source = p.__table__
        rows = await self._session.execute(
            select(p.policy_id, key, func.count(func.distinct(p.id_number)),
                   func.coalesce(func.sum(p.amount), 0), func.coalesce(func.sum(p.rice_kg), 0),
                   func.count(p.id).filter(p.in_kind_note != ""))
            .select_from(source).where(*conditions).group_by(p.policy_id, key))
        return [ListGroup(pol, k or "", int(n), int(am), int(r), int(g)) for pol, k, n, am, r, g in rows]

    async def applications(self, area: Area, start_at: datetime | None,
                           end_at: datetime | None) -> list[ApplicationRow]:
        a = Application
        conditions = [_in_area((a.current_province_code, a.current_ward_code), area)]
        if start_at is not None:
            conditions.append(a.submitted_at >= start_at)
        if end_at is not None:
            conditions.append(a.submitted_at < end_at)
        rows = await self._session.execute(
            select(a.policy_id, a.current_ward_code, a.ward_code, a.status, a.submitted_at, a.resubmitted_at).where(*conditions))
        return [ApplicationRow(*row) for row in rows]

