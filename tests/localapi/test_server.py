"""The local Bot API server behaves like Telegram for the real python-telegram-bot."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, Forbidden, RetryAfter
from telegram.ext import Application, ApplicationBuilder, CallbackQueryHandler, ContextTypes, MessageHandler, filters

from bot.localapi.client import SimClient
from bot.localapi.server import LocalBotApi
from bot.localapi.terminal import run_terminal_chat

seen_errors: list[Exception] = []


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    assert message is not None
    if message.document:
        data = await (await message.document.get_file()).download_as_bytearray()
        await message.reply_document(document=bytes(data).upper(), filename="BACK.TXT")
        return
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Có", callback_data="yes"),
                                      InlineKeyboardButton("Không", callback_data="no")]])
    await message.reply_text(f"<b>{message.text}</b>", parse_mode="HTML", reply_markup=keyboard)


async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer()
    await query.edit_message_text(f"chọn {query.data}")
    try:
        await query.edit_message_text(f"chọn {query.data}")
    except BadRequest as error:
        seen_errors.append(error)


@pytest.fixture
async def running() -> AsyncIterator[tuple[LocalBotApi, Application]]:  # type: ignore[type-arg]
    async with LocalBotApi() as api:
        app = (ApplicationBuilder().token("123:ABC").base_url(api.base_url).base_file_url(api.base_file_url).build())
        app.add_handler(MessageHandler(filters.ALL, echo))
        app.add_handler(CallbackQueryHandler(pressed))
        async with app:
            await app.start()
            assert app.updater is not None
            await app.updater.start_polling(poll_interval=0.0, timeout=1)
            try:
                yield api, app
            finally:
                await app.updater.stop()
                await app.stop()


async def test_text_buttons_edit_and_not_modified(running) -> None:  # type: ignore[no-untyped-def]
    api, _ = running
    client = SimClient(api.url)
    user = await client.user(id=42, first_name="Lan")
    await user.send("xin chào")
    [reply] = await user.replies()
    assert reply.text == "xin chào" and reply.buttons == [["Có", "Không"]]
    await user.press("Có")
    [edited] = await user.replies()
    assert edited.text == "chọn yes" and edited.edited and edited.buttons == []
    assert await user.callback_answered()
    assert "message is not modified" in str(seen_errors[-1]).lower()
    await client.close()


async def test_documents_round_trip(running) -> None:  # type: ignore[no-untyped-def]
    api, _ = running
    client = SimClient(api.url)
    user = await client.user(id=43, first_name="Minh")
    await user.upload("ds.txt", b"abc", "text/plain")
    [reply] = await user.replies()
    assert reply.document and reply.document["file_name"] == "BACK.TXT"
    assert await user.download(reply.document) == b"ABC"
    await client.close()


async def test_telegram_errors_reach_the_bot(running) -> None:  # type: ignore[no-untyped-def]
    api, app = running
    client = SimClient(api.url)
    user = await client.user(id=44, first_name="Hoa")
    with pytest.raises(BadRequest, match="(?i)button_data_invalid"):
        await app.bot.send_message(44, "x", reply_markup=InlineKeyboardMarkup(
            [[InlineKeyboardButton("x", callback_data="x" * 65)]]))
    with pytest.raises(BadRequest, match="(?i)chat not found"):
        await app.bot.send_message(99, "x")
    with pytest.raises(BadRequest, match="(?i)can.t parse entities"):
        await app.bot.send_message(44, "<b>x", parse_mode="HTML")
    await user.block()
    with pytest.raises(Forbidden, match="(?i)blocked by the user"):
        await app.bot.send_message(44, "x")
    await user.block(False)
    await client.fault("sendMessage", "429", retry_after=3)
    with pytest.raises(RetryAfter):
        await app.bot.send_message(44, "x")
    await app.bot.send_message(44, "y")
    await client.close()


async def test_terminal_shows_numbered_buttons_and_presses_them(running) -> None:  # type: ignore[no-untyped-def]
    api, _ = running
    client = SimClient(api.url)
    user = await client.user(id=45, first_name="An")
    lines = iter(["chào", "2", "/quit"])
    shown: list[str] = []

    async def read_line() -> str | None:
        return next(lines)

    await run_terminal_chat(user, read_line=read_line, write=shown.append)
    output = "\n".join(shown)
    assert "[1] Có  [2] Không" in output
    assert "chọn no" in output
    await client.close()
