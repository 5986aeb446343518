"""The /canbo dialog's effects, mapped onto :class:`OfficerService` with the step's scope.

The scope comes from the dialog service (``ctx.extras["scope"]``, refreshed before each step);
every refusal is the service's, returned as ``{"refused": <reason>}`` for the dialog to explain.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.dialogs.core import DialogContext, Effect
from bot.domain.areas import Area, OfficerScope, Role
from bot.parsing.area_names import area_name
from bot.services.dialogs import EffectHandler
from bot.services.officers import AccountError, AccountRefusal, OfficerService, may_grant


def officer_effects(officers: OfficerService) -> dict[str, EffectHandler]:
    async def listing(_session: AsyncSession, effect: Effect, ctx: DialogContext) -> Any:
        scope = _scope(ctx)
        if scope is None:
            return {"officers": []}
        entries = await officers.list(scope)
        return {"officers": [
            {"id": e.officer_id, "user_id": e.user_id, "role": e.role.value, "area_name": area_name(e.area),
             "removable": not e.configured and e.user_id != scope.user_id
             and may_grant(scope, e.role, e.area) is None}
            for e in entries]}

    async def invite(_session: AsyncSession, effect: Effect, ctx: DialogContext) -> Any:
        scope = _scope(ctx)
        p = effect.payload
        if scope is None:
            return {"refused": AccountRefusal.NOT_ALLOWED.value}
        area = Area(str(p["province_code"]), p.get("ward_code") or None)
        try:
            made = await officers.invite(scope, Role(p["role"]), area)
        except AccountError as error:
            return {"refused": error.reason.value}
        return {"code": made.code, "role": made.role.value, "area_name": area_name(made.area)}

    async def remove(_session: AsyncSession, effect: Effect, ctx: DialogContext) -> Any:
        scope = _scope(ctx)
        if scope is None:
            return {"refused": AccountRefusal.NOT_ALLOWED.value}
        try:
            record = await officers.remove(scope, int(effect.payload["id"]))
        except AccountError as error:
            return {"refused": error.reason.value}
        return {"removed": record.user_id}

    return {"officers_list": listing, "officers_invite": invite, "officers_remove": remove}


def _scope(ctx: DialogContext) -> OfficerScope | None:
    scope = ctx.extras.get("scope")
    return scope if isinstance(scope, OfficerScope) else None
