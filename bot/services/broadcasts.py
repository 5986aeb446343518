"""Officers' announcements: who they reach, creating, pausing, resuming, cancelling, the list.

Every call takes the officer's :class:`OfficerScope` and keeps to its area: the audience is always
cut to the officer's province or commune here, whatever the dialog asked for.  Sending itself is
the background engine's job (``bot.delivery.engine``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain.areas import OfficerScope
from bot.services.clock import Clock
from storage.repositories.audit import AuditRepository
from storage.repositories.broadcasts import (
    APPLICATION_STATES, Audience, AudienceSpec, BroadcastRecord, BroadcastRepository, BroadcastStatus, Figures,
)


class NotAllowed(Exception):
    """The officer's scope does not allow this (wrong area, or a read-only role)."""


@dataclass(frozen=True)
class BroadcastDraft:
    text: str
    audience: Audience
    audience_arg: str = ""
    scheduled_at: datetime | None = None  # None: now
    media_kind: str = ""
    media_file_id: str = ""


@dataclass(frozen=True)
class BroadcastSummary:
    broadcast: BroadcastRecord
    figures: Figures


def audience_spec(scope: OfficerScope, audience: Audience, arg: str = "") -> AudienceSpec:
    """The audience inside the officer's own area; an unknown application state is refused."""
    if audience is Audience.APPLICANTS and arg not in APPLICATION_STATES:
        raise ValueError(f"unknown application state {arg!r}")
    if audience is Audience.APPROVED_UNPAID and not arg:
        raise ValueError("a policy is needed")
    return AudienceSpec(scope.area.province_code, scope.area.ward_code or "", audience, arg)


class BroadcastService:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], clock: Clock) -> None:
        self._sessions = sessions
        self._clock = clock

    async def count(self, scope: OfficerScope, audience: Audience, arg: str = "") -> int:
        """How many chats the announcement would reach now (opted-out and blocked chats not counted)."""
        async with self._sessions() as session:
            return await BroadcastRepository(session).count_audience(audience_spec(scope, audience, arg))

    async def create(self, scope: OfficerScope, officer_chat_id: int, draft: BroadcastDraft) -> int:
        if not scope.may_change_data:
            raise NotAllowed("read-only role")
        now = self._clock.utcnow()
        spec = audience_spec(scope, draft.audience, draft.audience_arg)
        async with self._sessions.begin() as session:
            broadcast_id = await BroadcastRepository(session).add(
                created_by=scope.user_id, officer_chat_id=officer_chat_id, spec=spec, text=draft.text,
                scheduled_at=draft.scheduled_at or now, now=now, media_kind=draft.media_kind,
                media_file_id=draft.media_file_id)
            await AuditRepository(session).record(
                scope.user_id, "broadcast.create", "broadcast", str(broadcast_id),
                {"province": spec.province_code, "ward": spec.ward_code, "audience": spec.audience.value,
                 "arg": spec.arg, "scheduled_at": (draft.scheduled_at or now).isoformat(),
                 "chars": len(draft.text)})
        return broadcast_id

    async def pause(self, scope: OfficerScope, broadcast_id: int) -> bool:
        return await self._change(scope, broadcast_id, BroadcastStatus.PAUSED,
                                  [BroadcastStatus.SENDING, BroadcastStatus.SCHEDULED], "broadcast.pause")

    async def resume(self, scope: OfficerScope, broadcast_id: int) -> bool:
        """A paused broadcast goes on; one paused before it started waits for its time again."""
        async with self._sessions() as session:
            record = await BroadcastRepository(session).get(broadcast_id)
        target = BroadcastStatus.SENDING if record is not None and record.started_at else BroadcastStatus.SCHEDULED
        return await self._change(scope, broadcast_id, target, [BroadcastStatus.PAUSED], "broadcast.resume")

    async def cancel(self, scope: OfficerScope, broadcast_id: int) -> bool:
        return await self._change(scope, broadcast_id, BroadcastStatus.CANCELLED,
                                  [BroadcastStatus.SENDING, BroadcastStatus.SCHEDULED, BroadcastStatus.PAUSED],
                                  "broadcast.cancel")

    async def _change(self, scope: OfficerScope, broadcast_id: int, new: BroadcastStatus,
                      allowed_from: list[BroadcastStatus], action: str) -> bool:
        async with self._sessions.begin() as session:
            repo = BroadcastRepository(session)
            record = await repo.get(broadcast_id)
            if record is None or not self._mine(scope, record):
                raise NotAllowed(f"broadcast {broadcast_id} is outside the officer's area")
            changed = await repo.set_status(broadcast_id, new, allowed_from, self._clock.utcnow())
            if changed:
                await AuditRepository(session).record(scope.user_id, action, "broadcast", str(broadcast_id), {})
            return changed

    async def get(self, scope: OfficerScope, broadcast_id: int) -> BroadcastSummary | None:
        async with self._sessions() as session:
            repo = BroadcastRepository(session)
            record = await repo.get(broadcast_id)
            if record is None or not self._mine(scope, record):
                return None
            return BroadcastSummary(record, await repo.figures(broadcast_id))

    async def recent(self, scope: OfficerScope, limit: int = 10) -> list[BroadcastSummary]:
        """Past, running and scheduled broadcasts of the officer's area, newest first, with their figures."""
        async with self._sessions() as session:
            repo = BroadcastRepository(session)
            records = await repo.recent(scope.area.province_code, scope.area.ward_code or "", limit)
            return [BroadcastSummary(r, await repo.figures(r.id)) for r in records]

    @staticmethod
    def _mine(scope: OfficerScope, record: BroadcastRecord) -> bool:
        return scope.area.contains(record.spec.province_code, record.spec.ward_code or None) and (
            scope.area.is_province or record.spec.ward_code == scope.area.ward_code)
