"""Per-update plumbing shared by the handlers: who is talking, in which language, with which services."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update
from telegram.ext import ContextTypes

from bot.dialogs.core import DialogContext
from bot.dialogs.menu import Menu
from bot.domain.areas import OfficerScope
from bot.handlers.progress import ChatProgress
from bot.i18n import Translator
from bot.services.container import Services
from storage.repositories.officers import OfficerRepository

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
    scope = (services.officers.scope_of(user.id, visit.officer) if visit.officer_read
             else await services.scope(user.id))
    return _caller(update, context, visit.locale, visit.area, scope)


class CallerInStep:
    """The sender, read inside a dialog step's own transaction (:data:`bot.services.dialogs.SenderRead`).

    Why: reading the sender in its own session and then stepping the dialog in another costs two
    connection checkouts and commits per message; read here, the same read (language, area, the
    officer account of this very moment) shares the step's one unit of work.  ``caller`` is set
    once the step has run (the handler needs it to show the outcome).
    """

    def __init__(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        self._update, self._context = update, context
        self.caller: Caller | None = None

    async def __call__(self, session: AsyncSession) -> DialogContext:
        user, chat = self._update.effective_user, self._update.effective_chat
        assert user is not None and chat is not None  # the handler checked before the step
        services = services_of(self._context)
        visit = await services.users.visit(user.id, chat.id, user.first_name or "", session)
        record = visit.officer if visit.officer_read else await OfficerRepository(session).active(user.id)
        self.caller = _caller(self._update, self._context, visit.locale, visit.area,
                              services.officers.scope_of(user.id, record))
        return self.caller.ctx


def _caller(update: Update, context: ContextTypes.DEFAULT_TYPE, locale: str, area: tuple[str, str] | None,
            scope: OfficerScope | None) -> Caller:
    user, chat = update.effective_user, update.effective_chat
    assert user is not None and chat is not None
    services = services_of(context)
    tr = Translator(locale)
    extras: dict[str, object] = {"progress": ChatProgress(context.bot, chat.id, tr),
                                 "bot_username": context.bot.username} if scope is not None else {}
    extras["area"] = area
    return Caller(chat.id, user.id, user.first_name or "", tr,
                  services.dialog_context(tr, user.id, chat.id, scope, **extras), scope)
