"""Broadcasts against SQLite and PostgreSQL: who is reached, the ledger's claims, and the engine's outcomes."""

from __future__ import annotations

import asyncio
from datetime import date, datetime, timezone

import pytest
from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.config import TIMEZONE
from bot.delivery.engine import BroadcastSender, EngineSettings
from bot.delivery.transport import Announcement, SendKind, SendResult
from bot.domain.areas import Area, OfficerScope, Role
from bot.services.broadcasts import BroadcastDraft, BroadcastService, NotAllowed
from bot.services.clock import Clock
from bot.services.users import UserService
from storage.database import make_session_factory
from storage.models import Application, ApprovedEntry, AuditEvent, BroadcastRecipient, PaidEntry, Subscription, User
from storage.repositories.broadcasts import Audience, BroadcastRepository, BroadcastStatus, Delivery

CLOCK = Clock(TIMEZONE)
PROVINCE = OfficerScope(1, Role.PROVINCE, Area("79"))
COMMUNE = OfficerScope(2, Role.COMMUNE, Area("79", "26734"))
OTHER_PROVINCE = OfficerScope(3, Role.PROVINCE, Area("01"))


async def _users(engine: AsyncEngine, rows: list[tuple[int, str, str]]) -> None:
    now = datetime.now(timezone.utc)
    async with engine.begin() as connection:
        await connection.execute(insert(User), [
            {"id": uid, "chat_id": uid, "first_name": "", "locale": "vi", "created_at": now, "last_seen_at": now,
             "current_province_code": province, "current_ward_code": ward} for uid, province, ward in rows])


class FakeTransport:
    """Records every send; answers per chat from a script (default: delivered)."""

    def __init__(self, script: dict[int, list[SendResult]] | None = None) -> None:
        self.script = script or {}
        self.sent: list[int] = []
        self.calls: list[int] = []

    async def send(self, chat_id: int, message: Announcement) -> SendResult:
        self.calls.append(chat_id)
        answers = self.script.get(chat_id)
        if answers:
            return answers.pop(0)
        self.sent.append(chat_id)
        return SendResult(SendKind.SENT, message_id=len(self.sent))


def _sender(engine: AsyncEngine, transport: FakeTransport, rate: float = 1000.0) -> BroadcastSender:
    return BroadcastSender(make_session_factory(engine), CLOCK, transport,
                           EngineSettings(rate=rate, poll_seconds=0.01, retry_base_seconds=0.0))


async def _drain(sender: BroadcastSender, broadcast_id: int, engine: AsyncEngine, rounds: int = 50) -> None:
    sessions = make_session_factory(engine)
    for _ in range(rounds):
        await sender.tick()
        async with sessions() as session:
            record = await BroadcastRepository(session).get(broadcast_id)
        if record is not None and record.status in (BroadcastStatus.DONE, BroadcastStatus.CANCELLED):
            return
    raise AssertionError("the broadcast did not finish")


async def test_everyone_means_the_officers_area_without_opted_out_or_blocked_chats(engine: AsyncEngine) -> None:
    await _users(engine, [(10, "79", "26734"), (11, "79", "26737"), (12, "01", "00001"), (13, "79", "26734"),
                          (14, "79", "26734"), (15, "", "")])
    sessions = make_session_factory(engine)
    users = UserService(sessions, CLOCK)
    await users.set_announcements(13, False)
    await users.mark_blocked(14, True)
    service = BroadcastService(sessions, CLOCK)
    assert await service.count(PROVINCE, Audience.EVERYONE) == 2      # 10 and 11; not 12 (other province)
    assert await service.count(COMMUNE, Audience.EVERYONE) == 1       # only 10 in the commune
    await users.set_announcements(13, True)
    assert await service.count(COMMUNE, Audience.EVERYONE) == 2
    await users.place(15, "79", "26734")                              # a user who just gave an address
    assert await service.count(COMMUNE, Audience.EVERYONE) == 3


