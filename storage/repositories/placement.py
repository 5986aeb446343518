"""Placing staged and live list rows in today's province and commune (set-based, per distinct address).

A list repeats a few hundred communes over many thousand rows, so the service converts each
distinct (commune, district, province) once and this repository writes the codes with one
UPDATE per address.  Paid rows take the area of the approved entry they pay.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import exists, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.areas import Area
from storage.models import ApprovedEntry, ImportRow, PaidEntry
from storage.repositories.imports import Rejected


class PlacementRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def staged_addresses(self, batch_id: int) -> list[tuple[str, str, str]]:
        rows = await self._session.execute(
            select(ImportRow.commune, ImportRow.district, ImportRow.province)
            .where(ImportRow.batch_id == batch_id).distinct())
        return [(c or "", d or "", p or "") for c, d, p in rows]

    async def place_staged(self, batch_id: int, address: tuple[str, str, str], province_code: str,
                           ward_code: str) -> None:
        commune, district, province = address
        await self._session.execute(update(ImportRow).where(
            ImportRow.batch_id == batch_id, ImportRow.commune == commune, ImportRow.district == district,
            ImportRow.province == province).values(current_province_code=province_code, current_ward_code=ward_code))

    async def place_unplaced(self, batch_id: int, area: Area) -> None:
        """Rows without a usable address belong to the list's own area (the importing officer's)."""
        await self._session.execute(update(ImportRow).where(
            ImportRow.batch_id == batch_id, ImportRow.current_province_code == "").values(
            current_province_code=area.province_code, current_ward_code=area.ward_code or ""))
        if area.ward_code is not None:
            await self._session.execute(update(ImportRow).where(
                ImportRow.batch_id == batch_id, ImportRow.current_province_code == area.province_code,
                ImportRow.current_ward_code == "").values(current_ward_code=area.ward_code))

    async def keep_in_province(self, batch_id: int, province_code: str) -> None:
        """A province's list names some people by an address elsewhere: they stay the province's."""
        await self._session.execute(update(ImportRow).where(
            ImportRow.batch_id == batch_id, ImportRow.current_province_code != province_code).values(
            current_province_code=province_code, current_ward_code=""))

    async def place_staged_paid(self, batch_id: int) -> None:
        """Paid rows take the area of the approved entry of the same person and policy."""
        approved = (select(ApprovedEntry.current_province_code)
                    .where(ApprovedEntry.policy_id == ImportRow.policy_id,
                           ApprovedEntry.id_number == ImportRow.id_number).limit(1))
        await self._session.execute(update(ImportRow).where(ImportRow.batch_id == batch_id).values(
            current_province_code=func.coalesce(approved.scalar_subquery(), ""),
            current_ward_code=func.coalesce(
                approved.with_only_columns(ApprovedEntry.current_ward_code).scalar_subquery(), "")))

    async def outside(self, batch_id: int, area: Area) -> list[int]:
        """Row numbers of staged rows placed outside ``area``."""
        conditions: list[Any] = [ImportRow.current_province_code != area.province_code]
        if area.ward_code is not None:
            conditions.append(ImportRow.current_ward_code != area.ward_code)
        rows = await self._session.scalars(select(ImportRow.row_number).where(
            ImportRow.batch_id == batch_id, or_(*conditions)).order_by(ImportRow.row_number))
        return list(rows)

    async def reject_outside(self, batch_id: int, area: Area) -> list[Rejected]:
        from sqlalchemy import delete

        numbers = await self.outside(batch_id, area)
        for start in range(0, len(numbers), 500):
            await self._session.execute(delete(ImportRow).where(
                ImportRow.batch_id == batch_id, ImportRow.row_number.in_(numbers[start:start + 500])))
        return [Rejected(n, "outside_area", {}) for n in numbers]

    async def copy_to_live(self, batch_id: int, kind: str) -> None:
        """After a commit: the live entries of this batch's people get the staged codes."""
        live = ApprovedEntry if kind == "approved" else PaidEntry
        match = [ImportRow.batch_id == batch_id, ImportRow.policy_id == live.policy_id,
                 ImportRow.id_number == live.id_number]
        if kind != "approved":
            match.append(ImportRow.paid_date == PaidEntry.paid_date)
        staged = select(ImportRow.current_province_code).where(*match).limit(1)  # matched by exists() below
        await self._session.execute(update(live).where(exists(select(ImportRow.id).where(*match))).values(
            current_province_code=staged.scalar_subquery(),
            current_ward_code=staged.with_only_columns(ImportRow.current_ward_code).scalar_subquery()))

