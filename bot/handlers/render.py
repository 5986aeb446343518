"""Screens to Telegram messages and back: the only place that builds keyboards."""

from __future__ import annotations

import io
from collections.abc import Sequence

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Message

from bot.dialogs.core import Button, MediaKind, Screen, callback_data

GLOBAL_PREFIX = "m:"


def encode_button(button: Button, seq: int) -> str:
    """Menu buttons keep their global value; dialog buttons are stamped with the step counter."""
    return button.value if button.value.startswith(GLOBAL_PREFIX) else callback_data(seq, button.value)


def keyboard(rows: tuple[tuple[Button, ...], ...], seq: int) -> InlineKeyboardMarkup | None:
    if not rows:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(b.label, callback_data=encode_button(b, seq)) for b in row] for row in rows]
    )


async def send_screens(bot: Bot, chat_id: int, screens: Sequence[Screen], seq: int = 0) -> list[Message]:
    sent: list[Message] = []
    for screen in screens:
        markup = keyboard(screen.buttons, seq)
        if screen.media is not None and screen.media.kind is MediaKind.PHOTO:
            sent.append(await bot.send_photo(chat_id, photo=screen.media.file_id, caption=screen.text or None,
                                             reply_markup=markup))
        elif screen.media is not None:
            sent.append(await bot.send_document(chat_id, document=screen.media.file_id,
                                                caption=screen.text or None, reply_markup=markup))
        elif screen.document is not None:
            document = InputFile(io.BytesIO(screen.document.content), filename=screen.document.filename)
            sent.append(await bot.send_document(chat_id, document=document,
                                                caption=screen.text or screen.document.caption or None,
                                                reply_markup=markup))
        else:
            sent.append(await bot.send_message(chat_id, screen.text, reply_markup=markup))
    return sent


def label_of_pressed(message: Message | None, data: str) -> str | None:
    """The label of the button whose callback data was ``data`` on ``message``."""
    markup = getattr(message, "reply_markup", None)
    if markup is None:
        return None
    for row in markup.inline_keyboard:
        for button in row:
            if button.callback_data == data:
                return button.text
    return None