async def test_approved_unpaid_and_applicants_by_state(engine: AsyncEngine) -> None:
    now = datetime.now(timezone.utc)
    base = {"full_name": "A", "name_key": "a", "amount": 1, "row_hash": "h", "batch_id": 1, "updated_at": now,
            "current_province_code": "79", "current_ward_code": "26734", "birth_date": date(1990, 1, 1)}
    async with engine.begin() as connection:
        await connection.execute(insert(ApprovedEntry), [
            {**base, "policy_id": "p1", "id_number": "001090000001"},
            {**base, "policy_id": "p1", "id_number": "001090000002"},
            {**base, "policy_id": "p1", "id_number": "001090000003", "current_province_code": "01"}])
        await connection.execute(insert(PaidEntry), [
            {"policy_id": "p1", "id_number": "001090000002", "amount": 1, "paid_date": date(2021, 9, 1),
             "row_hash": "h", "batch_id": 2, "updated_at": now}])
        await connection.execute(insert(Subscription), [
            {"chat_id": 21, "user_id": 21, "id_number": "001090000001", "created_at": now},
            {"chat_id": 22, "user_id": 22, "id_number": "001090000002", "created_at": now},
            {"chat_id": 23, "user_id": 23, "id_number": "001090000003", "created_at": now}])
        app = {"user_id": 0, "policy_id": "p2", "full_name": "B", "name_key": "b", "birth_date": date(1990, 1, 1),
               "phone": "0900000000", "current_province_code": "79", "current_ward_code": "26734",
               "answers": {}, "submitted_at": now}
        await connection.execute(insert(Application), [
            {**app, "reference_code": "R1", "chat_id": 31, "id_number": "001090000011", "status": "submitted"},
            {**app, "reference_code": "R2", "chat_id": 32, "id_number": "001090000012", "status": "approved"},
            {**app, "reference_code": "R3", "chat_id": 33, "id_number": "001090000013", "status": "rejected"},
            {**app, "reference_code": "R4", "chat_id": 34, "id_number": "001090000014", "status": "submitted",
             "current_province_code": "01"}])
    service = BroadcastService(make_session_factory(engine), CLOCK)
    assert await service.count(PROVINCE, Audience.APPROVED_UNPAID, "p1") == 1  # chat 21: approved, not paid
    assert await service.count(PROVINCE, Audience.APPLICANTS, "pending") == 1  # 31, not 34 (other province)
    assert await service.count(PROVINCE, Audience.APPLICANTS, "approved") == 1
    assert await service.count(PROVINCE, Audience.APPLICANTS, "rejected") == 1
    with pytest.raises(ValueError):
        await service.count(PROVINCE, Audience.APPLICANTS, "anything")


async def test_two_workers_claiming_at_once_never_get_the_same_recipient(engine: AsyncEngine) -> None:
    await _users(engine, [(100 + i, "79", "26734") for i in range(300)])
    sessions = make_session_factory(engine)
    broadcast_id = await BroadcastService(sessions, CLOCK).create(PROVINCE, 1, BroadcastDraft("x", Audience.EVERYONE))
    async with sessions.begin() as session:
        assert await BroadcastRepository(session).start_due(CLOCK.utcnow()) == [broadcast_id]

    async def worker(name: str) -> list[int]:
        got: list[int] = []
        while True:
            async with sessions.begin() as session:
                claimed = await BroadcastRepository(session).claim(broadcast_id, name, CLOCK.utcnow(), 7)
            if not claimed:
                return got
            got += [c.chat_id for c in claimed]
            await asyncio.sleep(0)

    results = await asyncio.gather(*[worker(f"w{i}") for i in range(4)])
    everything = [chat for result in results for chat in result]
    assert len(everything) == len(set(everything)) == 300


async def test_engine_sends_each_once_obeys_429_marks_blocked_and_bounds_retries(engine: AsyncEngine) -> None:
    await _users(engine, [(200 + i, "79", "26734") for i in range(40)])
    sessions = make_session_factory(engine)
    transport = FakeTransport({
        201: [SendResult(SendKind.UNREACHABLE, error="Forbidden: bot was blocked by the user")],
        202: [SendResult(SendKind.UNREACHABLE, error="Bad Request: chat not found")],
        203: [SendResult(SendKind.RETRY_AFTER, retry_after=0.2)],
        204: [SendResult(SendKind.PASSING, error="boom")] * 2,        # passes on the third try
        205: [SendResult(SendKind.PASSING, error="boom")] * 10,       # never passes: given up after 4 tries
        206: [SendResult(SendKind.REFUSED, error="Bad Request: message is too long")],
    })
    service = BroadcastService(sessions, CLOCK)
    broadcast_id = await service.create(PROVINCE, 1, BroadcastDraft("<b>Chú ý</b>", Audience.EVERYONE))
    sender = _sender(engine, transport)
    await _drain(sender, broadcast_id, engine)
    async with sessions() as session:
        outcomes = await BroadcastRepository(session).outcomes_by_chat(broadcast_id)
        blocked_users = set(await session.scalars(select(User.id).where(User.blocked_at.is_not(None))))
    assert sorted(transport.sent) == sorted(set(transport.sent)), "a chat got it twice"
    assert outcomes[201] is outcomes[202] is Delivery.BLOCKED and blocked_users == {201, 202}
    assert outcomes[203] is Delivery.SENT and transport.calls.count(203) == 2
    assert outcomes[204] is Delivery.SENT and transport.calls.count(204) == 3
    assert outcomes[205] is Delivery.FAILED and transport.calls.count(205) == 4
    assert outcomes[206] is Delivery.FAILED and transport.calls.count(206) == 1
    assert sum(o is Delivery.SENT for o in outcomes.values()) == 36

    # The next broadcast skips the chats found unreachable.
    second = await service.create(PROVINCE, 1, BroadcastDraft("again", Audience.EVERYONE))
    transport.calls.clear()
    transport.script.clear()
    await _drain(sender, second, engine)
    assert 201 not in transport.calls and 202 not in transport.calls and len(transport.calls) == 38


