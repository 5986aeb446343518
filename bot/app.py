"""The composition root: the one place that builds the engine, the services and the PTB application.

``python -m bot run`` and ``python -m bot chat`` go through here, and so do the end-to-end tests,
which pass their own settings (a temporary database, the local Bot API server) and a fixed clock.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from datetime import datetime

from pathlib import Path

from telegram import BotCommand
from telegram.error import TelegramError
from telegram.constants import ParseMode
from telegram.ext import Application, ApplicationBuilder, Defaults

from bot import handlers
from bot.config import Settings
from bot.dialogs.core import Dialog
from bot.dialogs.apply import ApplyDialog
from bot.dialogs.broadcast import AudienceCount, BroadcastDialog, BroadcastLine
from bot.delivery.engine import BroadcastSender, EngineSettings
from bot.delivery.replies import ReplyRetry
from bot.delivery.transport import HttpTransport
from bot.handlers.broadcasts import TelegramReporter, officer_scope
from bot.services.broadcasts import BroadcastDraft, BroadcastService
from storage.repositories.broadcasts import Audience
from bot.dialogs.eligibility import EligibilityDialog
from bot.dialogs.import_texts import row_error_message
from bot.dialogs.lookup import LookupDialog
from bot.dialogs.officer_import import OfficerImportDialog
from bot.dialogs.officer_review import OfficerReviewDialog
from bot.handlers.notify import send_notifications
from bot.i18n import Translator
from bot.services.applications import ApplicationService, ReviewService
from bot.services.effects import import_effects, status_effects
from bot.services.imports import ImportService
from bot.services.notifications import NotificationService
from bot.services.policy_names import PolicyResolver
from bot.services.status import StatusService
from bot.handlers.concurrency import PerChatUpdateProcessor
from bot.handlers.context import SERVICES_KEY
from bot.rules import RuleBook, load_rulebook
from bot.services.clock import Clock
from bot.services.container import Services
from bot.services.dialogs import DialogService
from bot.services.users import UserService
from storage.database import make_engine, make_session_factory
from storage.migrate import upgrade_to_head

log = logging.getLogger(__name__)

# What the menu offers.
FEATURES: frozenset[str] = frozenset({"apply", "lookup"})
NOTIFY_INTERVAL_SECONDS = 2.0
BULK_TRANSPORT_KEY = "bulk_transport"  # sends broadcasts: its own connection pool, no reply limiter
BULK_CONNECTIONS = 64


def command_list(tr: Translator) -> list[BotCommand]:
    """The command menu Telegram shows, in the given language."""
    return [
        BotCommand("start", tr._("Main menu")),
        BotCommand("kiemtra", tr._("Check whether you qualify for support")),
        BotCommand("nophoso", tr._("Apply for support")),
        BotCommand("tracuu", tr._("Was I approved or paid?")),
        BotCommand("trogiup", tr._("What this bot can do")),
        BotCommand("huy", tr._("Cancel what you are doing")),
        BotCommand("ngonngu", tr._("Language")),
        BotCommand("tatthongbao", tr._("Stop announcements")),
        BotCommand("batthongbao", tr._("Receive announcements again")),
    ]


def build_dialogs() -> dict[str, Dialog]:
    dialogs: list[Dialog] = [EligibilityDialog(), ApplyDialog(), LookupDialog(), OfficerImportDialog(),
                             OfficerReviewDialog(), BroadcastDialog()]
    return {dialog.name: dialog for dialog in dialogs}


async def build_services(settings: Settings, *, clock: Clock | None = None,
                         rules: RuleBook | None = None) -> Services:
    """Open the database (migrating it to the latest schema) and wire the services."""
    engine = make_engine(settings.database_url)
    await upgrade_to_head(engine)
    sessions = make_session_factory(engine)
    clock = clock or Clock(settings.timezone)
    rules = rules or load_rulebook()
    status = StatusService(clock)
    applications = ApplicationService(clock)
    vi = Translator("vi")
    imports = ImportService(sessions, clock, PolicyResolver(rules), Path(settings.data_dir) / "reports",
                            lambda code, params: row_error_message(vi, code, params))
    effects = {**status_effects(status), **import_effects(imports)}

    async def submit(session, effect, ctx):  # type: ignore[no-untyped-def]
        result = await applications.submit(session, ctx.user_id, ctx.chat_id, effect.payload["draft"])
        unit = effect.payload["draft"].get("address_unit") or {}
        await users.place(ctx.user_id, str(unit.get("current_province_code", "")),
                          str(unit.get("current_ward_code", "")), session)
        return result

    effects["application_submit"] = submit
    users = UserService(sessions)
    plain_lookup = effects["status_lookup"]

    async def lookup_and_place(session, effect, ctx):  # type: ignore[no-untyped-def]
        answer = await plain_lookup(session, effect, ctx)
        if answer.outcome == "found":
            await users.place_by_record(session, ctx.user_id, effect.payload["id_number"])
        return answer

    effects["status_lookup"] = lookup_and_place
    broadcasts = BroadcastService(sessions, clock)
    effects.update(_broadcast_effects(settings, broadcasts))
    review = ReviewService(clock)

    async def next_application(session, effect, ctx):  # type: ignore[no-untyped-def]
        return await review.next_pending(session, int(effect.payload.get("after") or 0))

    async def decide_application(session, effect, ctx):  # type: ignore[no-untyped-def]
        p = effect.payload
        return await review.decide(session, ctx.user_id, int(p["id"]), bool(p["approve"]), p.get("note", ""))

    effects["review_next"] = next_application
    effects["review_decide"] = decide_application
    return Services(
        settings=settings, clock=clock, rules=rules, engine=engine, sessions=sessions,
        users=users,
        dialogs=DialogService(sessions, build_dialogs(), effects),
        features=FEATURES,
        imports=imports,
        notifications=NotificationService(sessions, clock),
        broadcasts=broadcasts,
    )


def _broadcast_effects(settings: Settings, broadcasts: BroadcastService) -> dict:  # type: ignore[type-arg]
    """The /thongbao dialog's effects; the officer's scope comes from ``officer_scope`` every time."""

    def scope(ctx):  # type: ignore[no-untyped-def]
        found = officer_scope(settings, ctx.user_id)
        if found is None:
            raise PermissionError("not an officer")
        return found

    async def listing(_session, effect, ctx):  # type: ignore[no-untyped-def]
        return [BroadcastLine(s.broadcast.id, s.broadcast.status.value, s.broadcast.created_at,
                              s.broadcast.scheduled_at, s.figures.total, s.figures.sent, s.figures.blocked,
                              s.figures.failed, s.figures.remaining, _plain_preview(s.broadcast.text))
                for s in await broadcasts.recent(scope(ctx))]

    async def count(_session, effect, ctx):  # type: ignore[no-untyped-def]
        officer = scope(ctx)
        chats = await broadcasts.count(officer, Audience(effect.payload["audience"]), effect.payload.get("arg") or "")
        return AudienceCount(chats, officer.area.is_province)

    async def create(_session, effect, ctx):  # type: ignore[no-untyped-def]
        p = effect.payload
        when = (datetime.fromisoformat(p["when"]).replace(tzinfo=settings.timezone) if p.get("when") else None)
        return await broadcasts.create(scope(ctx), ctx.chat_id, BroadcastDraft(
            p["text"], Audience(p["audience"]), p.get("arg") or "", when))

    return {"broadcast_list": listing, "broadcast_count": count, "broadcast_create": create}


def _plain_preview(text: str, limit: int = 40) -> str:
    import html
    import re

    plain = html.unescape(re.sub(r"<[^>]+>", "", text)).replace("\n", " ")
    return plain if len(plain) <= limit else plain[: limit - 1] + "…"


def build_application(settings: Settings, services: Services, *, token: str | None = None,
                      rate_limit: bool = True) -> Application:  # type: ignore[type-arg]
    """The PTB application talking to ``settings.telegram_api_base_url``."""
    bot_token = token or (settings.bot_token.value if settings.bot_token else None)
    if bot_token is None:
        raise ValueError("a bot token is needed to build the application")
    builder = (
        ApplicationBuilder()
        .token(bot_token)
        .base_url(settings.telegram_api_base_url)
        .base_file_url(settings.telegram_file_base_url)
        .defaults(Defaults(parse_mode=ParseMode.HTML, tzinfo=settings.timezone))
        .concurrent_updates(PerChatUpdateProcessor())
    )
    if rate_limit:
        # Replies are not throttled (bulk sending has its own budget); a 429 is waited out, 3 times at most.
        builder = builder.rate_limiter(ReplyRetry())
    application = builder.build()
    application.bot_data[SERVICES_KEY] = services
    application.bot_data[BULK_TRANSPORT_KEY] = HttpTransport(settings.telegram_api_base_url, bot_token,
                                                            connections=BULK_CONNECTIONS)
    handlers.register(application)
    return application


@contextlib.asynccontextmanager
async def polling(application: Application, *, poll_timeout: int = 10) -> AsyncIterator[Application]:  # type: ignore[type-arg]
    """Run long polling for the duration of the block, shutting down cleanly afterwards."""
    async with application:
        with contextlib.suppress(TelegramError):
            await application.bot.set_my_commands(command_list(Translator("vi")))
            await application.bot.set_my_commands(command_list(Translator("en")), language_code="en")
        services: Services | None = application.bot_data.get(SERVICES_KEY)
        if services is not None and services.notifications is not None:
            await services.notifications.recover_after_restart()
        if services is not None and application.job_queue is not None:
            application.job_queue.run_repeating(send_notifications, interval=NOTIFY_INTERVAL_SECONDS, first=0.5,
                                                name="notifications")
        sender_task: asyncio.Task[None] | None = None
        stop_sender = asyncio.Event()
        bulk: HttpTransport | None = application.bot_data.get(BULK_TRANSPORT_KEY)
        if services is not None and bulk is not None:
            await bulk.start()
            sender = BroadcastSender(services.sessions, services.clock, bulk,
                                     EngineSettings(rate=services.settings.broadcast_rate),
                                     reporter=TelegramReporter(application.bot))
            await sender.recover(single_process=services.settings.uses_sqlite)
            sender_task = asyncio.create_task(sender.run(stop_sender), name="broadcast-sender")
        await application.start()
        assert application.updater is not None
        await application.updater.start_polling(timeout=poll_timeout, poll_interval=0.0,
                                                drop_pending_updates=False)
        try:
            yield application
        finally:
            stop_sender.set()
            if sender_task is not None:
                with contextlib.suppress(asyncio.CancelledError):
                    await asyncio.wait_for(sender_task, 30)
            if bulk is not None:
                await bulk.close()
            await application.updater.stop()
            await application.stop()


async def close_services(services: Services) -> None:
    await services.engine.dispose()


def configure_logging(level: str) -> None:
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # httpx logs every request URL, and the URL contains the bot token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
