"""Per-update plumbing shared by the handlers: who is talking, in which language, with which services."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import Update
from telegram.ext import ContextTypes

from bot.dialogs.core import DialogContext
from bot.dialogs.menu import Menu
from bot.domain.areas import OfficerScope
from bot.handlers.progress import ChatProgress
from bot.i18n import Translator
from bot.services.container import Services

SERVICES_KEY = "services"


def services_of(context: ContextTypes.DEFAULT_TYPE) -> Services:
    return context.application.bot_data[SERVICES_KEY]  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Caller:
    """The private chat an update came from, already recorded in the database."""

    chat_id: int
    user_id: int
    first_name: str
    tr: Translator
    ctx: DialogContext
    scope: OfficerScope | None = None  # None: a citizen (or a removed officer)

    @property
    def menu(self) -> Menu:
        """This person's /start menu (from the feature declarations)."""
        menu = self.ctx.extras.get("features")
        return menu if isinstance(menu, Menu) else Menu()


async def caller_of(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Caller | None:
    """Record the user and build their dialog context; None for updates without a user/chat.

    One read gives the language, the area the user last gave (``ctx.extras["area"]``: a lookup
    that finds the same area writes nothing) and the officer rights of this very moment.
    """
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return None
    services = services_of(context)
    visit = await services.users.visit(user.id, chat.id, user.first_name or "")
    tr = Translator(visit.locale)
    scope = (services.officers.scope_of(user.id, visit.officer) if visit.officer_read
             else await services.scope(user.id))
    extras: dict[str, object] = {"progress": ChatProgress(context.bot, chat.id, tr),
                                 "bot_username": context.bot.username} if scope is not None else {}
    extras["area"] = visit.area
    return Caller(chat.id, user.id, user.first_name or "", tr,
                  services.dialog_context(tr, user.id, chat.id, scope, **extras), scope)
