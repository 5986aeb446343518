"""Reads behind "was I approved / have I been paid?": everything known about one ID number,
and the counts of failed lookups (per chat, and per ID number through a hash of it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from typing import Any

from sqlalchemy import bindparam, func, insert, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.applications import ApplicationStatus
from bot.domain.status import ApplicationRecord, ApprovalRecord, PaymentRecord
from storage.models import Application, ApprovedEntry, LookupAttempt, PaidEntry, Subscription


@dataclass(frozen=True)
class FailureCount:
    """Failed lookups in a window: how many, the latest, and from how many chats."""

    failures: int = 0
    latest: datetime | None = None
    chats: int = 0
    oldest: datetime | None = None


@dataclass(frozen=True)
class Limits:
    """The failed lookups that limit one step, read together: the chat's in its window, the ID's in its."""

    chat_failures: int
    chat_oldest: datetime | None  # the oldest failure of the chat in its window
    person: FailureCount


@dataclass(frozen=True)
class PersonRecords:
    """Everything on the lists and in applications about one ID number, and where the person lives
    today according to the newest placed record (list first, then application)."""

    approvals: list[ApprovalRecord]
    applications: list[ApplicationRecord]
    area: tuple[str, str] | None


class StatusRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def approvals(self, id_number: str) -> list[ApprovalRecord]:
        return (await self.person(id_number, applications=False)).approvals

    async def person(self, id_number: str, *, applications: bool = True) -> PersonRecords:
        """The records of one ID number with their areas, through the ID indexes (two reads)."""
        rows = (await self._session.execute(_APPROVALS, {"id_number": id_number})).all()
        approvals = [ApprovalRecord(*row[:7]) for row in rows]
        area = _newest_area((row[7], row[8], row[9]) for row in rows)
        if not applications:
            return PersonRecords(approvals, [], area)
        found = (await self._session.execute(_APPLICATIONS, {"id_number": id_number})).all()
        records = [ApplicationRecord(code, policy, name, key, born, ApplicationStatus(status), sent, note, phone)
                   for code, policy, name, key, born, status, sent, note, phone, *_ in found]
        return PersonRecords(approvals, records, area or _newest_area((row[9], row[10], row[11]) for row in found))

    async def payments(self, id_number: str) -> list[PaymentRecord]:
        rows = await self._session.execute(_PAYMENTS, {"id_number": id_number})
        return [PaymentRecord(*row) for row in rows]

    async def applications(self, id_number: str) -> list[ApplicationRecord]:
        rows = await self._session.execute(
            select(Application.reference_code, Application.policy_id, Application.full_name,
                   Application.name_key, Application.birth_date, Application.status,
                   Application.submitted_at, Application.status_note, Application.phone)
            .where(Application.id_number == id_number).order_by(Application.id)
        )
        return [ApplicationRecord(code, policy, name, key, born, ApplicationStatus(status), sent, note, phone)
                for code, policy, name, key, born, status, sent, note, phone in rows]

    async def limits(self, chat_id: int | None, chat_since: datetime, id_key: str | None,
                     id_since: datetime, *, client_key: str | None = None) -> Limits:
        """The asker's failures (count, oldest) and the ID's (count, latest, chats) in ONE statement:
        two aggregates over the indexes of ``lookup_attempts``, cross-joined.  The asker is a chat, or a
        web client by the hash of its address (``client_key``); ``chat_*`` then means that client."""
        statement, asker = (_LIMITS_BY_CLIENT, client_key) if client_key is not None else (_LIMITS, chat_id or 0)
        row = (await self._session.execute(statement, {"asker": asker, "chat_since": chat_since,
                                                       "id_key": id_key or "", "id_since": id_since})).one()
        chat_n, oldest, id_n, latest, chats = row
        return Limits(int(chat_n or 0), _aware(oldest), FailureCount(int(id_n or 0), _aware(latest), int(chats or 0)))

    async def chat_failures(self, chat_id: int, since: datetime) -> FailureCount:
        return await self._failures(LookupAttempt.chat_id == chat_id, since)

    async def client_failures(self, client_key: str, since: datetime) -> FailureCount:
        """Failures from one web client address (through its hash), for the page's own limit."""
        return await self._failures(LookupAttempt.client_key == client_key, since)

    async def id_failures(self, id_key: str, since: datetime) -> FailureCount:
        return await self._failures(LookupAttempt.id_key == id_key, since)

    async def _failures(self, who: object, since: datetime) -> FailureCount:
        row = (await self._session.execute(
            select(func.count(), func.max(LookupAttempt.at), func.min(LookupAttempt.at),
                   func.count(func.distinct(LookupAttempt.chat_id)))
            .where(who, LookupAttempt.at >= since, LookupAttempt.success.is_(False)))).one()
        count, latest, oldest, chats = row
        return FailureCount(int(count or 0), _aware(latest), int(chats or 0), _aware(oldest))

    async def oldest_chat_failure(self, chat_id: int, since: datetime) -> datetime | None:
        return _aware(await self._session.scalar(
            select(func.min(LookupAttempt.at))
            .where(LookupAttempt.chat_id == chat_id, LookupAttempt.at >= since, LookupAttempt.success.is_(False))))

    async def record_attempt(self, chat_id: int | None, at: datetime, success: bool, id_key: str | None = None,
                             client_key: str | None = None) -> None:
        await self._session.execute(_ATTEMPT, {"chat_id": chat_id, "at": at, "success": success, "id_key": id_key,
                                               "client_key": client_key})

    async def subscribe(self, chat_id: int, user_id: int, id_number: str, locale: str, now: datetime) -> bool:
        """Add a subscription; False when the chat already follows this person."""
        existing = await self._session.scalar(
            select(Subscription.id).where(Subscription.chat_id == chat_id, Subscription.id_number == id_number)
        )
        if existing is not None:
            return False
        await self._session.execute(insert(Subscription).values(
            chat_id=chat_id, user_id=user_id, id_number=id_number, locale=locale, created_at=now))
        return True


