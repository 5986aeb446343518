"""Replies first: bulk sending waits while the bot is answering someone.

Replies and bulk sends share one event loop, one CPU and (on SQLite) one writer.  Measured with
``bench/broadcast.py``, a citizen's reply during a 1000/s broadcast waited behind the sender's
callbacks and its ledger transactions.  The update processor marks every update it is handling
(``busy``); the sender asks :meth:`ReplyGate.clear` before starting a send or a ledger
transaction and so uses the gaps between replies.  The budget's burst catches up the time lost,
so the rate holds.  Under a constant stream of replies bulk sending is never starved: after
waiting ``max_wait`` it gets a free pass for as long again (at least half of the time).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Iterator


class ReplyGate:
    def __init__(self, max_wait: float = 0.2) -> None:
        self.max_wait = max_wait
        self._busy = 0
        self._idle = asyncio.Event()
        self._idle.set()
        self._free_until = 0.0
        self.waited = 0.0  # seconds bulk sending has given way to replies (for the bench)

    @property
    def busy(self) -> int:
        return self._busy

    @contextlib.contextmanager
    def replying(self) -> Iterator[None]:
        """Around the handling of one update (its reply included)."""
        self._busy += 1
        self._idle.clear()
        try:
            yield
        finally:
            self._busy -= 1
            if self._busy == 0:
                self._idle.set()

    async def clear(self) -> None:
        """Return once no reply is being made (or after ``max_wait``, then a free pass as long)."""
        if self._busy == 0:
            return
        now = time.monotonic()
        if now < self._free_until:
            return
        try:
            await asyncio.wait_for(self._idle.wait(), self.max_wait)
        except asyncio.TimeoutError:
            self._free_until = time.monotonic() + self.max_wait
        self.waited += time.monotonic() - now
