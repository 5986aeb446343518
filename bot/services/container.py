"""The services a running bot needs, built once by the composition root (``bot.app``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.dialogs.core import DialogContext
from bot.i18n import Translator
from bot.rules import RuleBook
from bot.services.broadcasts import BroadcastService
from bot.services.clock import Clock
from bot.services.dialogs import DialogService
from bot.services.imports import ImportService
from bot.services.notifications import NotificationService
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
    features: frozenset[str] = frozenset()
    imports: ImportService | None = None
    notifications: NotificationService | None = None
    broadcasts: BroadcastService | None = None

    def dialog_context(self, tr: Translator, user_id: int, chat_id: int, **extras: Any) -> DialogContext:
        return DialogContext(tr=tr, today=self.clock.today(), rules=self.rules, user_id=user_id, chat_id=chat_id,
                             extras={"is_admin": user_id in self.settings.admin_ids,
                                     "features": self.features, **extras})

    def is_admin(self, user_id: int) -> bool:
        return user_id in self.settings.admin_ids
