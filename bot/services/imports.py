"""Importing approved and paid lists: read → stage → preview → confirm (all or nothing).

The same service backs the officer's chat flow and ``python -m bot import``.  Reading streams
the file in chunks straight into the staging table, so memory stays flat however long the
list is.  Rows that cannot be imported are kept with their reason and returned to the officer
as an .xlsx; nothing is written to the live lists until the officer confirms.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.lists import (
    ApprovedRecord, ListError, PaidRecord, RowError, iter_records, locate_header, open_table, write_error_report,
)
from bot.parsing import name_key
from bot.domain.areas import OfficerScope
from bot.services.clock import Clock
from bot.services.placement import check_commit_scope, place_staged_rows
from bot.services.policy_names import PolicyResolver
from storage.repositories.audit import AuditRepository
from storage.repositories.imports import STAGED_COLUMNS, ImportRepository
from storage.repositories.placement import PlacementRepository

log = logging.getLogger(__name__)

CHUNK_ROWS = 5000
Progress = Callable[[int], Awaitable[None]]
ErrorMessage = Callable[[str, dict[str, Any]], str]


class ImportRefused(Exception):
    """The file cannot be imported at all (unreadable, header not found, required column missing)."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code, self.params = code, params


@dataclass(frozen=True)
class ImportOptions:
    """What the officer supplies when the file does not say it."""

    kind: str  # "approved" | "paid"
    policy_id: str = ""
    decision_number: str = ""
    decision_date: date | None = None
    payer: str = ""


@dataclass(frozen=True)
class FileShape:
    """What the header row tells before anything is read."""

    recognised: dict[str, str]
    unrecognised: list[str]
    missing: list[str]
    has_policy: bool
    has_decision: bool


@dataclass
class ImportPreview:
    batch_id: int
    kind: str
    read: int = 0
    valid: int = 0
    invalid: int = 0
    skipped: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    errors_by_code: Counter[str] = field(default_factory=Counter)
    recognised: dict[str, str] = field(default_factory=dict)
    error_report: Path | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"batch_id": self.batch_id, "kind": self.kind, "read": self.read, "valid": self.valid,
                "invalid": self.invalid, "skipped": self.skipped, "new": self.new, "changed": self.changed,
                "unchanged": self.unchanged, "errors_by_code": dict(self.errors_by_code),
                "recognised": self.recognised,
                "error_report": str(self.error_report) if self.error_report else None}


@dataclass(frozen=True)
class CommitResult:
    batch_id: int
    committed: bool
    already: bool
    summary: dict[str, Any]
    notifications: int = 0


class ImportService:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], clock: Clock, resolver: PolicyResolver,
                 reports_dir: Path, error_message: ErrorMessage) -> None:
        self._sessions = sessions
        self._clock = clock
        self._resolver = resolver
        self._reports_dir = reports_dir
        self._error_message = error_message

    def inspect(self, path: Path, kind: str, filename: str | None = None) -> FileShape:
        """Find the header row and say which columns were recognised; refuse unusable files."""
        try:
            source = open_table(path, filename=filename)
            match = locate_header(source.rows(), kind=kind)
        except ListError as error:
            raise ImportRefused(error.code, **error.params) from error
        except Exception as error:  # noqa: BLE001 - any other reader failure means "cannot read this file"
            log.info("could not read an uploaded list: %s", type(error).__name__)
            raise ImportRefused("unreadable") from error
        if match is None:
            raise ImportRefused("no_header")
        recognised = dict(match.recognised)
        missing = [f for f in match.missing]
        if missing:
            raise ImportRefused("missing_columns", missing=missing, recognised=recognised)
        return FileShape(recognised, list(match.unrecognised), missing,
                         has_policy="policy" in recognised,
                         has_decision="decision_number" in recognised or bool(match.title_decision_number))

    async def stage(self, path: Path, filename: str, options: ImportOptions, officer_id: int | None,
                    progress: Progress | None = None, scope: OfficerScope | None = None) -> ImportPreview:
        """Read the whole file into staging and compute the preview; the live lists are untouched."""
        shape = self.inspect(path, options.kind, filename)
        sha = _sha256(path)
        async with self._sessions.begin() as session:
            batch_id = await ImportRepository(session).create_batch(
                options.kind, officer_id, filename, sha, options.policy_id, options.decision_number,
                options.decision_date)
        preview = ImportPreview(batch_id, options.kind, recognised=shape.recognised)
        errors: list[RowError] = []
        try:
            await self._read_into_staging(path, filename, options, batch_id, preview, errors, progress)
            async with self._sessions.begin() as session:
                repo = ImportRepository(session)
                outside = await place_staged_rows(session, batch_id, options.kind, scope)
                errors += [RowError(r.row_number, "", r.code, dict(r.params), {}) for r in outside]
                preview.valid -= len(outside)
                preview.invalid += len(outside)
                preview.errors_by_code.update(r.code for r in outside)
                if options.kind == "approved":
                    rejected = await repo.reject_duplicates_in_file(batch_id)
                else:  # two payments of one person in a file are "paid twice", whatever their dates
                    rejected = await repo.reject_paid_problems(batch_id)
                errors += [RowError(r.row_number, "", r.code, dict(r.params), {}) for r in rejected]
                preview.valid -= len(rejected)
                preview.invalid += len(rejected)
                preview.errors_by_code.update(r.code for r in rejected)
                counts = await repo.compare(batch_id, options.kind)
                preview.new, preview.changed, preview.unchanged = counts["new"], counts["changed"], counts["unchanged"]
                preview.error_report = self._write_report(batch_id, errors) if errors else None
                await repo.set_status(batch_id, "previewed", summary=preview.as_dict(),
                                      error_report_path=str(preview.error_report or ""))
                await AuditRepository(session).record(officer_id, f"import.{options.kind}.preview", "import_batch",
                                                      str(batch_id), _audit_summary(preview, filename))
        except Exception:
            async with self._sessions.begin() as session:
                repo = ImportRepository(session)
                await repo.clear_staging(batch_id)
                await repo.set_status(batch_id, "failed")
            raise
        return preview

    async def _read_into_staging(self, path: Path, filename: str, options: ImportOptions, batch_id: int,
                                 preview: ImportPreview, errors: list[Any], progress: Progress | None) -> None:
        defaults = {"policy_text": "", "decision_number": options.decision_number,
                    "decision_date": options.decision_date, "payer": options.payer}
        source = open_table(path, filename=filename)
        chunk: list[tuple[Any, ...]] = []
        pending: asyncio.Task[None] | None = None
        for item in iter_records(source, options.kind, today=self._clock.today(), defaults=defaults):
            if isinstance(item, RowError):
                preview.read += 1
                preview.invalid += 1
                preview.errors_by_code[item.code] += 1
                errors.append(item)
                continue
            if not isinstance(item, (ApprovedRecord, PaidRecord)):
                preview.skipped += 1
                continue
            preview.read += 1
            policy_id = self._resolver.resolve(item.policy_text) or options.policy_id
            if not policy_id:
                preview.invalid += 1
                preview.errors_by_code["policy_unknown"] += 1
                errors.append(RowError(item.row_number, "policy", "policy_unknown", {"text": item.policy_text}, {}))
                continue
            chunk.append(_staged_row(batch_id, policy_id, item))
            preview.valid += 1
            if len(chunk) >= CHUNK_ROWS:
                if pending is not None:
                    await pending
                # The database writes this chunk in its thread while the next one is parsed here.
                pending = asyncio.ensure_future(self._flush(chunk))
                chunk = []
                if progress is not None:
                    await progress(preview.read)
                await asyncio.sleep(0)
        if pending is not None:
            await pending
        await self._flush(chunk)
        if progress is not None:
            await progress(preview.read)

    async def _flush(self, chunk: list[tuple[Any, ...]]) -> None:
        if chunk:
            async with self._sessions.begin() as session:
                await ImportRepository(session).stage_rows(chunk)

    def _write_report(self, batch_id: int, errors: list[RowError]) -> Path:
        self._reports_dir.mkdir(parents=True, exist_ok=True)
        path = self._reports_dir / f"loi-nhap-danh-sach-{batch_id}.xlsx"
        errors.sort(key=lambda e: e.row_number)
        write_error_report(
            errors, path, messages=lambda e: self._error_message(e.code, dict(e.params)),
            reason_header=self._error_message("@reason_header", {}),
            row_header=self._error_message("@row_header", {}))
        return path

    async def commit(self, batch_id: int, officer_id: int | None, scope: OfficerScope | None = None) -> CommitResult:
        """Apply a previewed batch to the live lists in one transaction; a second call changes nothing.

        With a ``scope`` (an officer in the chat) it is refused for a supervisor and when any staged
        row lies outside the officer's area; the command line passes none.
        """
        async with self._sessions.begin() as session:
            repo = ImportRepository(session)
            batch = await repo.batch(batch_id)
            if batch is None:
                raise ImportRefused("no_batch")
            await check_commit_scope(session, batch_id, scope)
            if batch.status == "committed":
                return CommitResult(batch_id, committed=False, already=True, summary=batch.summary)
            if not await repo.set_status(batch_id, "committing", expected="previewed"):
                raise ImportRefused("not_ready", status=batch.status)
            dialect = session.bind.dialect.name
            queued, now = 0, self._clock.utcnow()
            if batch.kind == "approved":
                await repo.commit_approved(batch_id, dialect)
                await PlacementRepository(session).copy_to_live(batch_id, "approved")
                for chat_id, code, policy_id in await repo.approve_matching_applications(batch_id, now):
                    await repo.queue_notification(dialect, chat_id, "application_approved", f"app:{code}:approved",
                                                  {"reference_code": code, "policy_id": policy_id}, "vi", now)
                    queued += 1
                for chat_id, locale, row in await repo.subscribers_of_batch(batch_id):
                    await repo.queue_notification(dialect, chat_id, "approved",
                                                  f"approved:{row['policy_id']}:{row['decision_number']}", row, locale, now)
                    queued += 1
            else:
                await repo.commit_paid(batch_id, dialect)
                await PlacementRepository(session).copy_to_live(batch_id, "paid")
                for chat_id, locale, row in await repo.subscribers_of_batch(batch_id):
                    await repo.queue_notification(dialect, chat_id, "paid",
                                                  f"paid:{row['policy_id']}:{row['paid_date']}", row, locale, now)
                    queued += 1
            await repo.clear_staging(batch_id)
            await repo.set_status(batch_id, "committed")
            await AuditRepository(session).record(officer_id, f"import.{batch.kind}.commit", "import_batch",
                                                  str(batch_id), {k: batch.summary.get(k) for k in
                                                                  ("read", "valid", "invalid", "new", "changed")})
        return CommitResult(batch_id, committed=True, already=False, summary=batch.summary, notifications=queued)

    async def cancel(self, batch_id: int, officer_id: int | None) -> bool:
        async with self._sessions.begin() as session:
            repo = ImportRepository(session)
            if not await repo.set_status(batch_id, "cancelled", expected="previewed"):
                return False
            await repo.clear_staging(batch_id)
            await AuditRepository(session).record(officer_id, "import.cancel", "import_batch", str(batch_id), {})
        return True


def _staged_row(batch_id: int, policy_id: str, item: ApprovedRecord | PaidRecord) -> tuple[Any, ...]:
    """One staging row, in ``STAGED_COLUMNS`` order, with a hash of what an update would change."""
    if isinstance(item, ApprovedRecord):
        fields = (item.id_number, item.full_name, item.birth_date, item.sex, item.address, item.commune,
                  item.district, item.province, item.amount, item.decision_number, item.decision_date)
        digest = hashlib.md5("\x1f".join(map(str, fields)).encode("utf-8")).hexdigest()
        return (batch_id, item.row_number, policy_id, item.id_number, item.full_name, name_key(item.full_name),
                item.birth_date, item.sex, item.address, item.commune, item.district, item.province, item.amount,
                item.decision_number, item.decision_date, None, "", digest)
    fields = (item.id_number, item.paid_amount, item.paid_date, item.payer)
    digest = hashlib.md5("\x1f".join(map(str, fields)).encode("utf-8")).hexdigest()
    return (batch_id, item.row_number, policy_id, item.id_number, "", "", None, "", "", "", "", "",
            item.paid_amount, "", None, item.paid_date, item.payer, digest)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _audit_summary(preview: ImportPreview, filename: str) -> dict[str, Any]:
    """What the audit trail keeps of an import: counts, never personal numbers."""
    return {"file": filename[:100], "read": preview.read, "valid": preview.valid, "invalid": preview.invalid,
            "new": preview.new, "changed": preview.changed, "unchanged": preview.unchanged}


__all__ = ["ImportService", "ImportOptions", "ImportPreview", "ImportRefused", "CommitResult", "FileShape"]
