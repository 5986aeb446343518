"""How many bulk sends may be in flight at once: as many as the network needs, no more than the loop takes.

At 1000 messages a second over a 100 ms round trip to Telegram a hundred sends must be in flight;
against a nearby server a dozen do.  A fixed 64 was too few for the first and, when the process is
short of CPU, too many for the second: the event loop then queued the callbacks of 64 sends ahead of
every citizen's reply (``bench/broadcast.py``: a reply's time in the bot 111 ms with 12 in flight,
261 ms with 64, at the same achieved rate).  So the limit follows the loop's own delay: a 20 ms
sleep that wakes more than 10 ms late means work is queueing in this process, and the limit
shrinks by a quarter; while it wakes on time and the limit is what holds sending back, it grows.
"""

from __future__ import annotations

import asyncio
import statistics
import time

TICK = 0.02


class InFlight:
    def __init__(self, floor: int = 4, ceiling: int = 128, start: int = 16,
                 late: float = 0.010, on_time: float = 0.004) -> None:
        self.floor, self.ceiling = floor, ceiling
        self.limit = max(floor, min(ceiling, start))
        self.late, self.on_time = late, on_time
        self._active = 0
        self._bound = False  # a send had to wait for a slot since the last look
        self._changed = asyncio.Event()  # a slot was freed or the limit grew

    @property
    def active(self) -> int:
        return self._active

    async def acquire(self) -> None:
        while self._active >= self.limit:
            self._bound = True
            self._changed.clear()
            await self._changed.wait()
        self._active += 1

    async def release(self) -> None:
        self._active -= 1
        self._changed.set()

    def adjust(self, lag: float) -> None:
        """One look at the loop's delay (seconds late over a short sleep)."""
        if lag > self.late:
            self.limit = max(self.floor, int(self.limit * 0.75))
        elif lag < self.on_time and self._bound:
            self.limit = min(self.ceiling, self.limit + max(1, self.limit // 8))
            self._changed.set()
        self._bound = False

    async def watch(self, stop: asyncio.Event, samples: int = 5) -> None:
        """Measure the loop's delay while sending runs and adjust the limit every ``samples`` ticks."""
        lags: list[float] = []
        while not stop.is_set():
            started = time.monotonic()
            await asyncio.sleep(TICK)
            lags.append(max(0.0, time.monotonic() - started - TICK))
            if len(lags) >= samples:
                self.adjust(statistics.median(lags))
                lags.clear()
