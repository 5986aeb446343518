"""Telegram glue of broadcasts: the progress message, its buttons, opting out."""

from __future__ import annotations

import logging

from telegram import Bot, Update
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot.dialogs import broadcast as texts
from bot.handlers.context import caller_of, services_of
from bot.handlers.render import keyboard, send_screens
from bot.i18n import Translator
from bot.services.broadcasts import NotAllowed
from storage.repositories.broadcasts import BroadcastRecord, Figures

log = logging.getLogger(__name__)


def progress_of(broadcast: BroadcastRecord, figures: Figures, eta_seconds: float = 0.0) -> texts.Progress:
    return texts.Progress(broadcast.id, broadcast.status.value, figures.total, figures.sent, figures.failed,
                          figures.blocked, figures.uncertain, figures.remaining, eta_seconds)


class TelegramReporter:
    """Shows the engine's figures in the officer's chat: one message edited, then a final report."""

    def __init__(self, bot: Bot, locale: str = "vi") -> None:
        self._bot = bot
        self._tr = Translator(locale)

    async def progress(self, broadcast: BroadcastRecord, figures: Figures, eta_seconds: float) -> int | None:
        screen = texts.progress_screen(self._tr, progress_of(broadcast, figures, eta_seconds))
        if broadcast.progress_message_id is None:
            sent = await send_screens(self._bot, broadcast.officer_chat_id, [screen])
            return sent[0].message_id
        try:
            await self._bot.edit_message_text(screen.text, chat_id=broadcast.officer_chat_id,
                                              message_id=broadcast.progress_message_id,
                                              reply_markup=keyboard(screen.buttons, 0))
        except BadRequest as error:
            if "not modified" not in error.message:
                raise
        return None

    async def final(self, broadcast: BroadcastRecord, figures: Figures) -> None:
        progress = progress_of(broadcast, figures)
        if broadcast.progress_message_id is not None:
            try:
                await self._bot.edit_message_text(texts.progress_screen(self._tr, progress).text,
                                                  chat_id=broadcast.officer_chat_id,
                                                  message_id=broadcast.progress_message_id, reply_markup=None)
            except BadRequest:
                pass
        await send_screens(self._bot, broadcast.officer_chat_id, [texts.final_screen(self._tr, progress)])


async def control(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Pause, resume or cancel from the progress message (``m:bc:<action>:<id>``)."""
    query = update.callback_query
    caller = await caller_of(update, context)
    if query is None or caller is None or not query.data:
        return
    services = services_of(context)
    action, _, raw_id = query.data[len(texts.CONTROL_PREFIX):].partition(":")
    scope = caller.scope  # looked up for this very press: a removed officer controls nothing
    if scope is None or services.broadcasts is None or not raw_id.isdigit():
        await query.answer()
        return
    operations = {texts.PAUSE: services.broadcasts.pause, texts.RESUME: services.broadcasts.resume,
                  texts.STOP: services.broadcasts.cancel}
    try:
        changed = await operations[action](scope, int(raw_id)) if action in operations else False
    except NotAllowed:
        changed = False
    await query.answer(texts.control_answer(caller.tr, action, changed))
    summary = await services.broadcasts.get(scope, int(raw_id))
    if changed and summary is not None and summary.broadcast.status.value in ("sending", "paused"):
        screen = texts.progress_screen(caller.tr, progress_of(summary.broadcast, summary.figures))
        try:
            await query.edit_message_text(screen.text, reply_markup=keyboard(screen.buttons, 0))
        except BadRequest:
            pass


async def announcements_off(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await _switch(update, context, wanted=False)


async def announcements_on(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await _switch(update, context, wanted=True)


async def _switch(update: Update, context: ContextTypes.DEFAULT_TYPE, *, wanted: bool) -> None:
    caller = await caller_of(update, context)
    if caller is None:
        return
    await services_of(context).users.set_announcements(caller.user_id, wanted)
    await send_screens(context.bot, caller.chat_id, [texts.announcements_switched(caller.tr, wanted)])
