"""/congkhai: an officer shows their area's figures on the public web page, or hides them.

Rights are decided here, from the officer's scope looked up for this very step: province and
commune officers, for their own area only (the area is never taken from the dialog); a read-only
supervisor is refused.  Each change is audited and moves the figures' version stamp in the same
transaction, so every web worker shows (or stops showing) the area at its next check.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.dialogs.core import DialogContext, Effect
from bot.dialogs.publication import PublicationOutcome, PublicationState
from bot.domain.areas import Area, OfficerScope
from bot.parsing.area_names import area_name
from bot.services.clock import Clock
from bot.services.dialogs import EffectHandler
from bot.services.officer_scope import ScopeOf
from storage.repositories.audit import AuditAction, AuditEntry, AuditRepository
from storage.repositories.publication import PublicationRepository


class PublicationService:
    def __init__(self, clock: Clock) -> None:
        self._clock = clock

    async def state(self, session: AsyncSession, scope: OfficerScope | None) -> PublicationState:
        if scope is None or not scope.may_change_data:
            return PublicationState(PublicationOutcome.REFUSED)
        published = await PublicationRepository(session).is_published(scope.area)
        return PublicationState(PublicationOutcome.SHOWN, area_name(scope.area), published)

    async def set(self, session: AsyncSession, scope: OfficerScope | None, published: bool) -> PublicationState:
        """Publish or hide the officer's own area; a no-op change is neither audited nor stamped."""
        if scope is None or not scope.may_change_data:
            return PublicationState(PublicationOutcome.REFUSED)
        repo = PublicationRepository(session)
        if await repo.is_published(scope.area) == published:
            return PublicationState(PublicationOutcome.SHOWN, area_name(scope.area), published)
        now = self._clock.utcnow()
        await repo.set(scope.area, published, scope.user_id, now)
        await repo.bump(now)
        await AuditRepository(session).append(AuditEntry(
            AuditAction.PUBLICATION, scope.user_id, scope.area.province_code, scope.area.ward_code or "",
            object_type="area", object_id=_area_id(scope.area),
            details={"published": published, "role": str(scope.role)}), now)
        return PublicationState(PublicationOutcome.SHOWN, area_name(scope.area), published, changed=True)

    async def published_areas(self, session: AsyncSession) -> list[Area]:
        """The areas the public page shows: a commune inside a published province is shown there."""
        areas = await PublicationRepository(session).published()
        provinces = {a.province_code for a in areas if a.is_province}
        return [a for a in areas if a.is_province or a.province_code not in provinces]


def _area_id(area: Area) -> str:
    return area.province_code if area.ward_code is None else f"{area.province_code}/{area.ward_code}"


def publication_effects(service: PublicationService, scope_of: ScopeOf) -> dict[str, EffectHandler]:
    """The /congkhai dialog's effects: the officer's scope is looked up again at each one."""

    async def state(session: AsyncSession, effect: Effect, ctx: DialogContext) -> PublicationState:
        return await service.state(session, await scope_of(session, ctx.user_id))

    async def change(session: AsyncSession, effect: Effect, ctx: DialogContext) -> PublicationState:
        return await service.set(session, await scope_of(session, ctx.user_id), bool(effect.payload["published"]))

    return {"publication_state": state, "publication_set": change}
