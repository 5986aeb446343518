"""SQLite through aiosqlite with ONE hand-off to its thread per statement, not four.

Why: SQLAlchemy's aiosqlite adapter opens a cursor, executes, fetches and closes it as four
separate round trips to aiosqlite's thread (each a queue put, a thread wake-up, a future resolved
on the event loop, and a fight for the GIL).  A status lookup step runs about six statements, so
the bot spent more CPU handing work to that thread than SQLite spent running it: the profile of
``bench/lookup_rate.py`` showed ~46 hand-offs per update and ``SimpleQueue.put_nowait`` as the
single most expensive call.  Here the four steps run together in the thread (one function:
cursor, execute, fetch every row, close) and the results come back at once.  Semantics are the
driver's own: same sqlite3 connection, same thread, same transactions, same errors; SQLAlchemy
already buffers every row of a non-streaming cursor, as this does.

Used through :func:`onehop_module` as the engine's DBAPI module (``create_async_engine(...,
module=...)``); the URL stays ``sqlite+aiosqlite``.  Server-side (streaming) cursors keep the
stock adapter.  Relies on ``aiosqlite.Connection._execute`` (the same queue SQLAlchemy's adapter
already uses directly); when an aiosqlite lacks it, the stock adapter is used.
"""

from __future__ import annotations

import collections
import sqlite3
from typing import Any

import aiosqlite
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection, AsyncAdapt_aiosqlite_cursor, AsyncAdapt_aiosqlite_dbapi,
)
from sqlalchemy.util import EMPTY_DICT
from sqlalchemy.util.concurrency import await_

_Result = tuple[Any, list[Any], int, Any]  # description, rows, rowcount, lastrowid


def _run_one(connection: aiosqlite.Connection, operation: str, parameters: Any) -> _Result:
    """In aiosqlite's thread: the whole life of one cursor."""
    cursor = connection._conn.cursor()
    try:
        if parameters is None:
            cursor.execute(operation)
        else:
            cursor.execute(operation, parameters)
        description = cursor.description
        rows = cursor.fetchall() if description else []
        return description, rows, cursor.rowcount, cursor.lastrowid
    finally:
        cursor.close()


def _run_many(connection: aiosqlite.Connection, operation: str, parameters: Any) -> _Result:
    cursor = connection._conn.cursor()
    try:
        cursor.executemany(operation, parameters)
        return cursor.description, [], cursor.rowcount, cursor.lastrowid
    finally:
        cursor.close()


class OneHopCursor(AsyncAdapt_aiosqlite_cursor):
    """A buffered cursor whose execute is one trip to aiosqlite's thread."""

    __slots__ = ("_description", "_rowcount", "_lastrowid", "_arraysize")

    def __init__(self, adapt_connection: AsyncAdapt_aiosqlite_connection) -> None:  # no cursor opened here
        self._adapt_connection = adapt_connection
        self._connection = adapt_connection._connection
        self._cursor = None  # type: ignore[assignment]
        self._soft_closed_memoized = EMPTY_DICT
        self._rows = collections.deque()
        self._description: Any = None
        self._rowcount = -1
        self._lastrowid: Any = None
        self._arraysize = 1

    @property
    def description(self) -> Any:
        return self._description

    @property
    def rowcount(self) -> int:
        return self._rowcount

    @property
    def lastrowid(self) -> Any:
        return self._lastrowid

    @property
    def arraysize(self) -> int:
        return self._arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._arraysize = value

    async def _async_soft_close(self) -> None:
        return None  # nothing is open: the rows are already here

    def close(self) -> None:
        self._rows.clear()

    def setinputsizes(self, *inputsizes: Any) -> None:
        return None

    async def _execute_async(self, operation: Any, parameters: Any) -> Any:
        async with self._adapt_connection._execute_mutex:
            result = await self._connection._execute(_run_one, self._connection, operation, parameters)
        self._description, rows, self._rowcount, self._lastrowid = result
        if rows:
            self._rows = collections.deque(rows)
        return None

    async def _executemany_async(self, operation: Any, seq_of_parameters: Any) -> Any:
        async with self._adapt_connection._execute_mutex:
            result = await self._connection._execute(_run_many, self._connection, operation, seq_of_parameters)
        self._description, _rows, self._rowcount, self._lastrowid = result
        return None


class OneHopConnection(AsyncAdapt_aiosqlite_connection):
    __slots__ = ()
    _cursor_cls = OneHopCursor


class OneHopDBAPI(AsyncAdapt_aiosqlite_dbapi):
    """The aiosqlite DBAPI shim, handing out :class:`OneHopConnection`."""

    def connect(self, *arg: Any, **kw: Any) -> AsyncAdapt_aiosqlite_connection:
        stock = super().connect(*arg, **kw)
        return OneHopConnection(self, stock._connection)


def onehop_module() -> AsyncAdapt_aiosqlite_dbapi | None:
    """The DBAPI module for ``create_async_engine(module=...)``; None: keep SQLAlchemy's own."""
    if not callable(getattr(aiosqlite.Connection, "_execute", None)):
        return None
    return OneHopDBAPI(aiosqlite, sqlite3)
