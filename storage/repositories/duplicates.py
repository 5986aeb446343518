"""Reads behind /trunglap: the approved and paid records of an area, and those elsewhere that share
an ID number or a name and birth date with them (the other side of a cross-area pair)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.areas import Area
from storage.models import ApprovedEntry, PaidEntry

CHUNK = 500  # values per IN (...) list: well inside SQLite's and asyncpg's parameter limits


@dataclass(frozen=True)
class ApprovedRow:
    id: int
    policy_id: str
    id_number: str
    full_name: str
    name_key: str
    birth_date: date | None
    province_code: str
    ward_code: str
    amount: int
    decision_date: date | None


@dataclass(frozen=True)
class PaidRow:
    id: int
    policy_id: str
    id_number: str
    province_code: str
    ward_code: str
    amount: int
    paid_date: date


_A = ApprovedEntry
_P = PaidEntry
_APPROVED_COLUMNS = (_A.id, _A.policy_id, _A.id_number, _A.full_name, _A.name_key, _A.birth_date,
                     _A.current_province_code, _A.current_ward_code, _A.amount, _A.decision_date)
_PAID_COLUMNS = (_P.id, _P.policy_id, _P.id_number, _P.current_province_code, _P.current_ward_code,
                 _P.amount, _P.paid_date)


def _chunks(values: Iterable[str]) -> Iterable[list[str]]:
    items = sorted(set(values))
    for start in range(0, len(items), CHUNK):
        yield items[start:start + CHUNK]


class DuplicatesRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def approved_in(self, area: Area) -> list[ApprovedRow]:
        condition = _A.current_province_code == area.province_code
        if area.ward_code is not None:
            condition = and_(condition, _A.current_ward_code == area.ward_code)
        return [ApprovedRow(*r) for r in await self._session.execute(select(*_APPROVED_COLUMNS).where(condition))]

    async def paid_in(self, area: Area) -> list[PaidRow]:
        condition = _P.current_province_code == area.province_code
        if area.ward_code is not None:
            condition = and_(condition, _P.current_ward_code == area.ward_code)
        return [PaidRow(*r) for r in await self._session.execute(select(*_PAID_COLUMNS).where(condition))]

    async def approved_matching(self, id_numbers: Iterable[str], name_keys: Iterable[str]) -> list[ApprovedRow]:
        """Approved records anywhere with one of these ID numbers or name keys."""
        found: dict[int, ApprovedRow] = {}
        for chunk in _chunks(id_numbers):
            for r in await self._session.execute(select(*_APPROVED_COLUMNS).where(_A.id_number.in_(chunk))):
                found[r[0]] = ApprovedRow(*r)
        for chunk in _chunks(k for k in name_keys if k):
            for r in await self._session.execute(select(*_APPROVED_COLUMNS).where(
                    or_(_A.name_key.in_(chunk)), _A.birth_date.is_not(None))):
                found[r[0]] = ApprovedRow(*r)
        return list(found.values())

    async def paid_matching(self, id_numbers: Iterable[str]) -> list[PaidRow]:
        found: dict[int, PaidRow] = {}
        for chunk in _chunks(id_numbers):
            for r in await self._session.execute(select(*_PAID_COLUMNS).where(_P.id_number.in_(chunk))):
                found[r[0]] = PaidRow(*r)
        return list(found.values())
