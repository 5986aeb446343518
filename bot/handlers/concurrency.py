"""Updates of different chats run concurrently; updates of one chat run in order.

PTB's own choice is all-or-nothing: sequential processing (one officer's long import stalls
every citizen) or full concurrency (two quick messages of one citizen could be answered out of
order).  Dialog state is already protected by optimistic versioning in the database; this keeps
each chat's replies in the order the person wrote.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from bot.delivery.priority import ReplyGate
from bot.metrics import BotMetrics


class PerChatUpdateProcessor(BaseUpdateProcessor):
    def __init__(self, max_concurrent_updates: int = 64, metrics: BotMetrics | None = None,
                 gate: ReplyGate | None = None) -> None:
        super().__init__(max_concurrent_updates)
        self.gate = gate or ReplyGate()  # bulk sending gives way while an update is handled
        self._locks: dict[int, asyncio.Lock] = {}
        self._waiting: dict[int, int] = {}
        self._metrics = metrics

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        with self.gate.replying():
            await self._measured(update, coroutine)

    async def _measured(self, update: object, coroutine: Awaitable[Any]) -> None:
        if self._metrics is None:
            await self._in_chat_order(update, coroutine)
            return
        started = time.perf_counter()
        self._metrics.in_flight.inc()
        try:
            await self._in_chat_order(update, coroutine)
        finally:
            self._metrics.in_flight.dec()
            self._metrics.updates.inc()
            self._metrics.latency.observe(time.perf_counter() - started)

    async def _in_chat_order(self, update: object, coroutine: Awaitable[Any]) -> None:
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is None:
            await coroutine
            return
        lock = self._locks.setdefault(chat.id, asyncio.Lock())
        self._waiting[chat.id] = self._waiting.get(chat.id, 0) + 1
        try:
            async with lock:
                await coroutine
        finally:
            self._waiting[chat.id] -= 1
            if self._waiting[chat.id] == 0:  # forget idle chats so the table does not grow forever
                del self._waiting[chat.id]
                self._locks.pop(chat.id, None)

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None
