"""Telegram command menus per chat: citizens see the default list, each officer their own.

Officers get a ``BotCommandScopeChat`` list (vi and en) when the bot starts, when they join and
when they are removed (then their chat list is deleted, so Telegram falls back to the citizens').
"""

from __future__ import annotations

import contextlib
import logging

from telegram import Bot, BotCommand, BotCommandScopeChat
from telegram.error import TelegramError

from bot.i18n import SUPPORTED_LOCALES, DEFAULT_LOCALE, Translator
from bot.services.container import Services

log = logging.getLogger(__name__)


async def set_menu_for(bot: Bot, services: Services, user_id: int) -> None:
    """The command menu of one person's private chat (its id is the user's id)."""
    scope = await services.scope(user_id)
    chat = BotCommandScopeChat(user_id)
    with contextlib.suppress(TelegramError):
        for locale in SUPPORTED_LOCALES:
            language = "" if locale == DEFAULT_LOCALE else locale
            if scope is None:
                await bot.delete_my_commands(scope=chat, language_code=language or None)
                continue
            lines = services.catalog.commands(Translator(locale), scope)
            await bot.set_my_commands([BotCommand(line.command, line.description) for line in lines], scope=chat,
                                      language_code=language or None)


async def set_officer_menus(bot: Bot, services: Services) -> None:
    """At start-up: every active officer (and BOT_ADMIN_IDS) gets their menu."""
    users = {entry.user_id for entry in await services.officers.all_active()}
    users |= set(services.officers.configured_ids())
    services.officers.take_changed()
    for user_id in sorted(users):
        await set_menu_for(bot, services, user_id)


async def refresh_changed_menus(bot: Bot, services: Services) -> None:
    """After an account change in this process (join, removal): update those people's menus."""
    for user_id in sorted(services.officers.take_changed()):
        await set_menu_for(bot, services, user_id)
