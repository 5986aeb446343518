"""Where an officer's scope comes from, until officer accounts exist: ONE function to swap.

Today every ``BOT_ADMIN_IDS`` user is a province officer who sees everything (the province code
is left empty, which the review and audit services read as "every province"), as before areas.
When accounts are merged, the composition root passes the accounts' lookup instead; every
service that takes a ``ScopeOf`` then checks the real role and area on each call.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.areas import Area, OfficerScope, Role

ScopeOf = Callable[[AsyncSession, int], Awaitable[OfficerScope | None]]


def admin_scope_of(admin_ids: frozenset[int]) -> ScopeOf:
    async def scope_of(_session: AsyncSession, user_id: int) -> OfficerScope | None:
        if user_id not in admin_ids:
            return None
        return OfficerScope(user_id, Role.PROVINCE, Area(province_code=""))

    return scope_of