# Built once (constructing a statement costs more CPU than running it); parameters at execution.
_APPROVALS = select(ApprovedEntry.policy_id, ApprovedEntry.full_name, ApprovedEntry.name_key,
                    ApprovedEntry.birth_date, ApprovedEntry.amount, ApprovedEntry.decision_number,
                    ApprovedEntry.decision_date, ApprovedEntry.id, ApprovedEntry.current_province_code,
                    ApprovedEntry.current_ward_code).where(ApprovedEntry.id_number == bindparam("id_number"))
_APPLICATIONS = (select(Application.reference_code, Application.policy_id, Application.full_name,
                        Application.name_key, Application.birth_date, Application.status,
                        Application.submitted_at, Application.status_note, Application.phone,
                        Application.id, Application.current_province_code, Application.current_ward_code)
                 .where(Application.id_number == bindparam("id_number")).order_by(Application.id))
_PAYMENTS = (select(PaidEntry.policy_id, PaidEntry.amount, PaidEntry.paid_date, PaidEntry.payer)
             .where(PaidEntry.id_number == bindparam("id_number")).order_by(PaidEntry.paid_date))
_ATTEMPT = insert(LookupAttempt).values(chat_id=bindparam("chat_id"), at=bindparam("at", type_=LookupAttempt.at.type),
                                        success=bindparam("success"), id_key=bindparam("id_key"),
                                        client_key=bindparam("client_key"))


def _limits_statement(asker_column: Any) -> Any:
    failed = LookupAttempt.success.is_(False)
    by_chat = (select(func.count().label("n"), func.min(LookupAttempt.at).label("oldest"))
               .where(asker_column == bindparam("asker"),
                      LookupAttempt.at >= bindparam("chat_since", type_=LookupAttempt.at.type), failed).subquery())
    by_id = (select(func.count().label("n"), func.max(LookupAttempt.at).label("latest"),
                    func.count(func.distinct(LookupAttempt.chat_id)).label("chats"))
             .where(LookupAttempt.id_key == bindparam("id_key"),
                    LookupAttempt.at >= bindparam("id_since", type_=LookupAttempt.at.type), failed).subquery())
    return (select(by_chat.c.n, by_chat.c.oldest, by_id.c.n, by_id.c.latest, by_id.c.chats)
            .select_from(by_chat.join(by_id, true())))


_LIMITS = _limits_statement(LookupAttempt.chat_id)
_LIMITS_BY_CLIENT = _limits_statement(LookupAttempt.client_key)


def _newest_area(rows: object) -> tuple[str, str] | None:
    """(province, ward) of the row with the highest id among those placed in a province."""
    placed = [(row_id, str(province), str(ward)) for row_id, province, ward in rows  # type: ignore[attr-defined]
              if province]
    if not placed:
        return None
    _row_id, province, ward = max(placed)
    return province, ward


def _aware(moment: datetime | None) -> datetime | None:
    """Aggregates of the timestamp column, always aware (UTC), whatever the backend returned."""
    if moment is None:
        return None
    if isinstance(moment, str):  # SQLite may return max()/min() of a datetime column as text
        moment = datetime.fromisoformat(moment)
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment
