"""Importing approved and paid lists: read → stage → preview → confirm (all or nothing).

The same service backs the officer's chat flow and ``python -m bot import``.  Reading streams
the file in chunks straight into the staging table, so memory stays flat however long the
list is.  Rows that cannot be imported are kept with their reason and returned to the officer
as an .xlsx; nothing is written to the live lists until the officer confirms.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import os
import socket
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain.areas import OfficerScope
from bot.lists import ListError, RowError, iter_records, locate_header, open_table, write_error_report
from bot.lists.limits import LIMITS, ListLimits
from bot.services.clock import Clock
from bot.services.import_rows import ChunkReader, ReadCounts
from bot.services.placement import check_commit_scope, place_staged_rows
from bot.services.policy_names import PolicyResolver
from storage.repositories.audit import AuditRepository, audit_area
from storage.repositories.imports import ImportRepository, LiveFingerprint, Rejected
from storage.repositories.placement import PlacementRepository
from storage.repositories.publication import PublicationRepository

log = logging.getLogger(__name__)

CHUNK_ROWS = 5000
# A batch still "staging" after this long belongs to a process that died on another machine.
STAGING_ABANDONED_AFTER = timedelta(hours=6)
# A preview nobody confirmed or cancelled within this time is dropped (with its staged rows).
PREVIEW_EXPIRES_AFTER = timedelta(days=7)
Progress = Callable[[int], Awaitable[None]]
ErrorMessage = Callable[[str, dict[str, Any]], str]
IsOfficer = Callable[[int], bool]


class ImportRefused(Exception):
    """The file cannot be imported at all (unreadable, over a limit, header not found, required column
    missing), or the caller may not import."""

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
    paid_date: date | None = None  # for a paid list without a payment-date column


@dataclass(frozen=True)
class FileShape:
    """What the header row tells before anything is read."""

    recognised: dict[str, str]
    unrecognised: list[str]
    missing: list[str]
    has_policy: bool
    has_decision: bool
    has_paid_date: bool = True
    title_policy: str | None = None           # the policy the list's title names, when it has no policy column
    title_policies: tuple[str, ...] = ()      # the policies of the document the title names ("NQ 68")


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
    live: LiveFingerprint | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"batch_id": self.batch_id, "kind": self.kind, "read": self.read, "valid": self.valid,
                "invalid": self.invalid, "skipped": self.skipped, "new": self.new, "changed": self.changed,
                "unchanged": self.unchanged, "errors_by_code": dict(self.errors_by_code),
                "recognised": self.recognised,
                "error_report": str(self.error_report) if self.error_report else None,
                "live": self.live.as_list() if self.live else None}


class CommitOutcome(StrEnum):
    COMMITTED = "committed"
    ALREADY = "already"        # a second "Xác nhận": nothing changed
    STALE = "stale"            # the live lists changed since the preview: a new preview, nothing imported


@dataclass(frozen=True)
class CommitResult:
    batch_id: int
    committed: bool
    already: bool
    summary: dict[str, Any]
    notifications: int = 0
    outcome: CommitOutcome = CommitOutcome.COMMITTED

    @property
    def stale(self) -> bool:
        return self.outcome is CommitOutcome.STALE


@dataclass(frozen=True)
class Recovery:
    """What a start-up found left over by a process that died in the middle of an import."""

    abandoned: int = 0
    expired: int = 0
    orphan_rows: int = 0


class ImportService:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], clock: Clock, resolver: PolicyResolver,
                 reports_dir: Path, error_message: ErrorMessage, *, is_officer: IsOfficer | None = None,
                 limits: ListLimits = LIMITS) -> None:
        self._sessions = sessions
        self._clock = clock
        self._resolver = resolver
        self._reports_dir = reports_dir
        self._error_message = error_message
        self._is_officer = is_officer
        self._limits = limits
        self._owner = f"{socket.gethostname()[:40]}:{os.getpid()}"

    def _check_officer(self, officer_id: int | None, scope: OfficerScope | None) -> None:
        """Rights are checked here, not only in the handler: an officer removed between the preview
        and "Xác nhận" has no scope any more and can no longer import.  ``officer_id`` None is the
        local command line (the server's operator)."""
        if officer_id is None:
            return
        allowed = scope.may_change_data if scope is not None else (
            self._is_officer is None or self._is_officer(officer_id))
        if not allowed:
            raise ImportRefused("not_officer")

    async def inspect(self, path: Path, kind: str, filename: str | None = None) -> FileShape:
        """Find the header row and say which columns were recognised; refuse unusable files.

        Runs in a worker thread: opening a workbook is slow, and the event loop must keep answering."""
        return await asyncio.to_thread(self.inspect_now, path, kind, filename)

    def inspect_now(self, path: Path, kind: str, filename: str | None = None) -> FileShape:
        """:meth:`inspect` in the calling thread."""
        try:
            source = open_table(path, filename=filename, limits=self._limits)
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
        has_policy = "policy" in recognised
        title_policy, title_policies = (None, ()) if has_policy else self._resolver.from_title(
            " ".join(match.title_lines))
        return FileShape(recognised, list(match.unrecognised), missing,
                         has_policy=has_policy,
                         has_decision="decision_number" in recognised or bool(match.title_decision_number),
                         has_paid_date="paid_date" in recognised,
                         title_policy=title_policy, title_policies=title_policies)

    async def stage(self, path: Path, filename: str, options: ImportOptions, officer_id: int | None,
                    progress: Progress | None = None, scope: OfficerScope | None = None) -> ImportPreview:
        """Read the whole file into staging and compute the preview; the live lists are untouched."""
        self._check_officer(officer_id, scope)
        shape = await self.inspect(path, options.kind, filename)
        if options.kind == "paid" and not shape.has_paid_date and options.paid_date is None:
            raise ImportRefused("paid_date_needed")  # the database needs a payment date for every payment
        sha = await asyncio.to_thread(_sha256, path)
        async with self._sessions.begin() as session:
            batch_id = await ImportRepository(session, self._clock.utcnow()).create_batch(
                options.kind, officer_id, filename, sha, options.policy_id, options.decision_number,
                options.decision_date, owner=self._owner, now=self._clock.utcnow())
        preview = ImportPreview(batch_id, options.kind, recognised=shape.recognised)
        counts = ReadCounts()
        try:
            try:
                await self._read_into_staging(path, filename, options, batch_id, counts, progress)
            except ListError as error:  # a limit crossed further down the file
                raise ImportRefused(error.code, **error.params) from error
            except (OSError, ValueError, KeyError, IndexError, TypeError, EOFError) as error:
                log.info("could not read an uploaded list: %s", type(error).__name__)
                raise ImportRefused("unreadable") from error
            preview.read, preview.valid, preview.invalid, preview.skipped = (
                counts.read, counts.valid, counts.invalid, counts.skipped)
            preview.errors_by_code.update(e.code for e in counts.errors)
            errors = counts.errors
            async with self._sessions.begin() as session:
                repo = ImportRepository(session, self._clock.utcnow())
                outside = await place_staged_rows(session, batch_id, options.kind, scope)
                errors += [RowError(r.row_number, "", r.code, dict(r.params), {}) for r in outside]
                preview.valid -= len(outside)
                preview.invalid += len(outside)
                preview.errors_by_code.update(r.code for r in outside)
                rejected = await self._set_based_checks(repo, batch_id, options.kind)
                errors += [self._rejected_error(r, shape) for r in rejected]
                preview.valid -= len(rejected)
                preview.invalid += len(rejected)
                preview.errors_by_code.update(r.code for r in rejected)
                comparison = await repo.comparison(batch_id, options.kind)
                preview.new, preview.changed, preview.unchanged = (
                    comparison.new, comparison.changed, comparison.unchanged)
                preview.live = comparison.fingerprint
                if errors:
                    preview.error_report = await asyncio.to_thread(self._write_report, batch_id, errors)
                if not await repo.set_status(batch_id, "previewed", expected="staging", summary=preview.as_dict(),
                                             error_report_path=str(preview.error_report or "")):
                    raise ImportRefused("not_ready", status="swept")
                await AuditRepository(session).record(officer_id, "import.preview", "import_batch", str(batch_id),
                                                      {**_audit_summary(preview, filename), "kind": options.kind,
                                                       **_audit_area(scope, preview.valid)},
                                                      at=self._clock.utcnow())
        except BaseException:
            async with self._sessions.begin() as session:
                repo = ImportRepository(session, self._clock.utcnow())
                await repo.clear_staging(batch_id)
                await repo.set_status(batch_id, "failed")
            raise
        return preview

    async def import_confirmed(self, path: Path, filename: str, options: ImportOptions, officer_id: int | None,
                               progress: Progress | None = None) -> tuple[ImportPreview, CommitResult | None]:
        """Stage and commit at once, for a list confirmed before it is read (the command line's ``--yes``).

        A new approved list (none of its policies has live rows) is written once, straight into the live
        list (:mod:`bot.services.direct_import`); any other list takes the staged path.  The result is
        None when no row could be imported (nothing changed)."""
        # polars loads here, not when the bot starts: only a command-line import uses it.
        from bot.services.direct_import import DirectImport, NotNewList, Outcome

        self._check_officer(officer_id, None)
        if options.kind != "approved":
            return await self._stage_and_commit(path, filename, options, officer_id, progress)
        shape = await self.inspect(path, options.kind, filename)
        sha = await asyncio.to_thread(_sha256, path)
        now = self._clock.utcnow()
        async with self._sessions.begin() as session:
            batch_id = await ImportRepository(session, now).create_batch(
                options.kind, officer_id, filename, sha, options.policy_id, options.decision_number,
                options.decision_date, owner=self._owner, now=now)
        defaults = {"policy_text": "", "decision_number": options.decision_number,
                    "decision_date": options.decision_date}
        defaults = {k: v for k, v in defaults.items() if v not in (None, "")}
        preview = ImportPreview(batch_id, options.kind, recognised=shape.recognised)

        async def finish(session: AsyncSession, outcome: "Outcome") -> None:
            preview.read, preview.valid, preview.invalid, preview.skipped = (
                outcome.read, outcome.valid, outcome.invalid, outcome.skipped)
            preview.new = outcome.valid
            errors = outcome.errors + [self._rejected_error(r, shape) for r in outcome.rejected]
            preview.errors_by_code.update(e.code for e in errors)
            if errors:
                preview.error_report = await asyncio.to_thread(self._write_report, batch_id, errors)
            repo = ImportRepository(session, now)
            status = "committed" if preview.valid else "cancelled"
            if not await repo.set_status(batch_id, status, expected="staging", summary=preview.as_dict(),
                                         error_report_path=str(preview.error_report or "")):
                raise ImportRefused("not_ready", status="swept")
            audit = AuditRepository(session)
            await audit.record(officer_id, "import.preview", "import_batch", str(batch_id),
                               {**_audit_summary(preview, filename), "kind": options.kind,
                                **_audit_area(None, preview.valid)}, at=now)
            if preview.valid:
                await PublicationRepository(session).bump(now)  # the public page's figures are stale now
                await audit.record(officer_id, "import.commit", "import_batch", str(batch_id), {
                    **{k: preview.as_dict().get(k) for k in ("read", "valid", "invalid", "new", "changed")},
                    "kind": options.kind, **_audit_area(None, preview.valid)}, at=now)

        direct = DirectImport(self._sessions, self._resolver.resolve, self._limits, self._clock.today(), now)
        try:
            outcome = await direct.run(path, filename, defaults, options.policy_id, batch_id, progress, finish)
        except NotNewList:
            async with self._sessions.begin() as session:
                await ImportRepository(session, now).set_status(batch_id, "failed")
            return await self._stage_and_commit(path, filename, options, officer_id, progress)
        except BaseException as error:
            async with self._sessions.begin() as session:
                await ImportRepository(session, now).set_status(batch_id, "failed")
            if isinstance(error, ListError):
                raise ImportRefused(error.code, **error.params) from error
            if isinstance(error, (OSError, ValueError, KeyError, IndexError, TypeError, EOFError)):
                log.info("could not read an uploaded list: %s", type(error).__name__)
                raise ImportRefused("unreadable") from error
            raise
        if not preview.valid:
            return preview, None
        return preview, CommitResult(batch_id, committed=True, already=False, summary=preview.as_dict(),
                                     notifications=outcome.queued)

    async def _stage_and_commit(self, path: Path, filename: str, options: ImportOptions, officer_id: int | None,
                                progress: Progress | None) -> tuple[ImportPreview, CommitResult | None]:
        preview = await self.stage(path, filename, options, officer_id, progress)
        if preview.valid == 0:
            await self.cancel(preview.batch_id, officer_id)
            return preview, None
        return preview, await self.commit(preview.batch_id, officer_id)

    async def _set_based_checks(self, repo: ImportRepository, batch_id: int, kind: str) -> list[Rejected]:
        if kind == "approved":
            return await repo.reject_duplicates_in_file(batch_id)
        # two payments of one person in a file are "paid twice", whatever their dates
        return await repo.reject_paid_problems(batch_id)

    def _rejected_error(self, rejected: Rejected, shape: FileShape) -> RowError:
        """A row refused by a check against the lists, reported with the person's name and ID number."""
        name_header = shape.recognised.get("full_name") or self._error_message("@name_header", {})
        id_header = shape.recognised.get("id_number") or self._error_message("@id_header", {})
        raw = {name_header: rejected.full_name, id_header: rejected.id_number}
        return RowError(rejected.row_number, "", rejected.code, dict(rejected.params), raw)

    async def _read_into_staging(self, path: Path, filename: str, options: ImportOptions, batch_id: int,
                                 counts: ReadCounts, progress: Progress | None) -> None:
        """Read and convert in a worker thread, one chunk at a time; write each chunk on the event loop
        while the next one is read."""
        defaults = {"policy_text": "", "decision_number": options.decision_number,
                    "decision_date": options.decision_date, "payer": options.payer, "paid_date": options.paid_date}
        today = self._clock.today()

        def open_reader() -> ChunkReader:
            source = open_table(path, filename=filename, limits=self._limits)
            items = iter_records(source, options.kind, today=today, defaults=defaults)
            return ChunkReader(items, batch_id, options.policy_id, self._resolver, counts)

        reader = await asyncio.to_thread(open_reader)
        pending: asyncio.Future[None] | None = None
        try:
            done = False
            while not done:
                chunk, done = await asyncio.to_thread(reader.next_chunk, CHUNK_ROWS)
                if pending is not None:
                    await pending
                    pending = None
                if progress is not None and not done:  # a small file goes straight to its preview
                    await progress(counts.read)
                # The database writes this chunk while the worker thread reads the next one.
                pending = asyncio.ensure_future(self._flush(chunk))
            if pending is not None:
                await pending
                pending = None
        finally:
            if pending is not None:  # let a write in flight finish, so the clean-up after a failure sees it
                with contextlib.suppress(Exception):
                    await pending

    async def _flush(self, chunk: list[tuple[Any, ...]]) -> None:
        if chunk:
            async with self._sessions.begin() as session:
                await ImportRepository(session, self._clock.utcnow()).stage_rows(chunk)

    def _write_report(self, batch_id: int, errors: list[RowError]) -> Path:
        self._reports_dir.mkdir(parents=True, exist_ok=True)
        path = self._reports_dir / f"loi-nhap-danh-sach-{batch_id}.xlsx"
        errors.sort(key=lambda e: e.row_number)
        headers = list(dict.fromkeys(key for error in errors for key in error.raw))
        write_error_report(
            errors, path, messages=lambda e: self._error_message(e.code, dict(e.params)), headers=headers,
            reason_header=self._error_message("@reason_header", {}),
            row_header=self._error_message("@row_header", {}))
        return path

    async def commit(self, batch_id: int, officer_id: int | None, scope: OfficerScope | None = None) -> CommitResult:
        """Apply a previewed batch to the live lists in one transaction; a second call changes nothing.

        With a ``scope`` (an officer in the chat) it is refused for a supervisor and when any staged
        row lies outside the officer's area; the command line passes none.  The preview is checked
        again inside the transaction: when another import changed the same people since the preview,
        nothing is imported and the result carries the new preview."""
        self._check_officer(officer_id, scope)
        async with self._sessions.begin() as session:
            repo = ImportRepository(session, self._clock.utcnow())
            batch = await repo.batch(batch_id)
            if batch is None:
                raise ImportRefused("no_batch")
            await check_commit_scope(session, batch_id, scope)
            if batch.status == "committed":
                return CommitResult(batch_id, committed=False, already=True, summary=batch.summary,
                                    outcome=CommitOutcome.ALREADY)
            if not await repo.set_status(batch_id, "committing", expected="previewed"):
                raise ImportRefused("not_ready", status=batch.status)
            fresh = await self._recheck(repo, batch_id, batch.kind, batch.summary)
            if fresh is not None:
                await repo.set_status(batch_id, "previewed", summary=fresh)
                await AuditRepository(session).record(officer_id, "import.stale", "import_batch", str(batch_id), {
                    **{k: fresh.get(k) for k in ("read", "valid", "invalid", "new", "changed")}, "kind": batch.kind,
                    **_audit_area(scope, int(fresh.get("valid") or 0))}, at=self._clock.utcnow())
                return CommitResult(batch_id, committed=False, already=False, summary=fresh,
                                    outcome=CommitOutcome.STALE)
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
            await PublicationRepository(session).bump(now)  # the public page's figures are stale now
            await AuditRepository(session).record(officer_id, "import.commit", "import_batch", str(batch_id), {
                **{k: batch.summary.get(k) for k in ("read", "valid", "invalid", "new", "changed")},
                "kind": batch.kind, **_audit_area(scope, int(batch.summary.get("valid") or 0))}, at=now)
        return CommitResult(batch_id, committed=True, already=False, summary=batch.summary, notifications=queued)

    async def _recheck(self, repo: ImportRepository, batch_id: int, kind: str,
                       summary: dict[str, Any]) -> dict[str, Any] | None:
        """The new preview when the live lists changed since ``summary`` was shown, else None."""
        rejected = await self._set_based_checks(repo, batch_id, kind) if kind == "paid" else []
        comparison = await repo.comparison(batch_id, kind)
        if not rejected and summary.get("live") in (None, comparison.fingerprint.as_list()):
            return None  # ("live" is None for batches previewed before this check existed)
        fresh = dict(summary)
        codes = Counter(summary.get("errors_by_code") or {})
        codes.update(r.code for r in rejected)
        fresh.update(valid=int(summary.get("valid", 0)) - len(rejected),
                     invalid=int(summary.get("invalid", 0)) + len(rejected), errors_by_code=dict(codes),
                     new=comparison.new, changed=comparison.changed, unchanged=comparison.unchanged,
                     live=comparison.fingerprint.as_list())
        return fresh

    async def cancel(self, batch_id: int, officer_id: int | None) -> bool:
        async with self._sessions.begin() as session:
            repo = ImportRepository(session, self._clock.utcnow())
            if not await repo.set_status(batch_id, "cancelled", expected="previewed"):
                return False
            await repo.clear_staging(batch_id)
            await AuditRepository(session).record(officer_id, "import.cancel", "import_batch", str(batch_id), {},
                                                  at=self._clock.utcnow())
        return True

    async def recover_after_restart(self) -> Recovery:
        """Drop what a process killed in the middle of an import left behind.

        A batch still "staging" is abandoned when its owner was this machine and that process is gone
        (or is this very process: a new process that reused the pid), or when it is older than
        :data:`STAGING_ABANDONED_AFTER`; a preview older than :data:`PREVIEW_EXPIRES_AFTER` expires.
        The live lists need no repair: a commit is one transaction."""
        now = self._clock.utcnow()
        abandoned = expired = 0
        async with self._sessions.begin() as session:
            repo = ImportRepository(session, self._clock.utcnow())
            for batch_id, status, owner, created in await repo.open_batches():
                if status == "staging" and (self._owner_gone(owner) or now - created > STAGING_ABANDONED_AFTER):
                    if await repo.set_status(batch_id, "failed", expected="staging"):
                        abandoned += 1
                elif status == "previewed" and now - created > PREVIEW_EXPIRES_AFTER:
                    if await repo.set_status(batch_id, "expired", expected="previewed"):
                        expired += 1
            orphans = await repo.delete_orphan_staging()
        if abandoned or expired or orphans:
            log.info("import recovery: %d abandoned, %d expired batches, %d staged rows dropped",
                     abandoned, expired, orphans)
        return Recovery(abandoned, expired, orphans)

    def _owner_gone(self, owner: str) -> bool:
        """Whether the process that owned a staging batch is certainly dead (same machine only)."""
        host, _, pid_text = owner.rpartition(":")
        if not host or host != self._owner.rpartition(":")[0] or not pid_text.isdigit():
            return False
        pid = int(pid_text)
        if pid == os.getpid():
            return True
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            return False
        return False


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _audit_area(scope: OfficerScope | None, count: int) -> dict[str, Any]:
    """The area and size columns of an import's audit event: /nhatky filters by them.  The
    command line (no scope) leaves the area empty: it is the server's, not an officer's."""
    return {"count": count} if scope is None else audit_area(scope, count)


def _audit_summary(preview: ImportPreview, filename: str) -> dict[str, Any]:
    """What the audit trail keeps of an import: counts, never personal numbers."""
    return {"file": filename[:100], "read": preview.read, "valid": preview.valid, "invalid": preview.invalid,
            "new": preview.new, "changed": preview.changed, "unchanged": preview.unchanged}


__all__ = ["CommitOutcome", "CommitResult", "FileShape", "ImportOptions", "ImportPreview", "ImportRefused",
           "ImportService", "Recovery"]
