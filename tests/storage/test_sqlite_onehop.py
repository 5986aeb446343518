"""The one-trip SQLite adapter behaves as the driver does: rows, counts, ids, errors, rollback.

Every SQLite test goes through it (``make_engine``); this pins the cursor details SQLAlchemy reads
(description, rowcount, lastrowid, executemany, RETURNING) and that one trip per statement it is.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import exc, text

from storage.database import make_engine
from storage.sqlite_onehop import OneHopDBAPI
from storage.statements import StatementCounter


async def test_rows_counts_ids_and_errors_as_the_driver_gives_them(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'one.db'}")
    assert isinstance(engine.sync_engine.dialect.loaded_dbapi, OneHopDBAPI)
    try:
        async with engine.begin() as conn:
            await conn.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)"))
            first = await conn.execute(text("INSERT INTO t (v) VALUES (:v)"), {"v": "a"})
            assert (first.rowcount, first.lastrowid) == (1, 1)
            await conn.execute(text("INSERT INTO t (v) VALUES (:v)"), [{"v": "b"}, {"v": "c"}])
            returned = await conn.execute(text("INSERT INTO t (v) VALUES ('d') RETURNING id, v"))
            assert returned.all() == [(4, "d")]
            changed = await conn.execute(text("UPDATE t SET v = 'z' WHERE id > 2"))
            assert changed.rowcount == 2
            rows = await conn.execute(text("SELECT id, v FROM t ORDER BY id"))
            assert list(rows.keys()) == ["id", "v"]
            assert rows.all() == [(1, "a"), (2, "b"), (3, "z"), (4, "z")]
        with pytest.raises(exc.IntegrityError):
            async with engine.begin() as conn:
                await conn.execute(text("DELETE FROM t WHERE id = 1"))
                await conn.execute(text("INSERT INTO t (v) VALUES (NULL)"))
        async with engine.connect() as conn:  # the failed transaction changed nothing
            assert (await conn.execute(text("SELECT count(*) FROM t"))).scalar() == 4
    finally:
        await engine.dispose()


async def test_a_statement_is_one_trip_to_the_driver_thread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import aiosqlite

    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'trips.db'}")
    trips = 0
    plain = aiosqlite.Connection._execute

    async def counted(self, fn, *args, **kwargs):  # type: ignore[no-untyped-def]
        nonlocal trips
        trips += 1
        return await plain(self, fn, *args, **kwargs)

    counter = StatementCounter().attach(engine)
    try:
        async with engine.connect() as conn:
            await conn.execute(text("SELECT 1"))  # connect and warm up outside the count
            monkeypatch.setattr(aiosqlite.Connection, "_execute", counted)
            counter.reset()
            for _ in range(5):
                assert (await conn.execute(text("SELECT 2"))).scalar() == 2
        assert len(counter.statements) == 5
        assert trips == 5 + 1  # five statements, then the pool's reset (rollback) when the connection returns
    finally:
        counter.detach(engine)
        await engine.dispose()
