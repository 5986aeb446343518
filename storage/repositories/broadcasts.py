"""All queries of broadcasts and their delivery ledger.

Recipients are claimed with one ``UPDATE … WHERE status='pending' … RETURNING`` (rows picked
``FOR UPDATE SKIP LOCKED`` on PostgreSQL), so several workers can drain one broadcast and no row
is ever handed to two of them; on SQLite the database has a single writer, which gives the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import and_, bindparam, exists, func, insert, literal, or_, select, union, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    Application, ApprovedEntry, Broadcast, BroadcastRecipient, PaidEntry, Subscription, User,
)


class Audience(StrEnum):
    """Who an announcement is for, always inside the officer's area."""

    EVERYONE = "everyone"                # everyone who has used the bot there
    APPROVED_UNPAID = "approved_unpaid"  # on the approved list of a policy, not yet paid
    APPLICANTS = "applicants"            # applicants whose application is in a given state


class BroadcastStatus(StrEnum):
    SCHEDULED = "scheduled"
    SENDING = "sending"
    PAUSED = "paused"
    CANCELLED = "cancelled"
    DONE = "done"


class Delivery(StrEnum):
    """A ledger row's state."""

    PENDING = "pending"
    SENDING = "sending"      # claimed by a worker, outcome not yet recorded
    SENT = "sent"
    BLOCKED = "blocked"      # 403 or chat not found: unreachable, skipped from now on
    FAILED = "failed"        # refused (bad request) or passing errors beyond the retry bound
    UNCERTAIN = "uncertain"  # a crash came between claim and record: never resent (at-most-once)
    CANCELLED = "cancelled"


APPLICATION_STATES = {"pending": "submitted", "approved": "approved", "rejected": "rejected"}


@dataclass(frozen=True)
class AudienceSpec:
    province_code: str
    ward_code: str  # "" = the whole province
    audience: Audience
    arg: str = ""   # policy id (approved_unpaid) or application state (applicants)


@dataclass(frozen=True)
class BroadcastRecord:
    id: int
    kind: str
    created_by: int
    officer_chat_id: int
    spec: AudienceSpec
    text: str
    media_kind: str
    media_file_id: str
    status: BroadcastStatus
    scheduled_at: datetime
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    total: int
    progress_message_id: int | None
    reported: bool


@dataclass(frozen=True)
class Claimed:
    id: int
    chat_id: int
    attempts: int


@dataclass(frozen=True)
class Outcome:
    """What happened to one claimed row."""

    id: int
    status: Delivery
    message_id: int | None = None
    error: str = ""
    retry_at: datetime | None = None  # set: back to pending, due then


@dataclass(frozen=True)
class Figures:
    total: int = 0
    pending: int = 0
    sending: int = 0
    sent: int = 0
    blocked: int = 0
    failed: int = 0
    uncertain: int = 0
    cancelled: int = 0

    @property
    def remaining(self) -> int:
        return self.pending + self.sending

    @property
    def finished(self) -> bool:
        return self.remaining == 0


def _record(row: Broadcast) -> BroadcastRecord:
    return BroadcastRecord(
        row.id, row.kind, row.created_by, row.officer_chat_id,
        AudienceSpec(row.province_code, row.ward_code, Audience(row.audience), row.audience_arg),
        row.text, row.media_kind, row.media_file_id, BroadcastStatus(row.status), row.scheduled_at,
        row.created_at, row.started_at, row.finished_at, row.total, row.progress_message_id, row.reported)


