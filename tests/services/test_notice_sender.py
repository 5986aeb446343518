"""Personal notices leave through the delivery engine's transport, budget, per-chat spacing and 429 pause,
against the local Bot API server with Telegram's limits on; they still reach people who turned
announcements off."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.config import TIMEZONE
from bot.delivery.budget import ChatSpacing, RateBudget
from bot.delivery.notices import NoticeSender
from bot.delivery.transport import HttpTransport
from bot.handlers.notify import notice_renderer
from bot.localapi.limits import FloodLimits
from bot.localapi.server import LocalBotApi
from bot.localapi.state import Fault
from bot.rules import load_rulebook
from bot.services.clock import Clock
from bot.services.notifications import NotificationService
from storage.database import make_session_factory
from storage.models import Notification, User
from storage.repositories.imports import ImportRepository
from tests.conftest import FIXED_NOW

PAID = {"policy_id": "x", "amount": 1_855_000, "paid_date": "2021-09-01"}


async def _queue(engine: AsyncEngine, chat_id: int, key: str) -> None:
    async with make_session_factory(engine).begin() as s:
        await ImportRepository(s).queue_notification(engine.dialect.name, chat_id, "paid", key, PAID, "vi", FIXED_NOW)


async def _statuses(engine: AsyncEngine) -> dict[str, str]:
    async with make_session_factory(engine)() as s:
        return {k: st for k, st in await s.execute(select(Notification.dedupe_key, Notification.status))}


def _bot_messages(api: LocalBotApi, chat_id: int) -> list[dict]:  # type: ignore[type-arg]
    chat = api.world.chat(chat_id)
    assert chat is not None
    return [m for m in chat.messages.values() if m.get("from", {}).get("id") == api.world.bot["id"]]


async def test_notices_share_the_bulk_limits_and_reach_people_who_turned_announcements_off(
        engine: AsyncEngine) -> None:
    now = datetime.now(timezone.utc)
    async with engine.begin() as connection:  # Lan turned announcements off with /tatthongbao
        await connection.execute(insert(User), [{"id": 11, "chat_id": 11, "first_name": "Lan", "locale": "vi",
                                                 "created_at": now, "last_seen_at": now, "announcements_off": True}])
    for key in ("paid:a", "paid:b"):  # two notices for one chat: one second apart, never a 429
        await _queue(engine, 11, key)
    await _queue(engine, 12, "paid:c")
    sessions = make_session_factory(engine)
    async with LocalBotApi() as api:
        for chat_id in (11, 12):
            api.world.register({"id": chat_id, "first_name": f"N{chat_id}"})
        api.world.limits = FloodLimits(global_rate=30, chat_rate=1.0, chat_burst=1.0)
        api.world.faults["sendmessage"] = [Fault("429", retry_after=1)]  # Telegram says: wait a second
        transport = HttpTransport(api.base_url, "123:TEST")
        budget = RateBudget(30)
        try:
            sender = NoticeSender(NotificationService(sessions, Clock(TIMEZONE, FIXED_NOW)),
                                  notice_renderer(load_rulebook()), transport, budget, ChatSpacing())
            first = await sender.round()
            assert first.postponed and first.delivered == 0  # the 429 ends the pass and pauses the budget
            assert budget._paused_until > 0
            assert sorted((await _statuses(engine)).values()) == ["pending"] * 3

            later = NoticeSender(NotificationService(sessions, Clock(TIMEZONE, FIXED_NOW + timedelta(minutes=1))),
                                 notice_renderer(load_rulebook()), transport, budget, ChatSpacing())
            second = await later.round()
        finally:
            await transport.close()
        assert second.delivered == 3 and set((await _statuses(engine)).values()) == {"sent"}
        assert api.world.limits.rejected == 0  # the per-chat spacing kept Lan's two notices apart
        lan = _bot_messages(api, 11)
        assert len(lan) == 2 and all(m["_method"] == "sendMessage" and m["_parse_mode"] == "HTML" for m in lan)
        assert all("1.855.000" in m["text"] for m in lan)
        assert len(_bot_messages(api, 12)) == 1


async def test_a_chat_that_blocked_the_bot_is_recorded_and_not_tried_again(engine: AsyncEngine) -> None:
    await _queue(engine, 21, "paid:blocked")
    sessions = make_session_factory(engine)
    async with LocalBotApi() as api:
        api.world.register({"id": 21, "first_name": "Hoa"}).blocked = True
        transport = HttpTransport(api.base_url, "123:TEST")
        try:
            sender = NoticeSender(NotificationService(sessions, Clock(TIMEZONE, FIXED_NOW)),
                                  notice_renderer(load_rulebook()), transport, RateBudget(30), ChatSpacing())
            await sender.round()
            assert (await sender.round()).claimed == 0
        finally:
            await transport.close()
    assert await _statuses(engine) == {"paid:blocked": "blocked"}
