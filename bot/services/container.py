"""The services a running bot needs, built once by the composition root (``bot.app``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.dialogs.core import DialogContext
from bot.domain.areas import OfficerScope
from bot.features.catalog import Catalog
from bot.i18n import Translator
from bot.rules import RuleBook
from bot.services.broadcasts import BroadcastService
from bot.services.clock import Clock
from bot.services.dialogs import DialogService
from bot.services.imports import ImportService
from bot.services.notifications import NotificationService
from bot.services.officers import OfficerService
from bot.services.public_figures import PublicFigures
from bot.services.publication import PublicationService
from bot.services.status import StatusService
from bot.services.review_digest import ReviewDigest
from bot.services.users import UserService


@dataclass
class Services:
    settings: Settings
    clock: Clock
    rules: RuleBook
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    users: UserService
    dialogs: DialogService
    catalog: Catalog
    officers: OfficerService
    imports: ImportService | None = None
    notifications: NotificationService | None = None
    review_digest: ReviewDigest | None = None
    broadcasts: BroadcastService | None = None
    status: StatusService | None = None              # the one status lookup (bot and web page)
    publication: PublicationService | None = None    # which areas the public page shows
    public_figures: PublicFigures | None = None      # the public page's figures, cached per data version

    async def scope(self, user_id: int) -> OfficerScope | None:
        """The person's officer rights right now (None: a citizen, or a removed officer)."""
        return await self.officers.scope(user_id)

    def dialog_context(self, tr: Translator, user_id: int, chat_id: int, scope: OfficerScope | None = None,
                       **extras: Any) -> DialogContext:
        """``extras["features"]`` is the person's menu; ``extras["scope"]`` is refreshed before each step."""
        return DialogContext(tr=tr, today=self.clock.today(), rules=self.rules, user_id=user_id, chat_id=chat_id,
                             extras={"features": self.catalog.menu(scope), "scope": scope, **extras})
