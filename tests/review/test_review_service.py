"""Reviewing applications on time, at the service level, on SQLite and PostgreSQL: what an officer of
each area sees and may decide, what the applicant is told, what the approved list and the audit
trail hold afterwards."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from sqlalchemy import select, text, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from bot.config import TIMEZONE
from bot.domain.areas import Area, OfficerScope, Role
from bot.domain.processing_times import DeadlineMark
from bot.services.audit_log import AuditLogService, AuditQuery
from bot.services.clock import Clock
from bot.services.review import Decision, DecisionKind, DecisionOutcome, RejectReason, ReviewService
from bot.rules import load_rulebook
from storage.database import make_session_factory
from storage.models import Application, ApprovedEntry, AuditEvent, Notification, User
from storage.repositories.audit import AuditGroup
from storage.repositories.publication import PublicationRepository

RULES = load_rulebook()
PROVINCE, WARD_A, WARD_B = "56", "22333", "22334"
PROVINCE_OFFICER = OfficerScope(1, Role.PROVINCE, Area(PROVINCE))
OFFICER_A = OfficerScope(2, Role.COMMUNE, Area(PROVINCE, WARD_A))
OFFICER_B = OfficerScope(3, Role.COMMUNE, Area(PROVINCE, WARD_B))
SUPERVISOR_A = OfficerScope(4, Role.SUPERVISOR, Area(PROVINCE, WARD_A))
SCOPES = {s.user_id: s for s in (PROVINCE_OFFICER, OFFICER_A, OFFICER_B, SUPERVISOR_A)}


def clock_at(year: int, month: int, day: int, hour: int = 9) -> Clock:
    return Clock(TIMEZONE, datetime(year, month, day, hour, 0, tzinfo=TIMEZONE))


async def scope_of(_session: AsyncSession, user_id: int) -> OfficerScope | None:
    return SCOPES.get(user_id)


def service(clock: Clock, scopes: Any = scope_of) -> ReviewService:
    return ReviewService(clock, RULES, scopes)


async def add_application(session: AsyncSession, code: str, ward: str, received: datetime, *, id_number: str,
                          name: str = "Nguyễn Văn An", user_id: int = 500, chat_id: int = 500,
                          policy_id: str = "nq68_unpaid_leave", locale: str = "vi") -> int:
    if await session.get(User, user_id) is None:
        session.add(User(id=user_id, chat_id=chat_id, first_name="A", locale=locale))
    answers = {"policy_id": policy_id, "full_name": name, "birth_date": "1985-07-15", "id_number": id_number,
               "period_start": "2021-07-01", "period_end": "2021-08-15", "pregnant": False, "children_under_6": 1,
               "address_unit": {"label": "Phường X, Khánh Hòa"}, "reason": "Công ty tạm dừng"}
    row = Application(reference_code=code, user_id=user_id, chat_id=chat_id, policy_id=policy_id,
                      id_number=id_number, full_name=name, name_key=name.lower(), birth_date=date(1985, 7, 15),
                      phone="0912345678", current_province_code=PROVINCE, current_ward_code=ward, answers=answers,
                      status="submitted", status_note="", submitted_at=received)
    session.add(row)
    await session.flush()
    return row.id


def local(year: int, month: int, day: int, hour: int = 10) -> datetime:
    return datetime(year, month, day, hour, tzinfo=TIMEZONE)


@pytest.fixture
def sessions(engine: AsyncEngine) -> Any:
    return make_session_factory(engine)


async def test_the_queue_is_the_areas_oldest_first_and_marks_near_and_late_as_the_clock_moves(sessions: Any) -> None:
    async with sessions.begin() as s:
        await add_application(s, "HS-NEW", WARD_A, local(2026, 11, 30), id_number="079085000001")
        await add_application(s, "HS-OLD", WARD_A, local(2026, 11, 20), id_number="079085000002")
        await add_application(s, "HS-B", WARD_B, local(2026, 11, 19), id_number="079085000003")
    async with sessions() as s:
        queue = await service(clock_at(2026, 11, 25)).queue(s, OFFICER_A)
        codes = [i.reference_code for i in queue.items]
        assert codes == ["HS-OLD", "HS-NEW"] and queue.total == 2        # never commune B's
        province = await service(clock_at(2026, 11, 25)).queue(s, PROVINCE_OFFICER)
        assert [i.reference_code for i in province.items] == ["HS-B", "HS-OLD", "HS-NEW"]
        # HS-OLD: received Friday 20/11; 7 working days (24/11 is a holiday): due Wednesday 2/12
        old = (await service(clock_at(2026, 11, 26)).queue(s, OFFICER_A)).items[0]
        assert (old.timing.deadline, old.timing.waited, old.mark) == (date(2026, 12, 2), 3, DeadlineMark.ON_TIME)
        assert (await service(clock_at(2026, 12, 1)).queue(s, OFFICER_A)).items[0].mark is DeadlineMark.NEAR
        assert (await service(clock_at(2026, 12, 3)).queue(s, OFFICER_A)).items[0].mark is DeadlineMark.OVERDUE


async def test_approving_puts_the_person_on_the_approved_list_with_the_computed_amount_and_tells_them(
        sessions: Any) -> None:
    async with sessions.begin() as s:
        app_id = await add_application(s, "HS-1", WARD_A, local(2026, 11, 20), id_number="079085000001", locale="en")
    review = service(clock_at(2026, 11, 25))
    async with sessions.begin() as s:
        card = await review.card(s, OFFICER_A, app_id)
        assert card is not None and card.computed_amount == 4_710_000          # 3.71 M + one child 1 M
        assert card.person.masked_id == "*********001"
        assert await review.decide(s, OFFICER_A.user_id, Decision(app_id, DecisionKind.APPROVE)) is DecisionOutcome.DONE
    async with sessions() as s:
        entry = (await s.execute(select(ApprovedEntry.policy_id, ApprovedEntry.amount,
                                        ApprovedEntry.current_ward_code))).one()
        assert tuple(entry) == ("nq68_unpaid_leave", 4_710_000, WARD_A)
        notice = (await s.execute(select(Notification.chat_id, Notification.kind, Notification.locale,
                                         Notification.payload))).one()
        assert notice[:3] == (500, "application_approved", "en") and notice[3]["amount"] == 4_710_000
        actions = [a for (a,) in await s.execute(select(AuditEvent.action).order_by(AuditEvent.id))]
        assert actions == ["application.view", "application.approve"]
        assert (await PublicationRepository(s).stamp())[0] == 1  # the public page's figures follow
    async with sessions.begin() as s:  # a second officer, a second click: told it is done already
        assert await review.decide(s, PROVINCE_OFFICER.user_id,
                                   Decision(app_id, DecisionKind.REJECT, RejectReason.NOT_ELIGIBLE)) \
            is DecisionOutcome.ALREADY_DECIDED


async def test_a_different_amount_needs_a_reason_and_is_kept(sessions: Any) -> None:
    async with sessions.begin() as s:
        app_id = await add_application(s, "HS-1", WARD_A, local(2026, 11, 20), id_number="079085000001")
    review = service(clock_at(2026, 11, 25))
    async with sessions.begin() as s:
        assert await review.decide(s, 2, Decision(app_id, DecisionKind.APPROVE, amount=3_710_000)) \
            is DecisionOutcome.REASON_NEEDED
    async with sessions() as s:
        assert (await s.get(Application, app_id)).status == "submitted"  # type: ignore[union-attr]
    async with sessions.begin() as s:
        assert await review.decide(s, 2, Decision(app_id, DecisionKind.APPROVE, amount=3_710_000,
                                                  amount_reason="Trẻ đã đủ 6 tuổi")) is DecisionOutcome.DONE
    async with sessions() as s:
        row = await s.get(Application, app_id)
        assert row is not None and (row.status, row.approved_amount, row.amount_reason) == \
            ("approved", 3_710_000, "Trẻ đã đủ 6 tuổi")
        assert await s.scalar(select(ApprovedEntry.amount)) == 3_710_000


async def test_reject_and_send_back_record_the_reason_and_tell_the_applicant(sessions: Any) -> None:
    async with sessions.begin() as s:
        first = await add_application(s, "HS-1", WARD_A, local(2026, 11, 20), id_number="079085000001")
        second = await add_application(s, "HS-2", WARD_A, local(2026, 11, 20), id_number="079085000002",
                                       user_id=501, chat_id=501)
    review = service(clock_at(2026, 11, 25))
    async with sessions.begin() as s:
        assert await review.decide(s, 2, Decision(first, DecisionKind.REJECT, RejectReason.OTHER)) \
            is DecisionOutcome.REASON_NEEDED                              # "other" needs words
        assert await review.decide(s, 2, Decision(first, DecisionKind.REJECT, RejectReason.ALREADY_SUPPORTED)) \
            is DecisionOutcome.DONE
        assert await review.decide(s, 2, Decision(second, DecisionKind.RETURN)) is DecisionOutcome.REASON_NEEDED
        assert await review.decide(s, 2, Decision(second, DecisionKind.RETURN,
                                                  note="Bản sao thỏa thuận nghỉ không lương")) is DecisionOutcome.DONE
    async with sessions() as s:
        rows = {r.reference_code: r for r in (await s.scalars(select(Application))).all()}
        assert (rows["HS-1"].status, rows["HS-1"].decision_reason) == ("rejected", "already_supported")
        assert rows["HS-2"].status == "returned" and rows["HS-2"].sent_back_at is not None
        notices = {c: (k, p) for c, k, p in await s.execute(select(Notification.chat_id, Notification.kind,
                                                                   Notification.payload))}
        assert notices[500][0] == "application_rejected" and notices[500][1]["reason_code"] == "already_supported"
        assert notices[501] == ("application_returned", notices[501][1])
        assert notices[501][1]["reason"] == "Bản sao thỏa thuận nghỉ không lương"
        assert await s.scalar(select(ApprovedEntry.id)) is None


async def test_the_same_person_twice_is_shown_side_by_side(sessions: Any) -> None:
    async with sessions.begin() as s:  # an old CMND from one chat, the new CCCD from another person's chat
        first = await add_application(s, "HS-1", WARD_A, local(2026, 11, 20), id_number="225123456")
        await add_application(s, "HS-2", WARD_A, local(2026, 11, 23), id_number="056085000123",
                              user_id=777, chat_id=777)
        await add_application(s, "HS-3", WARD_A, local(2026, 11, 23), id_number="056085000999",
                              name="Trần Thị Bình", user_id=778, chat_id=778)
    async with sessions.begin() as s:
        card = await service(clock_at(2026, 11, 25)).card(s, OFFICER_A, first)
    assert card is not None
    assert [(d.reference_code, d.masked_id, d.same_chat) for d in card.duplicates] == \
        [("HS-2", "*********123", False)]


async def test_a_commune_officer_never_sees_nor_decides_another_communes_application(sessions: Any) -> None:
    async with sessions.begin() as s:
        app_b = await add_application(s, "HS-B", WARD_B, local(2026, 11, 20), id_number="079085000003")
    review = service(clock_at(2026, 11, 25))
    async with sessions.begin() as s:
        assert (await review.queue(s, OFFICER_A)).total == 0
        assert await review.card(s, OFFICER_A, app_b) is None
        assert await review.decide(s, OFFICER_A.user_id, Decision(app_b, DecisionKind.APPROVE)) \
            is DecisionOutcome.NOT_FOUND
        assert await review.decide(s, SUPERVISOR_A.user_id, Decision(app_b, DecisionKind.APPROVE)) \
            is DecisionOutcome.NOT_OFFICER                               # read-only
        assert await review.decide(s, 999, Decision(app_b, DecisionKind.APPROVE)) is DecisionOutcome.NOT_OFFICER
    async with sessions() as s:
        assert (await s.get(Application, app_b)).status == "submitted"  # type: ignore[union-attr]
        assert await s.scalar(select(Notification.id)) is None


async def test_an_officer_removed_after_opening_the_card_can_no_longer_decide(sessions: Any) -> None:
    async with sessions.begin() as s:
        app_id = await add_application(s, "HS-1", WARD_A, local(2026, 11, 20), id_number="079085000001")
    current: dict[int, OfficerScope] = dict(SCOPES)

    async def changing_scope(_s: AsyncSession, user_id: int) -> OfficerScope | None:
        return current.get(user_id)

    review = service(clock_at(2026, 11, 25), changing_scope)
    async with sessions.begin() as s:
        assert await review.card(s, OFFICER_A, app_id) is not None
    del current[OFFICER_A.user_id]
    async with sessions.begin() as s:
        assert await review.decide(s, OFFICER_A.user_id, Decision(app_id, DecisionKind.APPROVE)) \
            is DecisionOutcome.NOT_OFFICER


async def test_the_daily_digest_is_queued_once_per_officer_and_day_after_seven(sessions: Any) -> None:
    async with sessions.begin() as s:
        s.add(User(id=OFFICER_A.user_id, chat_id=9002, first_name="Cán bộ", locale="vi"))
        await add_application(s, "HS-OLD", WARD_A, local(2026, 11, 10), id_number="079085000001")
        await add_application(s, "HS-B", WARD_B, local(2026, 11, 10), id_number="079085000002")
    async with sessions.begin() as s:
        assert not await service(clock_at(2026, 11, 25, 6)).queue_digest(s, OFFICER_A)   # before 07:00
    async with sessions.begin() as s:
        assert await service(clock_at(2026, 11, 25, 7)).queue_digest(s, OFFICER_A)
    async with sessions.begin() as s:  # a restart, a second worker: nothing more
        assert not await service(clock_at(2026, 11, 25, 15)).queue_digest(s, OFFICER_A)
    async with sessions() as s:
        (payload,) = (await s.scalars(select(Notification.payload).where(Notification.chat_id == 9002))).all()
        assert payload["overdue"] == 1 and payload["codes"] == ["HS-OLD"]


async def test_audit_events_cannot_be_changed_or_deleted(engine: AsyncEngine, sessions: Any) -> None:
    async with sessions.begin() as s:
        app_id = await add_application(s, "HS-1", WARD_A, local(2026, 11, 20), id_number="079085000001")
        await service(clock_at(2026, 11, 25)).card(s, OFFICER_A, app_id)
    for statement in (update(AuditEvent).values(action="nothing"), text("DELETE FROM audit_events")):
        with pytest.raises(DBAPIError, match="append-only"):
            async with sessions.begin() as s:
                await s.execute(statement)
    async with sessions() as s:
        assert await s.scalar(select(AuditEvent.action)) == "application.view"


async def test_the_audit_log_is_read_by_area_filtered_and_holds_no_personal_numbers(sessions: Any) -> None:
    async with sessions.begin() as s:
        a = await add_application(s, "HS-A", WARD_A, local(2026, 11, 20), id_number="079085000001")
        b = await add_application(s, "HS-B", WARD_B, local(2026, 11, 20), id_number="079085000002",
                                  user_id=501, chat_id=501)
    async with sessions.begin() as s:
        await service(clock_at(2026, 11, 24)).card(s, OFFICER_A, a)
    async with sessions.begin() as s:
        await service(clock_at(2026, 11, 25)).decide(s, OFFICER_A.user_id, Decision(a, DecisionKind.APPROVE))
        await service(clock_at(2026, 11, 25)).decide(
            s, OFFICER_B.user_id, Decision(b, DecisionKind.REJECT, RejectReason.NOT_ELIGIBLE))
    log = AuditLogService(clock_at(2026, 11, 25))
    async with sessions() as s:
        everything = await log.read(s, PROVINCE_OFFICER, AuditQuery())
        assert everything is not None
        assert [(r.action, r.object_id) for r in everything.records] == [
            ("application.reject", "HS-B"), ("application.approve", "HS-A"), ("application.view", "HS-A")]
        supervised = await log.read(s, SUPERVISOR_A, AuditQuery())
        assert supervised is not None and {r.object_id for r in supervised.records} == {"HS-A"}
        by_officer = await log.read(s, PROVINCE_OFFICER, AuditQuery(actor_user_id=OFFICER_B.user_id))
        assert by_officer is not None and [r.object_id for r in by_officer.records] == ["HS-B"]
        on_the_24th = await log.read(s, PROVINCE_OFFICER, AuditQuery(day=date(2026, 11, 24)))
        assert on_the_24th is not None and [r.action for r in on_the_24th.records] == ["application.view"]
        decisions = await log.read(s, PROVINCE_OFFICER, AuditQuery(group=AuditGroup.IMPORTS))
        assert decisions is not None and decisions.total == 0
        assert await log.read(s, OFFICER_A, AuditQuery()) is None       # commune officers do not read it
        shown = repr(everything.records)
        assert "079085000001" not in shown and "079085000002" not in shown


async def test_the_same_id_number_sent_from_two_chats_is_shown_side_by_side(engine: AsyncEngine, sessions: Any) -> None:
    """A second application with the same ID number is kept (never refused: a stranger must not block
    the real person), and both are shown together; a copy from another commune is not this officer's."""
    async with sessions.begin() as s:
        first = await add_application(s, "HS-1", WARD_A, local(2026, 11, 20), id_number="056085000123")
        await add_application(s, "HS-2", WARD_A, local(2026, 11, 21), id_number="056085000123",
                              name="Nguyen Van An", user_id=901, chat_id=901)
        await add_application(s, "HS-3", WARD_B, local(2026, 11, 21), id_number="056085000123",
                              user_id=902, chat_id=902)
    async with sessions.begin() as s:
        card = await service(clock_at(2026, 11, 25)).card(s, OFFICER_A, first)
    assert card is not None   # commune B's copy exists but is not this officer's to see
    assert [(d.reference_code, d.same_chat) for d in card.duplicates] == [("HS-2", False)]
