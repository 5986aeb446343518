"""The composition root: the one place that builds the engine, the services and the PTB application.

``python -m bot run`` and ``python -m bot chat`` go through here, and so do the end-to-end tests,
which pass their own settings (a temporary database, the local Bot API server) and a fixed clock.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator

from telegram import BotCommand
from telegram.constants import ParseMode
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, Defaults

from bot import handlers
from bot.config import Settings
from bot.dialogs.core import Dialog
from bot.dialogs.eligibility import EligibilityDialog
from bot.handlers.context import SERVICES_KEY
from bot.rules import RuleBook, load_rulebook
from bot.services.clock import Clock
from bot.services.container import Services
from bot.services.dialogs import DialogService
from bot.services.users import UserService
from storage.database import make_engine, make_session_factory
from storage.migrate import upgrade_to_head

log = logging.getLogger(__name__)

# What the menu offers; features join as they are built.
FEATURES: frozenset[str] = frozenset()
COMMANDS = (
    ("start", "Menu chính"),
    ("kiemtra", "Kiểm tra điều kiện được hỗ trợ"),
    ("trogiup", "Hướng dẫn"),
    ("huy", "Hủy thao tác đang làm"),
    ("ngonngu", "Chọn ngôn ngữ / Language"),
)


def build_dialogs() -> dict[str, Dialog]:
    dialogs: list[Dialog] = [EligibilityDialog()]
    return {dialog.name: dialog for dialog in dialogs}


async def build_services(settings: Settings, *, clock: Clock | None = None,
                         rules: RuleBook | None = None) -> Services:
    """Open the database (migrating it to the latest schema) and wire the services."""
    engine = make_engine(settings.database_url)
    await upgrade_to_head(engine)
    sessions = make_session_factory(engine)
    return Services(
        settings=settings,
        clock=clock or Clock(settings.timezone),
        rules=rules or load_rulebook(),
        engine=engine,
        sessions=sessions,
        users=UserService(sessions),
        dialogs=DialogService(sessions, build_dialogs()),
        features=FEATURES,
    )


def build_application(settings: Settings, services: Services, *, token: str | None = None) -> Application:  # type: ignore[type-arg]
    """The PTB application talking to ``settings.telegram_api_base_url``."""
    bot_token = token or (settings.bot_token.value if settings.bot_token else None)
    if bot_token is None:
        raise ValueError("a bot token is needed to build the application")
    application = (
        ApplicationBuilder()
        .token(bot_token)
        .base_url(settings.telegram_api_base_url)
        .base_file_url(settings.telegram_file_base_url)
        .defaults(Defaults(parse_mode=ParseMode.HTML, tzinfo=settings.timezone))
        .rate_limiter(AIORateLimiter(max_retries=3))
        .build()
    )
    application.bot_data[SERVICES_KEY] = services
    handlers.register(application)
    return application


@contextlib.asynccontextmanager
async def polling(application: Application, *, poll_timeout: int = 10) -> AsyncIterator[Application]:  # type: ignore[type-arg]
    """Run long polling for the duration of the block, shutting down cleanly afterwards."""
    async with application:
        with contextlib.suppress(Exception):
            await application.bot.set_my_commands([BotCommand(c, d) for c, d in COMMANDS])
        await application.start()
        assert application.updater is not None
        await application.updater.start_polling(timeout=poll_timeout, poll_interval=0.0,
                                                drop_pending_updates=False)
        try:
            yield application
        finally:
            await application.updater.stop()
            await application.stop()


async def close_services(services: Services) -> None:
    await services.engine.dispose()


def configure_logging(level: str) -> None:
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # httpx logs every request URL, and the URL contains the bot token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
