"""The composition root: the one place that builds the engine, the services and the PTB application.

``python -m bot run`` and ``python -m bot chat`` go through here, and so do the end-to-end tests,
which pass their own settings (a temporary database, the local Bot API server) and a fixed clock.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Iterable
from datetime import datetime
from typing import TextIO

from pathlib import Path

from telegram import BotCommand
from telegram.error import TelegramError
from telegram.constants import ParseMode
from telegram.ext import Application, ApplicationBuilder, Defaults
from sqlalchemy.ext.asyncio import AsyncSession
from typing import Any

from bot import handlers, logsafe
from bot.config import Settings
from bot.dialogs.broadcast import AudienceCount, BroadcastLine
from bot.dialogs.core import DialogContext, Effect
from bot.services.dialogs import EffectHandler
from bot.delivery.engine import BroadcastSender, EngineSettings
from bot.delivery.priority import ReplyGate
from bot.delivery.replies import ReplyRetry
from bot.delivery.transport import HttpTransport
from bot.handlers.broadcasts import TelegramReporter
from bot.services.broadcasts import BroadcastDraft, BroadcastService
from storage.repositories.broadcasts import Audience
from bot.dialogs.import_texts import row_error_message
from bot.domain import placement
from bot.domain.areas import OfficerScope
from bot.features import FEATURES
from bot.features.catalog import Catalog
from bot.handlers.menus import set_officer_menus
from bot.services.duplicates import DuplicatesService, duplicates_effects
from bot.services.supplements import SupplementService, supplement_effects
from bot.services.statistics import StatisticsService, statistics_effects
from bot.services.publication import PublicationService, publication_effects
from bot.delivery.notices import NoticeSender
from bot.handlers.notify import notice_renderer
from bot.handlers.review_digest import queue_review_digests
from bot.i18n import Translator
from bot.metrics import METRICS_KEY, BotMetrics
from bot.services.application_effects import application_effects
from bot.services.applications import ApplicationService
from bot.services.effects import import_effects, status_effects
from bot.services.imports import ImportService
from bot.services.notifications import NotificationService
from bot.services.officer_effects import officer_effects
from bot.services.officers import OfficerService
from bot.services.rights import FeatureRights
from bot.services.audit_log import AuditLogService

from bot.services.review import ReviewService as AreaReviewService
from bot.services.review_digest import ReviewDigest
from bot.services.review_effects import review_effects
from bot.services.policy_names import PolicyResolver
from bot.services.public_figures import PublicFigures
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

DIGEST_INTERVAL_SECONDS = 600.0  # the digest service itself waits for 07:00 and sends once a day
BULK_TRANSPORT_KEY = "bulk_transport"  # sends broadcasts: its own connection pool, no reply limiter
BULK_CONNECTIONS = 64
REPLY_GATE_KEY = "reply_gate"  # the update processor marks replies under way; bulk sending gives way


def command_list(tr: Translator, scope: OfficerScope | None = None, catalog: Catalog | None = None) -> list[BotCommand]:
    """The command menu Telegram shows a person (citizens: the default scope), in the given language."""
    catalog = catalog or Catalog(FEATURES)
    return [BotCommand(line.command, line.description) for line in catalog.commands(tr, scope)]


async def build_services(settings: Settings, *, clock: Clock | None = None,
                         rules: RuleBook | None = None) -> Services:
    """Open the database (migrating it to the latest schema) and wire the services."""
    engine = make_engine(settings.database_url)
    await upgrade_to_head(engine)
    await asyncio.to_thread(placement.warm_up)  # else the first imported list stalls every chat for seconds
    sessions = make_session_factory(engine)
    clock = clock or Clock(settings.timezone)
    rules = rules or load_rulebook()
    status = StatusService(clock)
    applications = ApplicationService(clock)
    vi = Translator("vi")
    imports = ImportService(sessions, clock, PolicyResolver(rules), Path(settings.data_dir) / "reports",
                            lambda code, params: row_error_message(vi, code, params),
                            is_officer=lambda _user_id: False)  # in the chat, only a current scope may import
    await imports.recover_after_restart()  # staging left by a process killed mid-import
    effects = {**status_effects(status), **import_effects(imports), **application_effects(applications),
               **supplement_effects(SupplementService(clock))}
    catalog = Catalog(FEATURES)
    officers = OfficerService(sessions, clock, settings.admin_ids, settings.province)
    effects.update(officer_effects(officers))
    rights = FeatureRights(catalog, officers)

    async def scope_of(_session: AsyncSession, user_id: int) -> OfficerScope | None:
        """Every review and audit step looks the officer's rights up again (removal takes effect at once)."""
        return await officers.scope(user_id)

    area_review = AreaReviewService(clock, rules, scope_of)
    effects.update(review_effects(area_review, AuditLogService(clock), scope_of, clock))
    names = {pid: p.title for pid, p in rules.policies.items()}
    effects |= statistics_effects(StatisticsService(sessions, clock, names), scope_of)
    effects |= duplicates_effects(DuplicatesService(sessions, clock, names), scope_of)
    publication = PublicationService(clock)
    effects |= publication_effects(publication, scope_of)

    users = UserService(sessions, clock)
    effects |= _placing_effects(effects, users)
    broadcasts = BroadcastService(sessions, clock)
    effects.update(_broadcast_effects(settings, broadcasts))
    return Services(
        settings=settings, clock=clock, rules=rules, engine=engine, sessions=sessions,
        users=users,
        dialogs=DialogService(sessions, catalog.dialogs, effects, guard=rights.permission, clock=clock),
        catalog=catalog, officers=officers,
        imports=imports,
        notifications=NotificationService(sessions, clock),
        review_digest=ReviewDigest(sessions, area_review, scope_of, officers.active_ids),
        broadcasts=broadcasts, status=status, publication=publication,
        public_figures=PublicFigures(sessions, StatisticsService(sessions, clock, names), publication),
    )


