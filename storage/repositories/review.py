"""Queries of the review of applications (/duyet): the queue of an area, one application, its
possible duplicates, the decision, the approved-list entry and the applicant's notice.

Area filtering happens here with the codes the service passes (``province_code`` None means
every province: the legacy ``BOT_ADMIN_IDS`` officers); the service decides who may ask.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Application, ApprovedEntry, Notification, User

PENDING = "submitted"


@dataclass(frozen=True)
class AreaCodes:
    """The area to filter by: a province (None: all) and optionally one commune in it."""

    province_code: str | None
    ward_code: str | None = None


@dataclass(frozen=True)
class ApplicationRow:
    id: int
    reference_code: str
    user_id: int
    chat_id: int
    policy_id: str
    id_number: str
    full_name: str
    name_key: str
    birth_date: date
    phone: str
    current_province_code: str
    current_ward_code: str
    answers: dict[str, Any]
    status: str
    status_note: str
    submitted_at: datetime
    resubmitted_at: datetime | None  # sent back, then completed by the applicant (/bosung)


# The moment the dossier was last complete: the queue's order and the start of the time limit.
COMPLETE_AT = func.coalesce(Application.resubmitted_at, Application.submitted_at)

_COLUMNS = (Application.id, Application.reference_code, Application.user_id, Application.chat_id,
            Application.policy_id, Application.id_number, Application.full_name, Application.name_key,
            Application.birth_date, Application.phone, Application.current_province_code,
            Application.current_ward_code, Application.answers, Application.status, Application.status_note,
            Application.submitted_at, Application.resubmitted_at)


def _row(values: Any) -> ApplicationRow:
    data = list(values)
    data[12] = dict(data[12] or {})
    return ApplicationRow(*data)


def _in_area(area: AreaCodes) -> list[Any]:
    conditions: list[Any] = []
    if area.province_code is not None:
        conditions.append(Application.current_province_code == area.province_code)
        if area.ward_code is not None:
            conditions.append(Application.current_ward_code == area.ward_code)
    return conditions


class ReviewRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def pending(self, area: AreaCodes, *, limit: int, offset: int = 0) -> tuple[list[ApplicationRow], int]:
        """Submitted applications of the area, oldest first, and how many there are."""
        where = [Application.status == PENDING, *_in_area(area)]
        total = int(await self._session.scalar(select(func.count()).select_from(Application).where(*where)) or 0)
        rows = await self._session.execute(select(*_COLUMNS).where(*where)
                                           .order_by(COMPLETE_AT, Application.id)
                                           .limit(limit).offset(offset))
        return [_row(r) for r in rows], total

    async def pending_before(self, area: AreaCodes, complete_before: datetime) -> list[ApplicationRow]:
        """Pending applications complete before a moment (the digest narrows them down by deadline)."""
        rows = await self._session.execute(
            select(*_COLUMNS).where(Application.status == PENDING, COMPLETE_AT < complete_before,
                                    *_in_area(area)).order_by(COMPLETE_AT, Application.id))
        return [_row(r) for r in rows]

    async def get(self, application_id: int) -> ApplicationRow | None:
        row = (await self._session.execute(select(*_COLUMNS).where(Application.id == application_id))).first()
        return _row(row) if row is not None else None

    async def same_person(self, item: ApplicationRow) -> list[ApplicationRow]:
        """Other applications for the same policy by the same person: the same ID number, or the same
        name and birth date (an old CMND and a new CCCD of one person), whoever sent them."""
        rows = await self._session.execute(select(*_COLUMNS).where(
            Application.policy_id == item.policy_id, Application.id != item.id,
            or_(Application.id_number == item.id_number,
                and_(Application.name_key == item.name_key, Application.birth_date == item.birth_date)))
            .order_by(Application.submitted_at, Application.id))
        return [_row(r) for r in rows]

    async def decide(self, application_id: int, *, status: str, note: str, reason_code: str, officer_id: int,
                     at: datetime, amount: int | None = None, amount_reason: str = "") -> bool:
        """Record a decision if the application is still pending; False when someone was first."""
        values: dict[str, Any] = {"status": status, "status_note": note[:500], "decision_reason": reason_code[:32],
                                  "decided_at": at, "decided_by": officer_id}
        if status == "returned":
            values["sent_back_at"] = at
        if amount is not None:
            values["approved_amount"] = amount
            values["amount_reason"] = amount_reason[:500]
        result = await self._session.execute(update(Application).where(
            Application.id == application_id, Application.status == PENDING).values(**values))
        return int(result.rowcount or 0) == 1  # type: ignore[attr-defined]

    async def add_approved(self, item: ApplicationRow, amount: int, decided_on: date, at: datetime) -> bool:
        """Put the person on the approved list; False when they already were (an imported list wins)."""
        stmt = _insert(self._dialect, ApprovedEntry).values(
            policy_id=item.policy_id, id_number=item.id_number, full_name=item.full_name, name_key=item.name_key,
            birth_date=item.birth_date, sex=str(item.answers.get("sex") or "")[:8],
            address=str((item.answers.get("address_unit") or {}).get("label") or "")[:500],
            current_province_code=item.current_province_code, current_ward_code=item.current_ward_code,
            amount=amount, decision_number="", decision_date=decided_on, row_hash=f"review:{item.reference_code}"[:32],
            batch_id=0, updated_at=at,
        ).on_conflict_do_nothing(index_elements=["policy_id", "id_number"])
        result = await self._session.execute(stmt)
        return int(result.rowcount or 0) == 1  # type: ignore[attr-defined]

    async def locale_of(self, user_id: int) -> str:
        return await self._session.scalar(select(User.locale).where(User.id == user_id)) or "vi"

    async def chat_of(self, user_id: int) -> tuple[int, str] | None:
        """An officer's private chat and language, if they have talked to the bot."""
        row = (await self._session.execute(select(User.chat_id, User.locale).where(User.id == user_id))).first()
        return (int(row[0]), str(row[1])) if row is not None else None

    async def queue_notice(self, chat_id: int, kind: str, dedupe_key: str, payload: dict[str, Any], locale: str,
                           now: datetime) -> bool:
        """Add a notice to the outbox unless the same key was queued for that chat; True when added."""
        stmt = _insert(self._dialect, Notification).values(
            chat_id=chat_id, kind=kind, dedupe_key=dedupe_key[:128], payload=payload, locale=locale,
            status="pending", attempts=0, next_attempt_at=now, created_at=now,
        ).on_conflict_do_nothing(index_elements=["chat_id", "dedupe_key"])
        result = await self._session.execute(stmt)
        return int(result.rowcount or 0) == 1  # type: ignore[attr-defined]

    @property
    def _dialect(self) -> str:
        return self._session.bind.dialect.name


def _insert(dialect: str, table: Any) -> Any:
    return postgresql.insert(table) if dialect == "postgresql" else sqlite.insert(table)
