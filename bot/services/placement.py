"""Placing an import's rows on today's map and keeping them inside the importing officer's area.

Kept apart from ``services/imports.py`` so the import pipeline only calls two functions: rows
are placed (each distinct old address converted once, ``bot.domain.placement``), rows outside a
commune officer's area are refused with the reason "outside your area", and the confirm step
re-checks the scope (a supervisor, or a batch whose rows are outside the area, is refused).
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.areas import OfficerScope
from bot.domain.placement import place_record
from storage.repositories.placement import PlacementRepository
from storage.repositories.imports import Rejected


async def place_staged_rows(session: AsyncSession, batch_id: int, kind: str,
                            scope: OfficerScope | None) -> list[Rejected]:
    """Give every staged row its (province, commune) of today; refuse those outside a commune's area.

    A province officer's list may name people by an address in another province (workers far
    from home): they stay in the importing province, at province level.
    """
    repo = PlacementRepository(session)
    if kind == "approved":
        for address in await repo.staged_addresses(batch_id):
            placement = place_record(*address)
            if placement.placed:
                await repo.place_staged(batch_id, address, placement.province_code, placement.ward_code)
    else:
        await repo.place_staged_paid(batch_id)
    if scope is None:
        return []
    await repo.place_unplaced(batch_id, scope.area)
    if scope.area.is_province:
        await repo.keep_in_province(batch_id, scope.area.province_code)
        return []
    return await repo.reject_outside(batch_id, scope.area)


async def check_commit_scope(session: AsyncSession, batch_id: int, scope: OfficerScope | None) -> None:
    """Refuse the confirm step for a supervisor or when a staged row lies outside the area."""
    from bot.services.imports import ImportRefused

    if scope is None:
        return
    if not scope.may_change_data:
        raise ImportRefused("not_allowed")
    if await PlacementRepository(session).outside(batch_id, scope.area):
        raise ImportRefused("outside_area")
