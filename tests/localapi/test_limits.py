"""The local server answers like Telegram's flood control when limits are on: 429 with retry_after, 403 when blocked."""

from __future__ import annotations

import pytest
from telegram import Bot
from telegram.error import BadRequest, Forbidden, RetryAfter

from bot.localapi.client import SimClient
from bot.localapi.limits import FloodLimits
from bot.localapi.server import LocalBotApi

TOKEN = "123456:TEST-TOKEN-for-the-local-bot-api"


def test_global_and_per_chat_limits_answer_retry_after() -> None:
    limits = FloodLimits(global_rate=5, chat_rate=1, chat_burst=2)
    now = 100.0
    assert [limits.check(1, now), limits.check(1, now)] == [0, 0]
    assert limits.check(1, now) == 1                  # a third message to one chat within the second
    assert limits.check(1, now + 1.0) == 0             # a second later it may go
    assert [limits.check(chat, now + 1.0) for chat in (2, 3, 4, 5)] == [0, 0, 0, 0]
    assert limits.check(6, now + 1.0) >= 1             # the bot's global budget of 5/s is spent
    assert limits.check(6, now + 2.0) == 0
    assert limits.rejected == 2


async def test_server_enforces_limits_only_when_switched_on() -> None:
    async with LocalBotApi() as api:
        for chat in (1, 2, 3):
            api.world.register({"id": chat, "first_name": "x"})
        async with Bot(TOKEN, base_url=api.base_url) as bot:
            for _ in range(5):  # off by default: no flood control
                await bot.send_message(1, "ok")
            api.world.limits = FloodLimits(global_rate=100, chat_rate=1, chat_burst=1)
            await bot.send_message(2, "first")
            with pytest.raises(RetryAfter) as flood:
                await bot.send_message(2, "second")
            assert flood.value.retry_after in (1, 1.0) or getattr(flood.value.retry_after, "seconds", 0) == 1
            api.world.chats[3].blocked = True
            with pytest.raises(Forbidden):
                await bot.send_message(3, "blocked")


async def test_chat_action_and_reply_keyboard_are_shown_until_the_bot_speaks_or_removes_them() -> None:
    """The demo page shows "typing…" and a reply keyboard from what the server recorded, as Telegram's apps do."""
    from telegram import ReplyKeyboardMarkup, ReplyKeyboardRemove
    from telegram.constants import ChatAction

    async with LocalBotApi() as api:
        api.world.register({"id": 7, "first_name": "x"})
        client = SimClient(api.url)
        try:
            async with Bot(TOKEN, base_url=api.base_url) as bot:
                await bot.send_chat_action(7, ChatAction.TYPING)
                shown = await client.get("/sim/chat", user_id=7)
                assert (shown["action"], shown["messages"]) == ("typing", [])
                await bot.send_message(7, "Chọn:", reply_markup=ReplyKeyboardMarkup([["Có", "Không"]]))
                shown = await client.get("/sim/chat", user_id=7)
                assert shown["action"] == "" and shown["keyboard"] == [["Có", "Không"]]
                await bot.send_message(7, "Xong", reply_markup=ReplyKeyboardRemove())
                assert (await client.get("/sim/chat", user_id=7))["keyboard"] == []
                with pytest.raises(BadRequest):
                    await bot.send_chat_action(7, "dancing")
        finally:
            await client.close()
