"""Files and photos sent to the bot: officers' approved and paid lists, and announcements' attachments."""

from __future__ import annotations

import contextlib
import re
import uuid
from pathlib import Path

from telegram import Update
from telegram.constants import ChatAction
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.dialogs import menu
from bot.dialogs.core import MediaInput, MediaKind, MediaRef, Screen
from bot.handlers import dialog
from bot.parsing.telegram_html import escape_stray_ampersands
from bot.handlers.context import caller_of, services_of
from bot.handlers.render import send_screens
from bot.dialogs.import_texts import refusal_text

MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024  # the Bot API's getFile limit
SUFFIXES = (".xlsx", ".xls", ".csv", ".txt")


async def document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Save an officer's upload under the data folder and start the import dialog on it.

    In a dialog that takes files as answers (an announcement in /thongbao) the document is that
    answer instead, by its Telegram file id.
    """
    message = update.effective_message
    caller = await caller_of(update, context)
    if caller is None or message is None or message.document is None:
        return
    services = services_of(context)
    if await services.dialogs.accepts_media(caller.chat_id):
        await dialog.media_input(context, caller, MediaInput(MediaRef(MediaKind.DOCUMENT, message.document.file_id),
                                                             dialog.formatted_html(message, caption=True)
                                                             or _escaped(message.caption)))
        return
    tr = caller.tr
    feature = services.catalog.document_feature()
    if feature is None or not feature.allows(caller.scope):
        await send_screens(context.bot, caller.chat_id, [Screen(
            tr._("Only officers can send lists to the bot. To check your own status, use /tracuu."),
            menu.menu_buttons(tr, features=caller.menu))])
        return
    doc = message.document
    filename = doc.file_name or "danh-sach"
    if doc.file_size and doc.file_size > MAX_DOWNLOAD_BYTES:
        await send_screens(context.bot, caller.chat_id, [Screen(refusal_text(tr, "too_large", {}))])
        return
    if not filename.lower().endswith(SUFFIXES):
        await send_screens(context.bot, caller.chat_id, [Screen(refusal_text(tr, "unreadable", {}))])
        return
    with contextlib.suppress(TelegramError):  # reading a long list takes a while: "typing…" meanwhile
        await context.bot.send_chat_action(caller.chat_id, ChatAction.TYPING)
    folder = Path(services.settings.data_dir) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{uuid.uuid4().hex}-{_safe(filename)}"
    telegram_file = await doc.get_file()
    await telegram_file.download_to_drive(path)
    outcome = await services.dialogs.start(caller.chat_id, caller.user_id, services.catalog.dialog_name(feature),
                                           caller.ctx, {"path": str(path), "filename": filename}, fresh=True)
    if outcome.denied:
        await send_screens(context.bot, caller.chat_id, [menu.no_longer_allowed(tr, features=caller.menu)])
        return
    await send_screens(context.bot, caller.chat_id, outcome.screens, outcome.seq)


async def photo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A photo is an answer only in a dialog that takes one (an announcement); elsewhere not understood."""
    message = update.effective_message
    caller = await caller_of(update, context)
    if caller is None or message is None or not message.photo:
        return
    services = services_of(context)
    if not await services.dialogs.accepts_media(caller.chat_id):
        await send_screens(context.bot, caller.chat_id, [menu.not_understood(caller.tr, features=caller.menu)])
        return
    largest = message.photo[-1]
    await dialog.media_input(context, caller, MediaInput(MediaRef(MediaKind.PHOTO, largest.file_id),
                                                         dialog.formatted_html(message, caption=True)
                                                         or _escaped(message.caption)))


def _escaped(caption: str | None) -> str:
    """A caption without formatting may still hold typed tags, as a typed announcement may."""
    return escape_stray_ampersands(caption or "")


def _safe(filename: str) -> str:
    """A file name that cannot climb out of the uploads folder."""
    name = re.sub(r"[^\w.\-]+", "_", Path(filename).name, flags=re.UNICODE)
    return name[-100:] or "upload"
