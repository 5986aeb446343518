"""Importing a new approved list that is already confirmed (``python -m bot import … --yes``): read,
check and write each row once, straight into the live list, in one transaction.

The staged path (read → staging table → preview → "Xác nhận" → copy) writes every row twice and
keeps it for days; it is what a chat import needs, because the officer confirms later.  When the
confirmation comes with the command and none of the file's policies has a live list yet, there is
nothing to compare and nothing to wait for: the preview is counted while the rows are written, the
error report written beside it, and the whole list commits or none of it does.  Otherwise (a
policy already has a list: rows may update others) :class:`DirectImport` says so with
:class:`NotNewList` before anything is committed and the caller takes the staged path.

Crash safety: the batch row is committed first ("staging", with its owner process), the rows in a
second transaction that also marks it "committed"; a process killed in between leaves the live list
as it was and the batch "staging", which the next start-up marks failed
(``ImportService.recover_after_restart``).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import polars as pl
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain.placement import place_record
from bot.lists import ListError, RowError, iter_records, locate_header, open_table
from bot.lists import columnar as columnar_module
from bot.lists.columnar import Block, NotColumnar, approved_blocks, columnar_possible, record_blocks
from bot.lists.limits import ListLimits
from bot.services.import_rows import ReadCounts
from storage.repositories.bulk import BulkLoader
from storage.repositories.imports import MAX_AMOUNT, STAGED_TEXT_LIMITS, ImportRepository, Rejected

log = logging.getLogger(__name__)
Progress = Callable[[int], Awaitable[None]]
Finish = Callable[[AsyncSession, "Outcome"], Awaitable[None]]
# Texts the tables keep with a length limit, checked on whole columns (bot/services/import_rows.py
# does the same row by row for the staged path).
_LIMITED = ("full_name", "commune", "district", "province", "decision_number", "sex")


class NotNewList(Exception):
    """A policy of this file already has a live list: the rows must be compared, take the staged path."""


@dataclass
class Outcome(ReadCounts):
    """What the direct import counted (the staged reader's counts, for the same preview) and refused."""

    rejected: list[Rejected] = field(default_factory=list)
    queued: int = 0


class DirectImport:
    """One confirmed import of a new approved list (see the module's docstring)."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], resolve: Callable[[str], str | None],
                 limits: ListLimits, today: date, now: datetime) -> None:
        self._sessions = sessions
        self._resolve = resolve
        self._limits = limits
        self._today = today
        self._now = now

    async def run(self, path: Path, filename: str, defaults: dict[str, Any], default_policy: str, batch_id: int,
                  progress: Progress | None, finish: Finish) -> Outcome:
        """Load the file into the live list; ``finish`` (the preview, the batch's status, the audit)
        runs in the same transaction, so the list, its batch and its record commit together.

        Raises :class:`NotNewList` (nothing written) or :class:`ListError` (a limit further down)."""
        try:
            return await self._load(path, filename, defaults, default_policy, batch_id, progress, finish,
                                    columnar=True)
        except NotColumnar as why:
            log.info("list read row by row: %s", why)
            return await self._load(path, filename, defaults, default_policy, batch_id, progress, finish,
                                    columnar=False)

    async def _load(self, path: Path, filename: str, defaults: dict[str, Any], default_policy: str, batch_id: int,
                    progress: Progress | None, finish: Finish, *, columnar: bool) -> Outcome:
        outcome = Outcome()
        blocks = await asyncio.to_thread(self._open_blocks, path, filename, defaults, columnar)
        seen = _Seen()
        async with self._sessions.begin() as session:
            loader = BulkLoader(session, batch_id, self._now)
            await loader.prepare()
            checked: set[str] = set()
            while True:
                block = await asyncio.to_thread(next, blocks, None)
                if block is None:
                    break
                frame = self._checked(block, default_policy, outcome)
                fresh = set(frame.get_column("policy_id").unique().to_list()) - checked
                if fresh:
                    if await loader.policies_in_use(fresh):
                        raise NotNewList()
                    checked |= fresh
                frame, dropped, replaced = seen.add(frame)
                outcome.rejected += dropped
                if replaced:
                    names = await loader.delete([(policy, number) for _, policy, number in replaced])
                    outcome.rejected += [_duplicate(row, number, names.get((policy, number), ""))
                                         for row, policy, number in replaced]
                await loader.write(_placed(frame))
                if progress is not None:
                    await progress(outcome.read)
            await loader.finish()
            outcome.valid -= len(outcome.rejected)
            outcome.invalid += len(outcome.rejected)
            outcome.queued = await _notify(session, batch_id, self._now)
            await finish(session, outcome)
        return outcome

    def _open_blocks(self, path: Path, filename: str, defaults: dict[str, Any], columnar: bool) -> Iterator[Block]:
        source = open_table(path, filename=filename, limits=self._limits)
        header = locate_header(source.rows(), kind="approved")
        if header is None:
            raise ListError("no_header")
        if columnar and columnar_possible(source, header, "approved"):
            return approved_blocks(source, header, today=self._today, defaults=defaults,
                                   block_bytes=columnar_module.BLOCK_BYTES)
        return record_blocks(iter_records(source, "approved", today=self._today, defaults=defaults, header=header))

    def _checked(self, block: Block, default_policy: str, outcome: Outcome) -> pl.DataFrame:
        """The block's valid rows with their policy; rows without a known policy, or with a value the
        tables refuse, become row errors (as :class:`~bot.services.import_rows.ChunkReader` does)."""
        frame = block.records
        outcome.read += frame.height + len(block.errors)
        outcome.invalid += len(block.errors)
        outcome.skipped += block.skipped
        outcome.errors += block.errors
        names = {text: self._resolve_policy(text, default_policy)
                 for text in frame.get_column("policy_text").unique().to_list()}
        frame = frame.with_columns(policy_id=pl.col("policy_text").replace_strict(names, default=""))
        problem = pl.when(pl.col("policy_id") == "").then(pl.lit("policy_unknown"))
        for name in _LIMITED:
            problem = problem.when(pl.col(name).str.len_chars() > STAGED_TEXT_LIMITS[name]).then(pl.lit(f"long:{name}"))
        problem = problem.when(~pl.col("amount").is_between(1, MAX_AMOUNT)).then(pl.lit("amount_invalid"))
        frame = frame.with_columns(_problem=problem.otherwise(pl.lit(None, pl.String)))
        bad = frame.filter(pl.col("_problem").is_not_null())
        for number, code, text in bad.select("row_number", "_problem", "policy_text").iter_rows():
            if code == "policy_unknown":
                outcome.errors.append(RowError(number, "policy", "policy_unknown", {"text": text}, {}))
            elif code.startswith("long:"):
                name = code[5:]
                outcome.errors.append(RowError(number, name, "text_too_long", {"limit": STAGED_TEXT_LIMITS[name]}, {}))
            else:
                outcome.errors.append(RowError(number, "amount", "amount_invalid", {}, {}))
        outcome.invalid += bad.height
        good = frame.filter(pl.col("_problem").is_null()).drop("_problem")
        outcome.valid += good.height
        return good

    def _resolve_policy(self, text: str, default_policy: str) -> str:
        return self._resolve(text) or default_policy if text else default_policy


class _Seen:
    """(policy, ID number) → the row already loaded for it, to keep the last row of a person like the
    staged path does ("duplicate_in_file" for the earlier ones).  Kept as one 64-bit key and a row
    number per row (12 bytes: a million rows take 12 MB)."""

    def __init__(self) -> None:
        self._keys = pl.DataFrame(schema={"key": pl.UInt64, "row_number": pl.Int64})
        self._policies: dict[str, int] = {}

    def _key(self, frame: pl.DataFrame) -> pl.Expr:
        for policy in frame.get_column("policy_id").unique().to_list():
            self._policies.setdefault(policy, len(self._policies))
        number = pl.col("id_number")
        # 9-digit CMND and 12-digit CCCD never share a key: CMNDs are offset by 10^12.
        return (pl.col("policy_id").replace_strict(self._policies, return_dtype=pl.UInt64) * 2_000_000_000_000
                + pl.when(number.str.len_chars() == 9).then(pl.lit(1_000_000_000_000, pl.UInt64)).otherwise(0)
                + number.cast(pl.UInt64)).alias("key")

    def add(self, frame: pl.DataFrame) -> tuple[pl.DataFrame, list[Rejected], list[tuple[int, str, str]]]:
        """``frame`` without its rows that a later row of the same block replaces; the rows of this
        block so dropped; and (row number, policy, ID) of rows loaded before that this block replaces."""
        frame = frame.sort("row_number").with_columns(self._key(frame))
        last = frame.get_column("key").is_last_distinct()
        within, frame = frame.filter(~last), frame.filter(last)
        dropped = [_duplicate(n, i, name) for n, i, name
                   in within.select("row_number", "id_number", "full_name").iter_rows()]
        keys = frame.select("key", "row_number")
        earlier = self._keys.join(keys.select("key"), on="key", how="semi")
        replaced: list[tuple[int, str, str]] = []
        if earlier.height:
            self._keys = self._keys.join(earlier.select("key"), on="key", how="anti")
            who = earlier.join(frame.select("key", "policy_id", "id_number"), on="key")
            replaced = list(who.select("row_number", "policy_id", "id_number").iter_rows())
        self._keys = pl.concat([self._keys, keys], rechunk=False)
        return frame.drop("key"), dropped, replaced


def _duplicate(row_number: int, id_number: str, full_name: str) -> Rejected:
    return Rejected(row_number, "duplicate_in_file", {}, id_number, full_name)


@lru_cache(maxsize=16384)
def _place(commune: str, district: str, province: str) -> tuple[str, str]:
    placement = place_record(commune, district, province)
    return (placement.province_code, placement.ward_code) if placement.placed else ("", "")


def _placed(frame: pl.DataFrame) -> pl.DataFrame:
    """Each row's province and commune of today, converting each distinct old address once."""
    addresses = frame.select("commune", "district", "province").unique()
    codes = [_place(c, d, p) for c, d, p in addresses.iter_rows()]
    addresses = addresses.with_columns(current_province_code=pl.Series([c[0] for c in codes], dtype=pl.String),
                                       current_ward_code=pl.Series([c[1] for c in codes], dtype=pl.String))
    return frame.join(addresses, on=["commune", "district", "province"], how="left", nulls_equal=True)


async def _notify(session: AsyncSession, batch_id: int, now: datetime) -> int:
    """Applications approved by this list and subscribers of its people are told (the outbox)."""
    repo = ImportRepository(session, now)
    dialect = session.bind.dialect.name
    queued = 0
    for chat_id, code, policy_id in await repo.approve_matching_applications(batch_id, now, live=True):
        await repo.queue_notification(dialect, chat_id, "application_approved", f"app:{code}:approved",
                                      {"reference_code": code, "policy_id": policy_id}, "vi", now)
        queued += 1
    for chat_id, locale, row in await repo.subscribers_of_batch(batch_id, live=True):
        await repo.queue_notification(dialect, chat_id, "approved",
                                      f"approved:{row['policy_id']}:{row['decision_number']}", row, locale, now)
        queued += 1
    return queued


__all__ = ["DirectImport", "NotNewList", "Outcome"]
