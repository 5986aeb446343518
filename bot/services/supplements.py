"""An applicant answers a send-back (/bosung): the missing paper's details go onto the application,
which returns to the /duyet queue of its commune at once.

The time limit runs again from the day the dossier is complete (the documents count their days
"kể từ ngày nhận đủ hồ sơ"; README, Decisions): ``applications.resubmitted_at`` is that moment and
:func:`bot.domain.processing_times.received_on` reads it for /duyet, the digest and /thongke alike.
Only the applicant's own Telegram account can answer; the check is here, in the service.
"""

from __future__ import annotations

from dataclasses import asdict
from enum import StrEnum
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.dialogs.core import DialogContext, Effect
from bot.dialogs.supplement import FIND, SEND
from bot.services.clock import Clock
from bot.services.dialogs import EffectHandler
from storage.repositories.supplements import ReturnedApplication, SupplementRepository

MAX_TEXT = 1000


class SupplementOutcome(StrEnum):
    BACK_IN_QUEUE = "back_in_queue"
    NOT_WAITING = "not_waiting"  # not this person's, or no longer sent back: nothing changed
    EMPTY = "empty"


class SupplementService:
    def __init__(self, clock: Clock) -> None:
        self._clock = clock

    async def waiting(self, session: AsyncSession, user_id: int) -> list[ReturnedApplication]:
        """The person's applications that wait for a paper."""
        return await SupplementRepository(session).returned_of(user_id)

    async def add(self, session: AsyncSession, user_id: int, application_id: int, text: str) -> SupplementOutcome:
        """Attach what the applicant sent and put the application back in the queue, in one transaction."""
        text = text.strip()[:MAX_TEXT]
        if not text:
            return SupplementOutcome.EMPTY
        done = await SupplementRepository(session).resubmit(  # "at" in local time: what the officer reads
            application_id, user_id, {"at": self._clock.now().isoformat(), "text": text}, self._clock.utcnow())
        return SupplementOutcome.BACK_IN_QUEUE if done else SupplementOutcome.NOT_WAITING


def supplement_effects(service: SupplementService) -> dict[str, EffectHandler]:
    """The /bosung dialog's effects: the person is always the one in the chat (``ctx.user_id``)."""

    async def find(session: AsyncSession, effect: Effect, ctx: DialogContext) -> list[dict[str, Any]]:
        return [asdict(a) for a in await service.waiting(session, ctx.user_id)]

    async def send(session: AsyncSession, effect: Effect, ctx: DialogContext) -> str:
        return (await service.add(session, ctx.user_id, int(effect.payload["id"]), str(effect.payload["text"]))).value

    return {FIND: find, SEND: send}
