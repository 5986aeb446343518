"""Progress of a long import, shown in the officer's chat by editing one message."""

from __future__ import annotations

import time

from telegram import Bot, Message
from telegram.error import TelegramError

from bot.i18n import Translator

MIN_INTERVAL = 2.0  # seconds between edits: Telegram throttles frequent edits


class ChatProgress:
    def __init__(self, bot: Bot, chat_id: int, tr: Translator) -> None:
        self._bot, self._chat_id, self._tr = bot, chat_id, tr
        self._message: Message | None = None
        self._last = 0.0

    async def __call__(self, rows_read: int) -> None:
        now = time.monotonic()
        if now - self._last < MIN_INTERVAL:
            return
        self._last = now
        text = self._tr._("Reading… {n} rows so far.").format(n=self._tr.number(rows_read))
        try:
            if self._message is None:
                self._message = await self._bot.send_message(self._chat_id, text)
            else:
                await self._message.edit_text(text)
        except TelegramError:
            pass  # progress is a courtesy; the import itself must not fail because of it
