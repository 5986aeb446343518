"""Unprompted notices: sent once; the one in flight at a crash is sent again (at least once) and listed;
postponed on flood control, dropped for blocked users."""

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine
from telegram.error import Forbidden, RetryAfter, TimedOut

from telegram.error import NetworkError

from bot.delivery.transport import SendKind, SendResult, classify
from bot.services.clock import Clock
from bot.services.notifications import NotificationService
from storage.database import make_session_factory
from storage.models import Notification
from storage.repositories.imports import ImportRepository
from tests.conftest import FIXED_NOW
from bot.config import TIMEZONE


def telegram(bot_send):  # type: ignore[no-untyped-def]
    """A sender whose failures arrive as the Bot API answers them, read by the transport's ``classify``
    (``bot.delivery.notices`` sends through ``HttpTransport``; timeouts and network errors are its own)."""
    async def send(notice):  # type: ignore[no-untyped-def]
        try:
            await bot_send(notice)
        except RetryAfter as error:
            return classify({"ok": False, "error_code": 429, "description": "Too Many Requests",
                             "parameters": {"retry_after": int(getattr(error.retry_after, "total_seconds",
                                                                       lambda: error.retry_after)())}})
        except Forbidden as error:
            return classify({"ok": False, "error_code": 403, "description": str(error)})
        except TimedOut:
            return SendResult(SendKind.UNCERTAIN, error="timed out")
        except NetworkError as error:
            return SendResult(SendKind.PASSING, error=str(error))
        return classify({"ok": True, "result": {"message_id": 1}})
    return send


async def queue(engine: AsyncEngine, chat_id: int, key: str) -> None:
    async with make_session_factory(engine).begin() as s:
        await ImportRepository(s).queue_notification(engine.dialect.name, chat_id, "paid", key,
                                                     {"policy_id": "x", "amount": 1, "paid_date": "2021-09-01"}, "vi",
                                                     FIXED_NOW)


async def statuses(engine: AsyncEngine) -> dict[int, str]:
    async with make_session_factory(engine)() as s:
        return {c: st for c, st in await s.execute(select(Notification.chat_id, Notification.status))}


async def test_the_same_news_is_queued_once_and_sent_once(engine: AsyncEngine) -> None:
    await queue(engine, 1, "paid:x:2021-09-01")
    await queue(engine, 1, "paid:x:2021-09-01")  # a re-import of the same paid list
    service = NotificationService(make_session_factory(engine), Clock(TIMEZONE, FIXED_NOW))
    sent: list[int] = []

    async def send(notice) -> None:  # type: ignore[no-untyped-def]
        sent.append(notice.chat_id)

    assert (await service.send_due(telegram(send))).delivered == 1
    assert (await service.send_due(telegram(send))).delivered == 0
    assert sent == [1]
    assert (await statuses(engine))[1] == "sent"


async def test_the_notice_in_flight_at_a_crash_is_sent_again_at_start_up_and_listed(engine: AsyncEngine) -> None:
    await queue(engine, 2, "k")
    await queue(engine, 7, "other")
    sessions = make_session_factory(engine)
    service = NotificationService(sessions, Clock(TIMEZONE, FIXED_NOW))

    async def crash(notice) -> None:  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt  # the process dies mid-send

    with pytest.raises(KeyboardInterrupt):
        await service.send_due(telegram(crash))
    recovery = await service.recover_after_restart()
    assert (recovery.requeued, recovery.given_up) == (1, 0)  # only the one in flight, not the whole batch
    calls: list[int] = []

    async def send(notice) -> None:  # type: ignore[no-untyped-def]
        calls.append(notice.chat_id)

    assert (await service.send_due(telegram(send))).delivered == 2 and sorted(calls) == [2, 7]
    assert await statuses(engine) == {2: "sent", 7: "sent"}
    assert [chat for _id, chat in await service.maybe_twice()] == [2]


async def test_a_notice_that_keeps_crashing_the_sender_is_given_up(engine: AsyncEngine) -> None:
    await queue(engine, 8, "poison")
    service = NotificationService(make_session_factory(engine), Clock(TIMEZONE, FIXED_NOW))

    async def crash(notice) -> None:  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt

    for _ in range(5):
        with pytest.raises(KeyboardInterrupt):
            await service.send_due(telegram(crash))
        await service.recover_after_restart()
    assert (await statuses(engine))[8] == "failed"


async def test_flood_control_postpones_and_blocked_users_are_recorded(engine: AsyncEngine) -> None:
    await queue(engine, 3, "a")
    await queue(engine, 4, "b")
    sessions = make_session_factory(engine)
    service = NotificationService(sessions, Clock(TIMEZONE, FIXED_NOW))

    async def send(notice) -> None:  # type: ignore[no-untyped-def]
        if notice.chat_id == 3:
            raise Forbidden("Forbidden: bot was blocked by the user")
        raise RetryAfter(timedelta(seconds=30))

    await service.send_due(telegram(send))
    assert await statuses(engine) == {3: "blocked", 4: "pending"}
    later = NotificationService(sessions, Clock(TIMEZONE, FIXED_NOW + timedelta(seconds=31)))
    delivered: list[int] = []

    async def ok(notice) -> None:  # type: ignore[no-untyped-def]
        delivered.append(notice.chat_id)

    assert (await later.send_due(telegram(ok))).delivered == 1 and delivered == [4]


async def test_a_timeout_is_retried_and_listed_because_it_may_not_have_arrived(engine: AsyncEngine) -> None:
    await queue(engine, 5, "t")
    sessions = make_session_factory(engine)
    service = NotificationService(sessions, Clock(TIMEZONE, FIXED_NOW))

    async def slow(notice) -> None:  # type: ignore[no-untyped-def]
        raise TimedOut()

    await service.send_due(telegram(slow))
    assert (await statuses(engine))[5] == "pending"
    later = NotificationService(sessions, Clock(TIMEZONE, FIXED_NOW + timedelta(minutes=1)))
    delivered: list[int] = []

    async def ok(notice) -> None:  # type: ignore[no-untyped-def]
        delivered.append(notice.chat_id)

    await later.send_due(telegram(ok))
    assert delivered == [5] and [chat for _id, chat in await later.maybe_twice()] == [5]


async def test_a_network_failure_is_retried_a_few_times_then_given_up(engine: AsyncEngine) -> None:
    await queue(engine, 6, "n")
    sessions = make_session_factory(engine)

    async def unreachable(notice) -> None:  # type: ignore[no-untyped-def]
        raise NetworkError("connection refused")

    for minute in range(6):
        service = NotificationService(sessions, Clock(TIMEZONE, FIXED_NOW + timedelta(minutes=minute)))
        await service.send_due(telegram(unreachable))
    assert (await statuses(engine))[6] == "failed"
