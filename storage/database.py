"""Engine and session factory construction.

Only the composition root calls these.  SQLite gets WAL mode (readers do not block the writer,
and a crash never leaves a half-written page) and foreign keys; PostgreSQL is used as is.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from storage.sqlite_onehop import onehop_module


def make_engine(url: str, **kwargs: Any) -> AsyncEngine:
    """Create the async engine for ``url`` with the pragmas each backend needs."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        module = onehop_module() if parsed.get_driver_name() == "aiosqlite" else None
        if module is not None and "module" not in kwargs:  # one hand-off per statement (storage/sqlite_onehop.py)
            kwargs["module"] = module
        engine = create_async_engine(url, connect_args={"timeout": 30}, **kwargs)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    return create_async_engine(url, pool_pre_ping=True, **kwargs)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def make_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """One session per unit of work; objects stay usable after commit."""
    return async_sessionmaker(engine, expire_on_commit=False)


def is_database_unavailable(error: BaseException | None) -> bool:
    """Whether ``error`` means the database could not be reached (down, restarting, locked).

    Such a failure is passing: the user is asked to try again in a moment, and the pool's
    pre-ping (PostgreSQL) or a fresh connection (SQLite) recovers without a restart.
    """
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, (sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.DisconnectionError,
                              sa_exc.TimeoutError, ConnectionError, TimeoutError)):
            return True
        if isinstance(error, sa_exc.DBAPIError) and error.connection_invalidated:
            return True
        if type(error).__module__.startswith("asyncpg") and "Connection" in type(error).__name__:
            return True
        error = error.__cause__ or error.__context__
    return False
