"""Telegram's flood limits, as the local Bot API server enforces them when asked to.

Off by default (the existing tests send freely); tests and benchmarks switch them on with
``World.limits = FloodLimits(...)``.  Above the global rate or one chat's rate a send is answered
``429 Too Many Requests: retry after N`` with ``parameters.retry_after``, as Telegram does.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

SEND_METHODS = frozenset({"sendmessage", "senddocument", "sendphoto", "copymessage"})


@dataclass
class _Bucket:
    rate: float
    burst: float
    tokens: float = -1.0
    stamp: float = 0.0

    def take(self, now: float) -> float:
        """0 when a send is allowed now, else the seconds until it would be."""
        if self.tokens < 0:
            self.tokens, self.stamp = self.burst, now
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return 0.0
        return (1.0 - self.tokens) / self.rate


@dataclass
class FloodLimits:
    """``global_rate`` sends a second for the bot (1 s of burst) and ``chat_rate`` a second per chat."""

    global_rate: float = 30.0
    chat_rate: float = 1.0
    chat_burst: float = 3.0
    rejected: int = 0
    _global: _Bucket | None = None
    _chats: dict[int, _Bucket] = field(default_factory=dict)

    def check(self, chat_id: int, now: float | None = None) -> int:
        """0 to let a send through, else the ``retry_after`` seconds to answer with."""
        now = time.monotonic() if now is None else now
        if self._global is None:
            self._global = _Bucket(self.global_rate, max(1.0, self.global_rate))
        chat = self._chats.get(chat_id)
        if chat is None:
            chat = self._chats[chat_id] = _Bucket(self.chat_rate, self.chat_burst)
        wait = chat.take(now)
        if wait > 0:
            self.rejected += 1
            return max(1, math.ceil(wait))
        wait = self._global.take(now)
        if wait > 0:
            chat.tokens = min(chat.burst, chat.tokens + 1.0)  # the chat's token was not used after all
            self.rejected += 1
            return max(1, math.ceil(wait))
        return 0