async def test_a_row_claimed_before_a_crash_is_marked_uncertain_and_never_resent(engine: AsyncEngine) -> None:
    await _users(engine, [(300 + i, "79", "") for i in range(10)])
    sessions = make_session_factory(engine)
    broadcast_id = await BroadcastService(sessions, CLOCK).create(PROVINCE, 1, BroadcastDraft("x", Audience.EVERYONE))
    async with sessions.begin() as session:
        repo = BroadcastRepository(session)
        await repo.start_due(CLOCK.utcnow())
        crashed = await repo.claim(broadcast_id, "dead-worker", CLOCK.utcnow(), 3)  # then the process died
    transport = FakeTransport()
    sender = _sender(engine, transport)
    assert await sender.recover(single_process=True) == 3
    await _drain(sender, broadcast_id, engine)
    async with sessions() as session:
        outcomes = await BroadcastRepository(session).outcomes_by_chat(broadcast_id)
    assert {c.chat_id for c in crashed}.isdisjoint(transport.calls)
    assert {outcomes[c.chat_id] for c in crashed} == {Delivery.UNCERTAIN}
    assert sorted(transport.sent) == sorted(set(range(300, 310)) - {c.chat_id for c in crashed})


async def test_pause_resume_cancel_stay_in_the_officers_area_and_are_audited(engine: AsyncEngine) -> None:
    await _users(engine, [(400 + i, "79", "26734") for i in range(5)])
    sessions = make_session_factory(engine)
    service = BroadcastService(sessions, CLOCK)
    later = datetime(2099, 12, 5, 7, 0, tzinfo=TIMEZONE)
    broadcast_id = await service.create(PROVINCE, 1, BroadcastDraft("x", Audience.EVERYONE, scheduled_at=later))
    transport = FakeTransport()
    await _sender(engine, transport).tick()
    assert transport.calls == []  # scheduled for later: nothing goes out now
    with pytest.raises(NotAllowed):
        await service.cancel(OTHER_PROVINCE, broadcast_id)
    assert await service.pause(PROVINCE, broadcast_id)
    assert await service.resume(PROVINCE, broadcast_id)
    assert await service.cancel(PROVINCE, broadcast_id)
    assert not await service.resume(PROVINCE, broadcast_id)
    async with sessions() as session:
        actions = list(await session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))
    assert actions == ["broadcast.create", "broadcast.pause", "broadcast.resume", "broadcast.cancel"]
    summaries = await service.recent(PROVINCE)
    assert [s.broadcast.status for s in summaries] == [BroadcastStatus.CANCELLED]
    assert await service.recent(OTHER_PROVINCE) == []


async def test_a_paused_broadcast_sends_nothing_until_resumed(engine: AsyncEngine) -> None:
    await _users(engine, [(500 + i, "79", "26734") for i in range(6)])
    sessions = make_session_factory(engine)
    service = BroadcastService(sessions, CLOCK)
    broadcast_id = await service.create(PROVINCE, 1, BroadcastDraft("x", Audience.EVERYONE))
    async with sessions.begin() as session:
        await BroadcastRepository(session).start_due(CLOCK.utcnow())
    assert await service.pause(PROVINCE, broadcast_id)
    transport = FakeTransport()
    sender = _sender(engine, transport)
    await sender.tick()
    assert transport.calls == []
    assert await service.resume(PROVINCE, broadcast_id)
    await _drain(sender, broadcast_id, engine)
    assert sorted(transport.sent) == list(range(500, 506))


async def test_bulk_sending_gives_way_while_a_reply_is_being_made_but_is_never_starved(engine: AsyncEngine) -> None:
    from bot.delivery.priority import ReplyGate

    await _users(engine, [(700 + i, "79", "26734") for i in range(5)])
    sessions = make_session_factory(engine)
    broadcast_id = await BroadcastService(sessions, CLOCK).create(PROVINCE, 1, BroadcastDraft("x", Audience.EVERYONE))
    transport = FakeTransport()
    gate = ReplyGate(max_wait=5.0)
    sender = BroadcastSender(sessions, CLOCK, transport, EngineSettings(rate=1000.0, poll_seconds=0.01), gate=gate)
    with gate.replying():  # a citizen's update is being handled
        round_ = asyncio.create_task(sender.tick())
        await asyncio.sleep(0.3)
        assert transport.calls == [] and not round_.done()  # nothing sent, not even claimed, meanwhile
    await asyncio.wait_for(round_, 10)  # the reply is out: the broadcast goes on
    assert sorted(transport.sent) == [700 + i for i in range(5)]

    # Under a reply that never ends, bulk sending still goes on after ``max_wait``.
    await BroadcastService(sessions, CLOCK).create(PROVINCE, 1, BroadcastDraft("y", Audience.EVERYONE))
    transport.sent.clear()
    starving = ReplyGate(max_wait=0.05)
    sender = BroadcastSender(sessions, CLOCK, transport, EngineSettings(rate=1000.0, poll_seconds=0.01),
                             gate=starving)
    with starving.replying():
        await asyncio.wait_for(_drain(sender, broadcast_id + 1, engine), 20)
    assert len(transport.sent) == 5 and starving.waited > 0
