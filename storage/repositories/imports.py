"""Staging, previewing and committing imported lists, in set-based SQL.

An upload is read once into ``import_rows`` (the staging table, keyed by batch).  The preview is
a handful of aggregate queries against the live tables; "Xác nhận" is one INSERT … SELECT … ON
CONFLICT per list inside one transaction, so an import is all or nothing, re-importing the same
file changes nothing (rows whose values are unchanged are left alone), and a corrected file updates
exactly the rows that changed (compared column by column).  Staged rows live in the database, so a restart between preview
and confirmation loses nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, case, delete, exists, func, insert, literal, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from storage.models import (
    Application, ApprovedEntry, ImportBatch, ImportRow, Notification, PaidEntry, Subscription, UTCDateTime,
    utcnow,
)

STAGED_COLUMNS = ("batch_id", "row_number", "policy_id", "id_number", "full_name", "name_key", "birth_date", "sex",
                  "address", "commune", "district", "province", "amount", "decision_number", "decision_date",
                  "paid_date", "payer", "row_hash")
APPROVED_FIELDS = ("policy_id", "id_number", "full_name", "name_key", "birth_date", "sex", "address",
                   "commune", "district", "province", "amount", "decision_number", "decision_date", "row_hash")
PAID_FIELDS = ("policy_id", "id_number", "amount", "paid_date", "payer", "row_hash")
# What the staging and live tables accept: longer text or a larger amount is refused row by row
# before the preview, never by the database at "Xác nhận".
STAGED_TEXT_LIMITS: dict[str, int] = {
    column.name: column.type.length for column in ImportRow.__table__.columns  # type: ignore[attr-defined]
    if getattr(column.type, "length", None)
}
MAX_AMOUNT = 2**63 - 1  # BIGINT
OPEN_STATUSES = ("staging", "previewed")


@dataclass(frozen=True)
class LiveFingerprint:
    """What the live rows matching a staged batch looked like: if any of them is inserted, updated or
    deleted by another import, one of these numbers changes (every write sets the row's batch)."""

    matched: int
    same: int
    batch_sum: int

    def as_list(self) -> list[int]:
        return [self.matched, self.same, self.batch_sum]


@dataclass(frozen=True)
class Comparison:
    new: int
    changed: int
    unchanged: int
    fingerprint: LiveFingerprint


@dataclass(frozen=True)
class SweptBatch:
    id: int
    status: str


@dataclass(frozen=True)
class BatchInfo:
    id: int
    kind: str
    status: str
    filename: str
    policy_id: str
    decision_number: str
    decision_date: date | None
    summary: dict[str, Any]
    error_report_path: str
    officer_user_id: int | None


@dataclass(frozen=True)
class Rejected:
    """A staged row that a set-based check refused (paid rows, duplicates in the file)."""

    row_number: int
    code: str
    params: dict[str, Any]
    id_number: str = ""
    full_name: str = ""


class ImportRepository:
    def __init__(self, session: AsyncSession, now: datetime | None = None) -> None:
        """``now``: the unit of work's moment from the injected clock, stamped on what it writes."""
        self._session = session
        self._now = now

    def _stamp(self) -> datetime:
        return self._now or utcnow()

    # -- batches ---------------------------------------------------------------------------

    async def create_batch(self, kind: str, officer_user_id: int | None, filename: str, sha256: str,
                           policy_id: str, decision_number: str, decision_date: date | None,
                           owner: str = "", now: datetime | None = None) -> int:
        """A batch in "staging"; ``owner`` (host:pid) lets a restart tell an abandoned one from a live one."""
        result = await self._session.execute(insert(ImportBatch).values(
            kind=kind, status="staging", officer_user_id=officer_user_id, filename=filename[:255],
            file_sha256=sha256, policy_id=policy_id, decision_number=decision_number[:64],
            decision_date=decision_date, summary={"owner": owner}, error_report_path="",
            created_at=now or self._stamp(),
        ).returning(ImportBatch.id))
        return int(result.scalar_one())

    async def open_batches(self) -> list[tuple[int, str, str, datetime]]:
        """(id, status, owner, created_at) of every batch still staging or waiting for confirmation."""
        rows = await self._session.execute(
            select(ImportBatch.id, ImportBatch.status, ImportBatch.summary, ImportBatch.created_at)
            .where(ImportBatch.status.in_(OPEN_STATUSES)))
        return [(i, st, str((summary or {}).get("owner", "")), created) for i, st, summary, created in rows]

    async def delete_orphan_staging(self) -> int:
        """Staged rows whose batch is no longer open (a crash between two statements)."""
        open_ids = select(ImportBatch.id).where(ImportBatch.status.in_(OPEN_STATUSES))
        result = await self._session.execute(delete(ImportRow).where(ImportRow.batch_id.not_in(open_ids)))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    async def batch(self, batch_id: int) -> BatchInfo | None:
        row = await self._session.get(ImportBatch, batch_id)
        if row is None:
            return None
        return BatchInfo(row.id, row.kind, row.status, row.filename, row.policy_id, row.decision_number,
                         row.decision_date, dict(row.summary or {}), row.error_report_path, row.officer_user_id)

    async def set_status(self, batch_id: int, status: str, *, expected: str | None = None,
                         summary: dict[str, Any] | None = None, error_report_path: str | None = None) -> bool:
        values: dict[str, Any] = {"status": status}
        if summary is not None:
            values["summary"] = summary
        if error_report_path is not None:
            values["error_report_path"] = error_report_path
        if status == "committed":
            values["committed_at"] = self._stamp()
        conditions = [ImportBatch.id == batch_id]
        if expected is not None:
            conditions.append(ImportBatch.status == expected)
        result = await self._session.execute(update(ImportBatch).where(*conditions).values(**values))
        return result.rowcount == 1  # type: ignore[attr-defined]

    # -- staging ---------------------------------------------------------------------------

    async def stage_rows(self, rows: Sequence[tuple[Any, ...]]) -> None:
        """Bulk insert in the driver's own executemany: the hot loop of a million-row import."""
        if not rows:
            return
        connection = await self._session.connection()
        dialect = connection.dialect
        columns = ", ".join(STAGED_COLUMNS)
        if dialect.paramstyle == "qmark":
            marks = ", ".join("?" for _ in STAGED_COLUMNS)
        else:
            marks = ", ".join(f"${i}" for i in range(1, len(STAGED_COLUMNS) + 1))
        await connection.exec_driver_sql(f"INSERT INTO import_rows ({columns}) VALUES ({marks})", list(rows))

    async def staged_count(self, batch_id: int) -> int:
        return int(await self._session.scalar(
            select(func.count()).select_from(ImportRow).where(ImportRow.batch_id == batch_id)) or 0)

    async def reject_duplicates_in_file(self, batch_id: int) -> list[Rejected]:
        """Keep the last row for each person and policy; earlier ones are reported."""
        return await self._reject_where(batch_id, "duplicate_in_file",
                                        ImportRow.row_number.not_in(_kept_rows(batch_id, func.max)), {})

    async def reject_paid_problems(self, batch_id: int) -> list[Rejected]:
        """Paid rows for people not approved, above the approved amount, or paid before."""
        s = ImportRow
        approved = select(ApprovedEntry.amount).where(
            ApprovedEntry.policy_id == s.policy_id, ApprovedEntry.id_number == s.id_number).scalar_subquery()
        rejected = await self._reject_where(batch_id, "paid_not_approved", ~exists(
            select(ApprovedEntry.id).where(ApprovedEntry.policy_id == s.policy_id,
                                           ApprovedEntry.id_number == s.id_number)), {})
        rows = await self._session.execute(
            select(s.row_number, s.amount, approved, s.id_number, s.full_name)
            .where(s.batch_id == batch_id, s.amount > approved))
        over = [Rejected(r, "paid_over_approved", {"paid": a, "approved": ap}, number, name)
                for r, a, ap, number, name in rows]
        await self._delete_rows(batch_id, [r.row_number for r in over])
        paid_before = exists(select(PaidEntry.id).where(
            PaidEntry.policy_id == s.policy_id, PaidEntry.id_number == s.id_number,
            PaidEntry.paid_date != s.paid_date))
        twice = await self._reject_where(batch_id, "paid_twice", paid_before, {})
        twice += await self._reject_where(batch_id, "paid_twice_in_file",
                                          s.row_number.not_in(_kept_rows(batch_id, func.min)), {})
        return rejected + over + twice

    async def _reject_where(self, batch_id: int, code: str, condition: Any, params: dict[str, Any]) -> list[Rejected]:
        s = ImportRow
        rows = list(await self._session.execute(
            select(s.row_number, s.id_number, s.full_name).where(s.batch_id == batch_id, condition)
            .order_by(s.row_number)))
        await self._delete_rows(batch_id, [n for n, _, _ in rows])
        return [Rejected(n, code, params, number, name) for n, number, name in rows]

    async def _delete_rows(self, batch_id: int, row_numbers: list[int]) -> None:
        for start in range(0, len(row_numbers), 500):
            chunk = row_numbers[start:start + 500]
            await self._session.execute(delete(ImportRow).where(
                ImportRow.batch_id == batch_id, ImportRow.row_number.in_(chunk)))

    async def compare(self, batch_id: int, kind: str) -> dict[str, int]:
        """How many staged rows are new, changed, or already present exactly."""
        result = await self.comparison(batch_id, kind)
        return {"new": result.new, "changed": result.changed, "unchanged": result.unchanged}

    async def comparison(self, batch_id: int, kind: str) -> Comparison:
        """The counts of :meth:`compare` and the fingerprint of the matching live rows."""
        s = ImportRow
        if kind == "approved":
            live = ApprovedEntry
            on = and_(live.policy_id == s.policy_id, live.id_number == s.id_number)
        else:
            live = PaidEntry  # type: ignore[assignment]
            on = and_(live.policy_id == s.policy_id, live.id_number == s.id_number,
                      live.paid_date == s.paid_date)  # type: ignore[attr-defined]
        rows = await self._session.execute(
            select(
                func.count(),
                func.count(live.id),
                func.sum(case((_same(live, s, kind), 1), else_=0)),
                func.sum(live.batch_id),
            ).select_from(s).outerjoin(live, on).where(s.batch_id == batch_id))
        total, matched, same, batch_sum = rows.one()
        matched, same = int(matched or 0), int(same or 0)
        return Comparison(int(total or 0) - matched, matched - same, same,
                          LiveFingerprint(matched, same, int(batch_sum or 0)))

    # -- commit ----------------------------------------------------------------------------

    async def commit_approved(self, batch_id: int, dialect: str) -> None:
        s = ImportRow
        cols = [getattr(s, f) for f in APPROVED_FIELDS]
        stmt = _insert(dialect, ApprovedEntry).from_select(
            [*APPROVED_FIELDS, "batch_id", "updated_at"],
            select(*cols, literal(batch_id), literal(self._stamp(), UTCDateTime())).where(s.batch_id == batch_id))
        excluded = stmt.excluded
        stmt = stmt.on_conflict_do_update(
            index_elements=["policy_id", "id_number"],
            set_={f: getattr(excluded, f) for f in (*APPROVED_FIELDS[2:], "batch_id", "updated_at")},
            where=_differs(ApprovedEntry, excluded, _COMPARED["approved"]),
        )
        await self._session.execute(stmt)

    async def commit_paid(self, batch_id: int, dialect: str) -> None:
        s = ImportRow
        cols = [s.policy_id, s.id_number, s.amount, s.paid_date, s.payer, s.row_hash]
        stmt = _insert(dialect, PaidEntry).from_select(
            [*PAID_FIELDS, "batch_id", "updated_at"],
            select(*cols, literal(batch_id), literal(self._stamp(), UTCDateTime())).where(s.batch_id == batch_id))
        excluded = stmt.excluded
        stmt = stmt.on_conflict_do_update(
            index_elements=["policy_id", "id_number", "paid_date"],
            set_={f: getattr(excluded, f) for f in ("amount", "payer", "row_hash", "batch_id", "updated_at")},
            where=_differs(PaidEntry, excluded, _COMPARED["paid"]),
        )
        await self._session.execute(stmt)

    async def approve_matching_applications(self, batch_id: int, at: datetime, *,
                                            live: bool = False) -> list[tuple[int, str, str]]:
        """Mark submitted applications of people on this approved list as approved (``live``: the
        batch was loaded straight into the live list, not staged)."""
        s: Any = ApprovedEntry if live else ImportRow
        matches = list(await self._session.execute(
            select(Application.id, Application.chat_id, Application.reference_code, Application.policy_id)
            .join(s, and_(s.policy_id == Application.policy_id, s.id_number == Application.id_number))
            .where(s.batch_id == batch_id, Application.status == "submitted")))
        ids = [m[0] for m in matches]
        for start in range(0, len(ids), 500):
            await self._session.execute(update(Application).where(Application.id.in_(ids[start:start + 500]))
                                        .values(status="approved", decided_at=at))
        return [(chat, code, policy) for _, chat, code, policy in matches]

    async def subscribers_of_batch(self, batch_id: int, *, live: bool = False) -> list[tuple[int, str, dict[str, Any]]]:
        """(chat, locale, row) for every subscription whose person is in this batch."""
        if live:
            a = ApprovedEntry
            rows = await self._session.execute(
                select(Subscription.chat_id, Subscription.locale, a.policy_id, a.amount, literal(None), literal(""),
                       a.decision_number, a.decision_date)
                .join(a, a.id_number == Subscription.id_number).where(a.batch_id == batch_id))
        else:
            s = ImportRow
            rows = await self._session.execute(
                select(Subscription.chat_id, Subscription.locale, s.policy_id, s.amount, s.paid_date, s.payer,
                       s.decision_number, s.decision_date)
                .join(s, s.id_number == Subscription.id_number).where(s.batch_id == batch_id))
        return [(chat, locale, {"policy_id": p, "amount": a, "paid_date": pd.isoformat() if pd else None,
                                "payer": payer, "decision_number": dn,
                                "decision_date": dd.isoformat() if dd else None})
                for chat, locale, p, a, pd, payer, dn, dd in rows]

    async def queue_notification(self, dialect: str, chat_id: int, kind: str, dedupe_key: str,
                                 payload: dict[str, Any], locale: str, now: datetime) -> None:
        stmt = _insert(dialect, Notification).values(
            chat_id=chat_id, kind=kind, dedupe_key=dedupe_key[:128], payload=payload, locale=locale,
            status="pending", attempts=0, next_attempt_at=now, created_at=now,
        ).on_conflict_do_nothing(index_elements=["chat_id", "dedupe_key"])
        await self._session.execute(stmt)

    async def clear_staging(self, batch_id: int) -> None:
        await self._session.execute(delete(ImportRow).where(ImportRow.batch_id == batch_id))


# What makes a live row "the same" as a staged one (the key columns aside): every value an update
# would change.  Compared column by column, so no per-row hash needs computing (``row_hash`` stays
# empty; rows written before keep theirs, unused).
_COMPARED = {"approved": APPROVED_FIELDS[2:-1], "paid": ("amount", "payer")}


def _same(live: Any, staged: Any, kind: str) -> Any:
    return and_(*[getattr(live, f).is_not_distinct_from(getattr(staged, f)) for f in _COMPARED[kind]])


def _differs(live: Any, other: Any, fields: tuple[str, ...]) -> Any:
    return or_(*[getattr(live, f).is_distinct_from(getattr(other, f)) for f in fields])


def _kept_rows(batch_id: int, pick: Any) -> Any:
    """One row number per person and policy in a staged file (set-based: no per-row subquery)."""
    keep = aliased(ImportRow)
    return (select(pick(keep.row_number)).where(keep.batch_id == batch_id)
            .group_by(keep.policy_id, keep.id_number).scalar_subquery())


def _insert(dialect: str, table: Any) -> Any:
    """INSERT with ON CONFLICT support for the backend in use (both speak it)."""
    return postgresql.insert(table) if dialect == "postgresql" else sqlite.insert(table)
