"""How a service asks for an officer's rights: ``ScopeOf(session, user_id)``, looked up on every call.

The composition root passes ``OfficerService.scope`` behind it, so a removed or moved officer
cannot act one step later, whatever the saved dialog state says.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.areas import OfficerScope

ScopeOf = Callable[[AsyncSession, int], Awaitable[OfficerScope | None]]