def _placing_effects(effects: dict[str, EffectHandler], users: UserService) -> dict[str, EffectHandler]:
    """Submitting an application or finding one's record places the user in today's commune, so an
    officer's announcement to "everyone who has used the bot there" reaches them."""
    submit_plain, lookup_plain = effects["application_submit"], effects["status_lookup"]

    async def submit(session: AsyncSession, effect: Effect, ctx: DialogContext) -> Any:
        result = await submit_plain(session, effect, ctx)
        unit = effect.payload["draft"].get("address_unit") or {}
        await users.place(ctx.user_id, str(unit.get("current_province_code", "")),
                          str(unit.get("current_ward_code", "")), session)
        return result

    async def lookup(session: AsyncSession, effect: Effect, ctx: DialogContext) -> Any:
        answer = await lookup_plain(session, effect, ctx)
        area = getattr(answer, "area", None)
        if getattr(answer, "outcome", None) == "found" and area is not None and area != ctx.extras.get("area"):
            await users.place(ctx.user_id, *area, session=session)  # written only when the area is new
        return answer

    return {"application_submit": submit, "status_lookup": lookup}


def _broadcast_effects(settings: Settings, broadcasts: BroadcastService) -> dict[str, EffectHandler]:
    """The /thongbao dialog's effects; the officer's scope is the one the dialog service looked up
    for this very step (``ctx.extras["scope"]``), never one saved in the dialog state."""

    def scope(ctx: DialogContext) -> OfficerScope:
        found = ctx.extras.get("scope")
        if found is None:
            raise PermissionError("not an officer")
        return found  # type: ignore[no-any-return]

    async def listing(_session: AsyncSession, effect: Effect, ctx: DialogContext) -> Any:
        return [BroadcastLine(s.broadcast.id, s.broadcast.status.value, s.broadcast.created_at,
                              s.broadcast.scheduled_at, s.figures.total, s.figures.sent, s.figures.blocked,
                              s.figures.failed, s.figures.remaining,
                              (f"[{s.broadcast.media_kind}] " if s.broadcast.media_kind else "")
                              + _plain_preview(s.broadcast.text))
                for s in await broadcasts.recent(scope(ctx))]

    async def count(_session: AsyncSession, effect: Effect, ctx: DialogContext) -> Any:
        officer = scope(ctx)
        chats = await broadcasts.count(officer, Audience(effect.payload["audience"]), effect.payload.get("arg") or "")
        return AudienceCount(chats, officer.area.is_province)

    async def create(_session: AsyncSession, effect: Effect, ctx: DialogContext) -> Any:
        p = effect.payload
        when = (datetime.fromisoformat(p["when"]).replace(tzinfo=settings.timezone) if p.get("when") else None)
        return await broadcasts.create(scope(ctx), ctx.chat_id, BroadcastDraft(
            p.get("text") or "", Audience(p["audience"]), p.get("arg") or "", when,
            media_kind=p.get("media_kind") or "", media_file_id=p.get("media_file_id") or ""))

    return {"broadcast_list": listing, "broadcast_count": count, "broadcast_create": create}


def _plain_preview(text: str, limit: int = 40) -> str:
    import html
    import re

    plain = html.unescape(re.sub(r"<[^>]+>", "", text)).replace("\n", " ")
    return plain if len(plain) <= limit else plain[: limit - 1] + "…"


