"""The effects of /nophoso mapped onto the application service.

Results cross into the dialogs as JSON-able values (dialog state is saved as JSON); the typed
results say what those values mean.  (/duyet's effects are in ``review_effects``.)
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.dialogs.core import DialogContext, Effect
from bot.services.applications import ApplicationService
from bot.services.dialogs import EffectHandler


def application_effects(applications: ApplicationService) -> dict[str, EffectHandler]:
    async def submit(session: AsyncSession, effect: Effect, ctx: DialogContext) -> Any:
        result = await applications.submit(session, ctx.user_id, ctx.chat_id, effect.payload["draft"])
        return result.as_effect_value()

    return {"application_submit": submit}
