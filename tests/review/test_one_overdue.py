"""One definition of "overdue": an application /duyet marks ⛔ is counted overdue by /thongke on the
same day, and one /duyet still has time for is not, day by day across a weekend and the April–May
2021 holidays (Giỗ Tổ Hùng Vương on Wednesday 21/4, 30/4 on a Friday, 1/5 on a Saturday made up on
Monday 3/5).  The old /thongke rule (10 calendar days) disagreed on both sides: it missed a 5-working-day
policy late after 9 days and flagged an 8-working-day one still on time after 11."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.domain.processing_times import DeadlineMark, is_overdue
from bot.i18n import Translator
from bot.reports.figures import Period
from bot.services.statistics import StatisticsService
from storage.database import make_session_factory
from tests.review.test_review_service import OFFICER_A, WARD_A, add_application, clock_at, local, service

ARTIST = "nq68_artist"             # 5 working days (QĐ 23/2021, Điều 29)
UNPAID_LEAVE = "nq42_unpaid_leave"  # 8 working days (QĐ 15/2020, Điều 2)


@pytest.fixture
async def sessions(engine: AsyncEngine) -> Any:
    sessions = make_session_factory(engine)
    async with sessions.begin() as s:
        # Monday 19/4: the 5 working days are 20, 22, 23, 26, 27/4 (21/4 is a holiday): late from 28/4.
        await add_application(s, "HS-ARTIST", WARD_A, local(2021, 4, 19), id_number="056085000001", policy_id=ARTIST)
        # Friday 16/4: 19, 20, 22, 23, 26, 27, 28, 29/4: the last day is 29/4, late from 30/4 (a holiday).
        await add_application(s, "HS-LEAVE", WARD_A, local(2021, 4, 16), id_number="056085000002",
                              policy_id=UNPAID_LEAVE, user_id=501, chat_id=501)
    return sessions


async def overdue_in_both(sessions: Any, day: date) -> tuple[set[str], set[str]]:
    """(policies /duyet marks ⛔, policies /thongke counts overdue) on ``day`` for the same officer."""
    clock = clock_at(day.year, day.month, day.day)
    async with sessions() as s:
        queue = await service(clock).queue(s, OFFICER_A)
    review = {item.policy_id for item in queue.items if item.mark is DeadlineMark.OVERDUE}
    report = (await StatisticsService(sessions, clock).export(OFFICER_A, Period(None, None), Translator("vi"),
                                                              chart=False)).report
    statistics = {p for p in report.policies if report.of_policy(p).overdue}
    assert report.total.overdue == len(statistics)
    return review, statistics


async def test_duyet_and_thongke_call_the_same_application_overdue_every_day(sessions: Any) -> None:
    day = date(2021, 4, 19)
    while day <= date(2021, 5, 6):  # weekends, 21/4, 30/4, 1/5 and its make-up Monday 3/5
        review, statistics = await overdue_in_both(sessions, day)
        assert review == statistics, day
        day += timedelta(days=1)


async def test_working_days_and_holidays_decide_not_ten_calendar_days(sessions: Any) -> None:
    assert await overdue_in_both(sessions, date(2021, 4, 27)) == (set(), set())  # 11 days after 16/4: on time
    assert await overdue_in_both(sessions, date(2021, 4, 28)) == ({ARTIST}, {ARTIST})  # 9 days after 19/4: late
    assert await overdue_in_both(sessions, date(2021, 4, 29)) == ({ARTIST}, {ARTIST})  # leave: its last day
    both = {ARTIST, UNPAID_LEAVE}
    assert await overdue_in_both(sessions, date(2021, 4, 30)) == (both, both)  # late on a holiday too


def test_the_pure_definition_across_the_holiday() -> None:
    assert not is_overdue(UNPAID_LEAVE, date(2021, 4, 16), date(2021, 4, 29))
    assert is_overdue(UNPAID_LEAVE, date(2021, 4, 16), date(2021, 4, 30))
    assert not is_overdue(ARTIST, date(2021, 4, 19), date(2021, 4, 27))
    assert is_overdue(ARTIST, date(2021, 4, 19), date(2021, 4, 28))