def audience_chats(spec: AudienceSpec):  # type: ignore[no-untyped-def]
    """SELECT of the distinct chat ids an audience reaches (opted-out and blocked users left out)."""
    def in_area(province, ward):  # type: ignore[no-untyped-def]
        return and_(province == spec.province_code, *([ward == spec.ward_code] if spec.ward_code else []))

    if spec.audience is Audience.EVERYONE:
        chats = select(User.chat_id.label("chat_id")).where(
            in_area(User.current_province_code, User.current_ward_code))
    elif spec.audience is Audience.APPLICANTS:
        chats = select(Application.chat_id.label("chat_id")).where(
            in_area(Application.current_province_code, Application.current_ward_code),
            Application.status == APPLICATION_STATES.get(spec.arg, spec.arg))
    else:
        unpaid = select(ApprovedEntry.id_number).where(
            in_area(ApprovedEntry.current_province_code, ApprovedEntry.current_ward_code),
            ApprovedEntry.policy_id == spec.arg,
            ~exists().where(PaidEntry.policy_id == ApprovedEntry.policy_id,
                            PaidEntry.id_number == ApprovedEntry.id_number))
        chats = union(
            select(Subscription.chat_id.label("chat_id")).where(Subscription.id_number.in_(unpaid)),
            select(Application.chat_id.label("chat_id")).where(Application.id_number.in_(unpaid),
                                                              Application.policy_id == spec.arg),
        ).subquery().select()
    inner = chats.subquery()
    unreachable = select(User.chat_id).where(or_(User.announcements_off.is_(True), User.blocked_at.is_not(None)))
    return select(inner.c.chat_id).distinct().where(inner.c.chat_id.not_in(unreachable))


class BroadcastRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    @property
    def _dialect(self) -> str:
        return self._session.bind.dialect.name

    # -- broadcasts ---------------------------------------------------------------------

    async def count_audience(self, spec: AudienceSpec) -> int:
        return int(await self._session.scalar(select(func.count()).select_from(audience_chats(spec).subquery()))
                   or 0)

    async def add(self, *, created_by: int, officer_chat_id: int, spec: AudienceSpec, text: str,
                  scheduled_at: datetime, now: datetime, media_kind: str = "", media_file_id: str = "",
                  kind: str = "announcement") -> int:
        row = Broadcast(kind=kind, created_by=created_by, officer_chat_id=officer_chat_id,
                        province_code=spec.province_code, ward_code=spec.ward_code, audience=spec.audience.value,
                        audience_arg=spec.arg, text=text, media_kind=media_kind, media_file_id=media_file_id,
                        status=BroadcastStatus.SCHEDULED.value, scheduled_at=scheduled_at, created_at=now, total=0,
                        reported=False)
        self._session.add(row)
        await self._session.flush()
        return row.id

    async def get(self, broadcast_id: int) -> BroadcastRecord | None:
        row = await self._session.get(Broadcast, broadcast_id)
        return _record(row) if row is not None else None

    async def recent(self, province_code: str, ward_code: str, limit: int = 10) -> list[BroadcastRecord]:
        query = select(Broadcast).where(Broadcast.province_code == province_code, Broadcast.kind == "announcement")
        if ward_code:
            query = query.where(Broadcast.ward_code == ward_code)
        rows = await self._session.scalars(query.order_by(Broadcast.id.desc()).limit(limit))
        return [_record(row) for row in rows]

    async def start_due(self, now: datetime) -> list[int]:
        """Turn due scheduled broadcasts into sending ones, filling the ledger in the same transaction.

        The status change is conditional, so when several workers race only one fills the ledger.
        """
        due = list(await self._session.scalars(
            select(Broadcast.id).where(Broadcast.status == BroadcastStatus.SCHEDULED.value,
                                       Broadcast.scheduled_at <= now).order_by(Broadcast.id)))
        started: list[int] = []
        for broadcast_id in due:
            result = await self._session.execute(
                update(Broadcast).where(Broadcast.id == broadcast_id,
                                        Broadcast.status == BroadcastStatus.SCHEDULED.value)
                .values(status=BroadcastStatus.SENDING.value, started_at=now))
            if result.rowcount != 1:  # type: ignore[attr-defined]
                continue
            record = await self.get(broadcast_id)
            assert record is not None
            chats = audience_chats(record.spec).subquery()
            await self._session.execute(insert(BroadcastRecipient).from_select(
                ["broadcast_id", "chat_id", "status", "attempts", "next_attempt_at", "claimed_by", "error"],
                select(literal(broadcast_id), chats.c.chat_id, literal(Delivery.PENDING.value), literal(0),
                       literal(now, BroadcastRecipient.next_attempt_at.type), literal(""), literal(""))))
            total = await self._session.scalar(select(func.count()).where(
                BroadcastRecipient.broadcast_id == broadcast_id))
            await self._session.execute(update(Broadcast).where(Broadcast.id == broadcast_id).values(total=total))
            started.append(broadcast_id)
        return started

    async def sending(self) -> list[BroadcastRecord]:
        rows = await self._session.scalars(select(Broadcast).where(
            Broadcast.status == BroadcastStatus.SENDING.value).order_by(Broadcast.id))
        return [_record(row) for row in rows]

    async def unreported(self) -> list[BroadcastRecord]:
        rows = await self._session.scalars(select(Broadcast).where(
            Broadcast.status.in_([BroadcastStatus.DONE.value, BroadcastStatus.CANCELLED.value]),
            Broadcast.reported.is_(False)))
        return [_record(row) for row in rows]

    async def set_status(self, broadcast_id: int, new: BroadcastStatus, allowed_from: Sequence[BroadcastStatus],
                         now: datetime | None = None) -> bool:
        values: dict[str, object] = {"status": new.value}
        if new in (BroadcastStatus.DONE, BroadcastStatus.CANCELLED):
            values["finished_at"] = now
        result = await self._session.execute(update(Broadcast).where(
            Broadcast.id == broadcast_id, Broadcast.status.in_([s.value for s in allowed_from])).values(**values))
        if new is BroadcastStatus.CANCELLED:
            await self._session.execute(update(BroadcastRecipient).where(
                BroadcastRecipient.broadcast_id == broadcast_id,
                BroadcastRecipient.status == Delivery.PENDING.value).values(status=Delivery.CANCELLED.value))
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def claim_progress_message(self, broadcast_id: int, message_id: int) -> None:
        await self._session.execute(update(Broadcast).where(Broadcast.id == broadcast_id)
                                    .values(progress_message_id=message_id))

    async def mark_reported(self, broadcast_id: int) -> bool:
        result = await self._session.execute(update(Broadcast).where(
            Broadcast.id == broadcast_id, Broadcast.reported.is_(False)).values(reported=True))
        return bool(result.rowcount)  # type: ignore[attr-defined]

    # -- the ledger ---------------------------------------------------------------------

    async def claim(self, broadcast_id: int, worker: str, now: datetime, limit: int) -> list[Claimed]:
        """Hand up to ``limit`` due pending rows to ``worker``; no row is ever returned to two callers."""
        pick = (select(BroadcastRecipient.id)
                .where(BroadcastRecipient.broadcast_id == broadcast_id,
                       BroadcastRecipient.status == Delivery.PENDING.value,
                       BroadcastRecipient.next_attempt_at <= now,
                       exists().where(Broadcast.id == broadcast_id,  # paused or cancelled: claim nothing more
                                      Broadcast.status == BroadcastStatus.SENDING.value))
                .order_by(BroadcastRecipient.id).limit(limit))
        if self._dialect == "postgresql":
            # A CTE runs once: an IN (subquery … SKIP LOCKED) can be re-run by the planner for each
            # row and then claim more than ``limit`` rows.
            picked = pick.with_for_update(skip_locked=True).cte("picked")
            chosen = BroadcastRecipient.id == picked.c.id
        else:
            chosen = BroadcastRecipient.id.in_(pick.scalar_subquery())
        result = await self._session.execute(
            update(BroadcastRecipient)
            .where(chosen, BroadcastRecipient.status == Delivery.PENDING.value)
            .values(status=Delivery.SENDING.value, claimed_by=worker, claimed_at=now,
                    attempts=BroadcastRecipient.attempts + 1)
            .returning(BroadcastRecipient.id, BroadcastRecipient.chat_id, BroadcastRecipient.attempts))
        return sorted((Claimed(int(i), int(c), int(a)) for i, c, a in result), key=lambda c: c.id)

    async def record(self, worker: str, outcomes: Sequence[Outcome], now: datetime) -> None:
        """Write the outcomes of one batch (only rows still claimed by ``worker`` are touched)."""
        final = [{"b_id": o.id, "b_status": o.status.value, "b_mid": o.message_id, "b_error": o.error[:200],
                  "b_sent": now if o.status is Delivery.SENT else None} for o in outcomes if o.retry_at is None]
        retry = [{"b_id": o.id, "b_at": o.retry_at, "b_error": o.error[:200]} for o in outcomes if o.retry_at]
        table = BroadcastRecipient.__table__
        owned = and_(table.c.id == bindparam("b_id"), table.c.claimed_by == worker,
                     table.c.status == Delivery.SENDING.value)
        connection = await self._session.connection()
        if final:
            await connection.execute(table.update().where(owned).values(
                status=bindparam("b_status"), telegram_message_id=bindparam("b_mid"),
                error=bindparam("b_error"), sent_at=bindparam("b_sent")), final)
        if retry:
            await connection.execute(table.update().where(owned).values(
                status=Delivery.PENDING.value, next_attempt_at=bindparam("b_at"), error=bindparam("b_error")),
                retry)

    async def unclaim(self, worker: str, ids: Sequence[int]) -> None:
        """Rows claimed but certainly not sent (a graceful stop) go back to pending."""
        if ids:
            await self._session.execute(update(BroadcastRecipient).where(
                BroadcastRecipient.id.in_(list(ids)), BroadcastRecipient.claimed_by == worker,
                BroadcastRecipient.status == Delivery.SENDING.value).values(
                status=Delivery.PENDING.value, attempts=BroadcastRecipient.attempts - 1)
                .execution_options(synchronize_session=False))

    async def release_uncertain(self, claimed_before: datetime) -> int:
        """Rows claimed before ``claimed_before`` and never recorded: their worker died mid-send.

        They may or may not have reached the person, so they are marked ``uncertain`` and never
        resent: a citizen must not get the same announcement twice.
        """
        result = await self._session.execute(
            update(BroadcastRecipient).where(BroadcastRecipient.status == Delivery.SENDING.value,
                                             BroadcastRecipient.claimed_at < claimed_before)
            .values(status=Delivery.UNCERTAIN.value))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    async def next_due(self, broadcast_id: int) -> datetime | None:
        return await self._session.scalar(select(func.min(BroadcastRecipient.next_attempt_at)).where(
            BroadcastRecipient.broadcast_id == broadcast_id, BroadcastRecipient.status == Delivery.PENDING.value))

    async def figures(self, broadcast_id: int) -> Figures:
        rows = await self._session.execute(
            select(BroadcastRecipient.status, func.count()).where(BroadcastRecipient.broadcast_id == broadcast_id)
            .group_by(BroadcastRecipient.status))
        counts = {status: int(n) for status, n in rows}
        return Figures(total=sum(counts.values()), **{k: v for k, v in counts.items() if k in Figures.__dataclass_fields__})

    async def outcomes_by_chat(self, broadcast_id: int) -> dict[int, Delivery]:
        rows = await self._session.execute(select(BroadcastRecipient.chat_id, BroadcastRecipient.status).where(
            BroadcastRecipient.broadcast_id == broadcast_id))
        return {int(chat): Delivery(status) for chat, status in rows}

    async def mark_unreachable(self, chat_ids: Sequence[int], now: datetime) -> None:
        """Chats that blocked the bot or no longer exist are skipped by every later broadcast."""
        if chat_ids:
            await self._session.execute(update(User).where(User.chat_id.in_(list(chat_ids)))
                                        .values(blocked_at=now).execution_options(synchronize_session=False))


__all__ = ["Audience", "AudienceSpec", "BroadcastRecord", "BroadcastRepository", "BroadcastStatus",
           "Claimed", "Delivery", "Figures", "Outcome", "APPLICATION_STATES"]
