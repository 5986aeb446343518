"""Replies to people are never throttled; a 429 is waited out a bounded number of times.

PTB's ``AIORateLimiter`` queued every reply behind a 30/s bucket, so with many people at once
each waited for the others (and would wait behind a broadcast).  Bulk sending has its own budget
(``bot.delivery.budget``); replies go straight out and only react when Telegram says to wait.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

log = logging.getLogger(__name__)

MAX_RETRIES = 3
MAX_WAIT_SECONDS = 30.0


class ReplyRetry(BaseRateLimiter[None]):
    """No waiting before a request; on 429 sleep ``retry_after`` and try again, at most 3 times."""

    def __init__(self, max_retries: int = MAX_RETRIES, max_wait: float = MAX_WAIT_SECONDS) -> None:
        self.max_retries = max_retries
        self.max_wait = max_wait

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        for attempt in range(self.max_retries + 1):
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as error:
                wait = error.retry_after
                seconds = wait.total_seconds() if hasattr(wait, "total_seconds") else float(wait)
                if attempt >= self.max_retries or seconds > self.max_wait:
                    raise
                log.info("%s: flood limit, retrying in %.0f s", endpoint, seconds)
                await asyncio.sleep(seconds)
        raise AssertionError("unreachable")
