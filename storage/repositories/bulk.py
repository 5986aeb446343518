"""Loading a new approved list straight into ``approved_entries``: one write per row, in the caller's
transaction, through each database's own bulk path.

SQLite: ``executemany`` of one prepared INSERT on the raw ``sqlite3`` connection (no SQLAlchemy
statement per row); the table's secondary indexes are dropped and built again after the load when
the table was empty (SQLite's DDL is transactional and readers keep their snapshot under WAL).
PostgreSQL: ``COPY`` through asyncpg's ``copy_records_to_table``; indexes stay (dropping one there
would lock out every status lookup until the import ends).

The columns written come from the list schema (``bot/lists/schema.py``: ``stored``) plus what the
import adds (policy, placement, batch, time).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime, timezone

import polars as pl
from sqlalchemy import delete, select, text, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from bot.lists import schema
from storage.models import ApprovedEntry

# What the import adds to the columns the schema stores.
_ADDED = ("policy_id", "name_key", "current_province_code", "current_ward_code", "row_hash", "batch_id",
          "updated_at")
APPROVED_COLUMNS: tuple[str, ...] = (
    *dict.fromkeys(c.stored_as(schema.APPROVED) for c in (*schema.COLUMNS, *schema.ID_COLUMNS)
                   if c.stored_as(schema.APPROVED)),
    *_ADDED,
)
# Rows turned into Python tuples at once for one executemany / COPY: bounds the import's Python
# memory (about 4 MB) whatever the size of a block.
CHUNK_ROWS = 5_000
# Indexes of approved_entries that are built again after loading into an empty table (SQLite).
_REBUILT = {
    "ix_approved_id_number": "CREATE INDEX ix_approved_id_number ON approved_entries (id_number)",
    "ix_approved_entries_area": "CREATE INDEX ix_approved_entries_area ON approved_entries "
                                "(current_province_code, current_ward_code)",
}


class BulkLoader:
    """Writes blocks of validated rows (a polars frame whose columns include
    :data:`APPROVED_COLUMNS` but the added ones) inside the session's transaction."""

    def __init__(self, session: AsyncSession, batch_id: int, now: datetime) -> None:
        self._session = session
        self._batch_id = batch_id
        self._now = now.astimezone(timezone.utc)
        self._dialect = ""
        self._dropped: list[str] = []

    async def policies_in_use(self, policy_ids: Iterable[str]) -> set[str]:
        """Which of ``policy_ids`` already have rows in the live list (from another import)."""
        ids = sorted(set(policy_ids))
        if not ids:
            return set()
        rows = await self._session.execute(
            select(ApprovedEntry.policy_id).where(ApprovedEntry.policy_id.in_(ids),
                                                  ApprovedEntry.batch_id != self._batch_id).distinct())
        return {r for (r,) in rows}

    async def prepare(self) -> None:
        """Before the first block: on SQLite with an empty table, drop the indexes built after."""
        connection = await self._session.connection()
        self._dialect = connection.dialect.name
        if self._dialect != "sqlite":
            return
        # A page cache for the unique index being filled in random order: the default 2 MB made
        # each insert a page miss (2x slower on 200,000 rows).  16 MB, not 64: on a million rows 64 MB
        # peaked at 355-368 MB against 283-298 MB (the target is 300 MB), at the same CPU time (52 s).
        await self._session.execute(text("PRAGMA cache_size = -16384"))
        if await self._session.scalar(select(ApprovedEntry.id).limit(1)) is not None:
            return
        # Python's sqlite3 opens the transaction only at the first data change, so a DROP INDEX
        # before one would commit on its own (and survive a rollback): change nothing first.
        await self._session.execute(text("DELETE FROM approved_entries WHERE 0"))
        for name in _REBUILT:
            await self._session.execute(text(f"DROP INDEX IF EXISTS {name}"))
            self._dropped.append(name)

    async def finish(self) -> None:
        """After the last block: build the dropped indexes once, from the loaded rows."""
        for name in self._dropped:
            await self._session.execute(text(_REBUILT[name]))
        self._dropped = []

    async def write(self, frame: pl.DataFrame) -> None:
        """Insert every row of ``frame``."""
        if frame.height == 0:
            return
        connection = await self._session.connection()
        raw = (await connection.get_raw_connection()).driver_connection
        if self._dialect == "postgresql":
            frame = frame.with_columns(row_hash=pl.lit(""), batch_id=pl.lit(self._batch_id), updated_at=pl.lit(self._now))
            frame = frame.select(APPROVED_COLUMNS)
            for chunk in _chunks(frame):
                await raw.copy_records_to_table(  # type: ignore[union-attr]
                    "approved_entries", records=_rows(chunk), columns=list(APPROVED_COLUMNS))
            return
        # SQLite keeps dates as ISO text and times as naive UTC text (what SQLAlchemy writes).  What is
        # the same on every row is written into the statement (ours, never the file's): fewer values
        # to bind per row (about 15% of the load's time).
        frame = frame.with_columns(pl.col("birth_date", "decision_date").dt.strftime("%Y-%m-%d"))
        constant = {"row_hash": "''", "batch_id": str(int(self._batch_id)),
                    "updated_at": "'" + self._now.replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f") + "'"}
        bound = [c for c in APPROVED_COLUMNS if c not in constant]
        sql = (f"INSERT INTO approved_entries ({', '.join(bound)}, {', '.join(constant)}) "
               f"VALUES ({', '.join('?' for _ in bound)}, {', '.join(constant.values())})")
        # In key order: the unique index (policy, ID) is then filled page by page within a block.
        # A few thousand rows per executemany: only those are ever Python objects at once.
        frame = frame.sort("policy_id", "id_number").select(bound)
        for chunk in _chunks(frame):
            await raw.executemany(sql, _rows(chunk))  # type: ignore[union-attr]

    async def delete(self, keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], str]:
        """Delete the rows of this load that a later row of the same file replaces (policy, ID
        number); their names, for the error report."""
        names: dict[tuple[str, str], str] = {}
        for start in range(0, len(keys), 500):
            where = (ApprovedEntry.batch_id == self._batch_id,
                     tuple_(ApprovedEntry.policy_id, ApprovedEntry.id_number).in_(list(keys[start:start + 500])))
            rows = await self._session.execute(
                select(ApprovedEntry.policy_id, ApprovedEntry.id_number, ApprovedEntry.full_name).where(*where))
            names.update({(p, i): n for p, i, n in rows})
            await self._session.execute(delete(ApprovedEntry).where(*where))
        return names


def _chunks(frame: pl.DataFrame) -> Iterator[pl.DataFrame]:
    """Zero-copy slices of ``frame`` of :data:`CHUNK_ROWS` rows."""
    size = CHUNK_ROWS
    for start in range(0, frame.height, size):
        yield frame.slice(start, size)


def _rows(frame: pl.DataFrame) -> list[tuple[object, ...]]:
    """The frame's rows as tuples: whole columns to Python lists, zipped (a third cheaper than
    ``iter_rows``, measured on a million rows).  A list, not the ``zip`` itself: aiosqlite's worker
    thread keeps its last call's arguments until the next call, and an exhausted ``zip`` still holds
    every column list but the first (measured: 20 MB per 25,000-row block kept alive that way)."""
    return list(zip(*(frame.get_column(name).to_list() for name in frame.columns)))


__all__ = ["APPROVED_COLUMNS", "BulkLoader"]
