"""Count the SQL a piece of work sends: statements, writes, transactions, connection checkouts, time.

Why: a status lookup must stay "one indexed read and at most one small write"; the test of that
(tests/storage/test_lookup_statements.py) and the benches (bench/lookup_rate.py, bench/scale.py,
which print database time per update) need the same figures, taken from the engine itself rather
than guessed from the code.  Listening costs a few microseconds a statement; nothing listens
unless a caller attaches a :class:`StatementCounter`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

WRITE_VERBS = frozenset({"INSERT", "UPDATE", "DELETE", "REPLACE", "UPSERT", "MERGE"})
_WROTE = "statement_counter_wrote"
CONTROL_VERBS = frozenset({"BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "PRAGMA", "SET", "SHOW"})


def verb_of(statement: str) -> str:
    """The statement's first keyword, upper case (``WITH … INSERT`` counts by its first word)."""
    stripped = statement.lstrip(" (\n\t")
    return stripped.split(None, 1)[0].upper() if stripped else ""


@dataclass
class StatementCounter:
    """What an engine executed while attached: every statement's text, writes, commits, seconds."""

    statements: list[str] = field(default_factory=list)
    commits: int = 0
    write_transactions: int = 0  # commits of a transaction that wrote something
    rollbacks: int = 0
    checkouts: int = 0  # connections taken from the pool: units of work (sessions) that touched the database
    seconds: float = 0.0
    _started: dict[int, float] = field(default_factory=dict, repr=False)

    @property
    def writes(self) -> list[str]:
        return [s for s in self.statements if verb_of(s) in WRITE_VERBS]

    @property
    def reads(self) -> list[str]:
        return [s for s in self.statements if verb_of(s) not in WRITE_VERBS | CONTROL_VERBS]

    def reset(self) -> None:
        self.statements.clear()
        self.commits = self.rollbacks = self.write_transactions = self.checkouts = 0
        self.seconds = 0.0

    # -- listeners (sync engine events; they run inside the async engine's greenlet) ----------

    def _before(self, _conn: Any, _cursor: Any, statement: str, _params: Any, context: Any, many: bool) -> None:
        self._started[id(context)] = time.perf_counter()

    def _after(self, conn: Any, _cursor: Any, statement: str, _params: Any, context: Any, many: bool) -> None:
        started = self._started.pop(id(context), None)
        if started is not None:
            self.seconds += time.perf_counter() - started
        verb = verb_of(statement)
        if verb not in CONTROL_VERBS:
            self.statements.append(statement)
        if verb in WRITE_VERBS:
            conn.info[_WROTE] = True

    def _commit(self, conn: Any) -> None:
        self.commits += 1
        if conn.info.pop(_WROTE, False):
            self.write_transactions += 1

    def _checkout(self, _dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        self.checkouts += 1

    def _rollback(self, conn: Any) -> None:
        self.rollbacks += 1
        conn.info.pop(_WROTE, None)

    def attach(self, engine: AsyncEngine) -> StatementCounter:
        sync = engine.sync_engine
        event.listen(sync, "before_cursor_execute", self._before)
        event.listen(sync, "after_cursor_execute", self._after)
        event.listen(sync, "commit", self._commit)
        event.listen(sync, "rollback", self._rollback)
        event.listen(sync.pool, "checkout", self._checkout)
        return self

    def detach(self, engine: AsyncEngine) -> None:
        sync = engine.sync_engine
        event.remove(sync, "before_cursor_execute", self._before)
        event.remove(sync, "after_cursor_execute", self._after)
        event.remove(sync, "commit", self._commit)
        event.remove(sync, "rollback", self._rollback)
        event.remove(sync.pool, "checkout", self._checkout)