def build_application(settings: Settings, services: Services, *, token: str | None = None,
                      rate_limit: bool = True, webhook: bool = False) -> Application:  # type: ignore[type-arg]
    """The PTB application talking to ``settings.telegram_api_base_url``.

    ``webhook=True`` builds it without an updater: updates arrive through ``bot.webhook``.
    """
    bot_token = token or (settings.bot_token.value if settings.bot_token else None)
    if bot_token is None:
        raise ValueError("a bot token is needed to build the application")
    metrics = BotMetrics()
    gate = ReplyGate()
    builder = (
        ApplicationBuilder()
        .token(bot_token)
        .base_url(settings.telegram_api_base_url)
        .base_file_url(settings.telegram_file_base_url)
        .defaults(Defaults(parse_mode=ParseMode.HTML, tzinfo=settings.timezone))
        .concurrent_updates(PerChatUpdateProcessor(metrics=metrics, gate=gate))
    )
    if webhook:
        builder = builder.updater(None)
    if rate_limit:
        # Replies are not throttled (bulk sending has its own budget); a 429 is waited out, 3 times at most.
        builder = builder.rate_limiter(ReplyRetry())
    application = builder.build()
    application.bot_data[SERVICES_KEY] = services
    application.bot_data[METRICS_KEY] = metrics
    application.bot_data[REPLY_GATE_KEY] = gate
    metrics.track_queue(application.update_queue.qsize)
    application.bot_data[BULK_TRANSPORT_KEY] = HttpTransport(settings.telegram_api_base_url, bot_token,
                                                            connections=BULK_CONNECTIONS)
    handlers.register(application)
    return application


@contextlib.asynccontextmanager
async def serving(application: Application) -> AsyncIterator[Application]:  # type: ignore[type-arg]
    """Start the application and its background jobs for the block; updates come from the caller.

    Long polling (``polling``) and the webhook server (``bot.webhook``) both run inside this.
    """
    async with application:
        services: Services | None = application.bot_data.get(SERVICES_KEY)
        with contextlib.suppress(TelegramError):
            await application.bot.set_my_commands(command_list(Translator("vi")))
            await application.bot.set_my_commands(command_list(Translator("en")), language_code="en")
            if services is not None:
                await set_officer_menus(application.bot, services)
        if services is not None and services.notifications is not None:
            await services.notifications.recover_after_restart()
        if services is not None and application.job_queue is not None:
            # Only a timer: the digest service keeps at most one digest per officer and day in the
            # outbox (a unique key), so restarts and several workers change nothing.
            application.job_queue.run_repeating(queue_review_digests, interval=DIGEST_INTERVAL_SECONDS, first=1.0,
                                                name="review_digest")
        tasks: list[asyncio.Task[None]] = []
        stop_sender = asyncio.Event()
        bulk: HttpTransport | None = application.bot_data.get(BULK_TRANSPORT_KEY)
        if services is not None and bulk is not None:
            await bulk.start()
            sender = BroadcastSender(services.sessions, services.clock, bulk,
                                     EngineSettings(rate=services.settings.broadcast_rate),
                                     reporter=TelegramReporter(application.bot),
                                     gate=application.bot_data.get(REPLY_GATE_KEY))
            await sender.recover(single_process=services.settings.uses_sqlite)
            tasks.append(asyncio.create_task(sender.run(stop_sender), name="broadcast-sender"))
            if services.notifications is not None:
                # Personal notices share the sender's transport, budget, per-chat spacing and 429 pause.
                notices = NoticeSender(services.notifications, notice_renderer(services.rules), bulk, sender.budget,
                                       sender.spacing, gate=application.bot_data.get(REPLY_GATE_KEY))
                tasks.append(asyncio.create_task(notices.run(stop_sender), name="notice-sender"))
        await application.start()
        try:
            yield application
        finally:
            stop_sender.set()
            for task in tasks:
                with contextlib.suppress(asyncio.CancelledError):
                    await asyncio.wait_for(task, 30)
            if bulk is not None:
                await bulk.close()
            await application.stop()


@contextlib.asynccontextmanager
async def polling(application: Application, *, poll_timeout: int = 10) -> AsyncIterator[Application]:  # type: ignore[type-arg]
    """Run long polling for the duration of the block, shutting down cleanly afterwards."""
    async with serving(application):
        assert application.updater is not None
        await application.updater.start_polling(timeout=poll_timeout, poll_interval=0.0,
                                                drop_pending_updates=False)
        try:
            yield application
        finally:
            await application.updater.stop()


async def close_services(services: Services) -> None:
    await services.engine.dispose()


def configure_logging(level: str, *, stream: TextIO | None = None, secrets: Iterable[str] = ()) -> None:
    """Log to ``stream`` (stderr) at ``level``, every record masked by :mod:`bot.logsafe`.

    The masking is installed before anything is logged and covers every logger and handler, so
    DEBUG is as safe to turn on as INFO: no ID, phone or account number, nor the token, reaches
    the log.  httpx and httpcore log each request (one line per long poll) and stay at WARNING
    unless DEBUG is asked for.
    """
    log_format = "%(asctime)s %(levelname)s %(name)s: %(message)s"
    if stream is None:
        logging.basicConfig(level=level, format=log_format)
    else:  # an extra destination (tests capture the log this way), beside whatever is configured
        handler = logging.StreamHandler(stream)
        handler.setFormatter(logging.Formatter(log_format))
        logging.getLogger().addHandler(handler)
        logging.getLogger().setLevel(level)
    logsafe.install(secrets)
    logging.captureWarnings(True)
    quiet = logging.WARNING if logging.getLevelName(level) != logging.DEBUG else logging.NOTSET
    logging.getLogger("httpx").setLevel(quiet)
    logging.getLogger("httpcore").setLevel(quiet)
