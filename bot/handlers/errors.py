"""The one error handler: log without personal data, apologise to the user in their language."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import Forbidden
from telegram.ext import ContextTypes

from bot.dialogs import menu
from bot.dialogs.outage import unavailable_screen
from bot.handlers.context import services_of
from bot.handlers.render import send_screens
from bot.i18n import Translator
from bot.metrics import METRICS_KEY
from storage.database import is_database_unavailable

log = logging.getLogger(__name__)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the failure by update id only (the update itself may hold ID numbers) and apologise."""
    update_id = update.update_id if isinstance(update, Update) else None
    unavailable = is_database_unavailable(context.error)
    metrics = context.application.bot_data.get(METRICS_KEY)
    if metrics is not None:
        metrics.errors.labels(kind="database_unavailable" if unavailable else "other").inc()
    if unavailable:  # passing: no traceback, the pool recovers on its own
        log.warning("database unavailable while handling update %s: %s", update_id, type(context.error).__name__)
    else:
        log.error("error while handling update %s", update_id, exc_info=context.error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    if isinstance(context.error, Forbidden):
        await services_of(context).users.mark_blocked(update.effective_chat.id, True)
        return
    locale = "vi"
    if update.effective_user is not None and not unavailable:
        try:
            locale = await services_of(context).users.touch(
                update.effective_user.id, update.effective_chat.id, update.effective_user.first_name or "", None)
        except Exception:  # noqa: BLE001 - the database may be what failed; apologise anyway
            log.warning("could not read the user's language while reporting an error")
    try:
        screen = unavailable_screen(Translator(locale)) if unavailable else menu.error_screen(Translator(locale))
        await send_screens(context.bot, update.effective_chat.id, [screen])
    except Exception:  # noqa: BLE001 - nothing more we can do; already logged above
        log.warning("could not tell the user about the error")
