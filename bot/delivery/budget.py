"""Rate budgets: how fast bulk messages may go, globally and to one chat.

Token buckets on the monotonic clock.  They pace sending only; the time of day that decides what is
due comes from the injected :class:`bot.services.clock.Clock`.
"""

from __future__ import annotations

import asyncio
import time


class RateBudget:
    """At most ``rate`` sends a second on average, bursts of at most ``burst`` sends.

    ``pause`` (Telegram's 429 ``retry_after``) stops every sender until the time has passed.
    """

    def __init__(self, rate: float, burst: float | None = None) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.rate = rate
        self.burst = max(1.0, burst if burst is not None else rate * 0.25)
        self._tokens = 1.0
        self._stamp = time.monotonic()
        self._paused_until = 0.0
        self._lock = asyncio.Lock()

    def _refill(self, now: float) -> None:
        self._tokens = min(self.burst, self._tokens + (now - self._stamp) * self.rate)
        self._stamp = now

    async def acquire(self) -> None:
        async with self._lock:  # first come, first served: nobody starves
            while True:
                now = time.monotonic()
                if now < self._paused_until:
                    await asyncio.sleep(self._paused_until - now)
                    continue
                self._refill(now)
                if self._tokens >= 1.0:
                    self._tokens -= 1.0
                    return
                await asyncio.sleep((1.0 - self._tokens) / self.rate)

    def pause(self, seconds: float) -> None:
        until = time.monotonic() + max(0.0, seconds)
        if until > self._paused_until:
            self._paused_until = until
            self._tokens = 0.0
            self._stamp = until


class ChatSpacing:
    """At most one bulk message a second to one chat (Telegram's per-chat limit)."""

    def __init__(self, interval: float = 1.0) -> None:
        self.interval = interval
        self._last: dict[int, float] = {}

    async def wait(self, chat_id: int) -> bool:
        """Wait until the chat may get the next message; True if that took a wait."""
        now = time.monotonic()
        last = self._last.get(chat_id)
        waited = last is not None and now - last < self.interval
        if waited:
            await asyncio.sleep(self.interval - (now - last))  # type: ignore[operator]
            now = time.monotonic()
        self._last[chat_id] = now
        if len(self._last) > 50_000:  # forget chats not written to for a while
            self._last = {c: t for c, t in self._last.items() if now - t < self.interval}
        return waited

    def sent(self, chat_id: int) -> None:
        """Count the interval from when the send ended: Telegram sees it arrive later than it left."""
        self._last[chat_id] = time.monotonic()
