"""The effects of /nophoso and /duyet mapped onto the application services.

Results cross into the dialogs as JSON-able values (dialog state is saved as JSON); the typed
results say what those values mean.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.dialogs.core import DialogContext, Effect
from bot.domain.applications import DecideOutcome
from bot.services.applications import ApplicationService, OutsideArea, ReviewService
from bot.services.dialogs import EffectHandler


def application_effects(applications: ApplicationService, review: ReviewService) -> dict[str, EffectHandler]:
    async def submit(session: AsyncSession, effect: Effect, ctx: DialogContext) -> Any:
        result = await applications.submit(session, ctx.user_id, ctx.chat_id, effect.payload["draft"])
        return result.as_effect_value()

    async def next_application(session: AsyncSession, effect: Effect, ctx: DialogContext) -> Any:
        found = await review.next_pending(session, ctx.user_id, int(effect.payload.get("after") or 0),
                                          scope=ctx.extras.get("scope"))
        return {"allowed": found.allowed, "item": found.as_data()}

    async def decide_application(session: AsyncSession, effect: Effect, ctx: DialogContext) -> Any:
        p = effect.payload
        try:
            outcome = await review.decide(session, ctx.user_id, int(p["id"]), bool(p["approve"]), p.get("note", ""),
                                          scope=ctx.extras.get("scope"))
        except OutsideArea:
            return str(DecideOutcome.NOT_OFFICER)
        return str(outcome)

    return {"application_submit": submit, "review_next": next_application, "review_decide": decide_application}
