"""The repeating job that sends queued status notices (see ``bot.services.notifications``)."""

from __future__ import annotations

from telegram.ext import ContextTypes

from bot.dialogs.notices import render_notice
from bot.domain.notices import OutgoingNotice
from bot.handlers.context import services_of
from bot.handlers.render import send_screens
from bot.i18n import Translator

# Per run (every NOTIFY_INTERVAL_SECONDS): about 20 a second, leaving room under Telegram's 30 a
# second for the replies citizens are waiting for.
NOTICES_PER_RUN = 40


async def send_notifications(context: ContextTypes.DEFAULT_TYPE) -> None:
    services = services_of(context)
    if services.notifications is None:
        return

    async def send(notice: OutgoingNotice) -> None:
        screen = render_notice(notice.kind, notice.payload, Translator(notice.locale), services.rules)
        await send_screens(context.bot, notice.chat_id, [screen])

    await services.notifications.send_due(send, limit=NOTICES_PER_RUN)
