"""The working-day calendar an office counts its time limits in."""

from __future__ import annotations

from datetime import date

import pytest

from bot.domain.processing_times import DayUnit, DeadlineMark, ProcessingTime, timeliness
from bot.domain.workdays import DayKind, add_working_days, day_kind, is_tabled, is_working_day, working_days_between


def test_tet_2021_days_off_are_wednesday_10_to_tuesday_16_february() -> None:
    assert is_working_day(date(2021, 2, 9))          # 28 Tết: still at work
    for day in (10, 11, 12, 15, 16):
        assert day_kind(date(2021, 2, day)) is DayKind.HOLIDAY
    assert is_working_day(date(2021, 2, 17))         # back on mùng 6


def test_tet_2022_edges_monday_31_january_to_friday_4_february() -> None:
    assert is_working_day(date(2022, 1, 28))
    assert not is_working_day(date(2022, 1, 31))
    assert not is_working_day(date(2022, 2, 4))
    assert is_working_day(date(2022, 2, 7))
    # a dossier received on Friday 28/1/2022 with 2 working days: Monday 7 and Tuesday 8 February
    assert add_working_days(date(2022, 1, 28), 2) == date(2022, 2, 8)


def test_holiday_on_a_weekend_is_made_up_on_the_next_working_day() -> None:
    assert day_kind(date(2022, 1, 3)) is DayKind.COMPENSATORY     # 1/1/2022 was a Saturday
    assert day_kind(date(2022, 4, 11)) is DayKind.COMPENSATORY    # Giỗ Tổ 10/4/2022 was a Sunday
    # 30/4 (Sat) and 1/5 (Sun) 2022: Monday 2 and Tuesday 3 May
    assert day_kind(date(2022, 5, 2)) is DayKind.COMPENSATORY
    assert day_kind(date(2022, 5, 3)) is DayKind.COMPENSATORY
    assert is_working_day(date(2022, 5, 4))
    # 2023: Giỗ Tổ on Saturday 29/4, 30/4 Sunday, 1/5 Monday is a holiday itself: made up on 2 and 3 May
    assert day_kind(date(2023, 5, 2)) is DayKind.COMPENSATORY
    assert day_kind(date(2023, 5, 3)) is DayKind.COMPENSATORY
    assert day_kind(date(2023, 9, 4)) is DayKind.COMPENSATORY     # 2/9/2023 was a Saturday


def test_national_day_has_a_second_day_from_2021_and_swapped_saturdays_are_worked() -> None:
    assert not is_working_day(date(2021, 9, 3))
    assert is_working_day(date(2020, 9, 3))
    assert not is_working_day(date(2025, 5, 2))                   # bridge day…
    assert is_working_day(date(2025, 4, 26))                      # …worked on Saturday 26/4/2025
    assert not is_working_day(date(2026, 11, 24))                 # Ngày Văn hóa Việt Nam


def test_counting_working_days_skips_weekends_and_tet() -> None:
    assert working_days_between(date(2021, 2, 8), date(2021, 2, 18)) == 3   # 9, 17, 18 February
    assert working_days_between(date(2021, 2, 18), date(2021, 2, 8)) == -3
    assert is_tabled(2027) and not is_tabled(2019)


@pytest.mark.parametrize(("today", "left", "mark"), [
    (date(2026, 11, 30), 3, DeadlineMark.ON_TIME),
    (date(2026, 12, 2), 1, DeadlineMark.NEAR),       # ⚠️ one working day left
    (date(2026, 12, 3), 0, DeadlineMark.NEAR),       # the last day
    (date(2026, 12, 5), -1, DeadlineMark.OVERDUE),   # ⛔ the Saturday after: Friday 4 was already late
    (date(2026, 12, 7), -2, DeadlineMark.OVERDUE),
])
def test_deadline_marks_with_a_moving_today(today: date, left: int, mark: DeadlineMark) -> None:
    # received Monday 23/11/2026; 7 working days skip Ngày Văn hóa 24/11 and the weekend: Thursday 3/12
    t = timeliness("nq68_unpaid_leave", date(2026, 11, 23), today)
    assert t.deadline == date(2026, 12, 3)
    assert (t.left, t.mark) == (left, mark)


def test_a_calendar_day_limit_ending_on_a_day_off_moves_to_the_next_working_day() -> None:
    limit = ProcessingTime(20, DayUnit.CALENDAR, "test")
    assert limit.deadline(date(2021, 1, 23)) == date(2021, 2, 17)   # 12/2 is Tết: … 20 days = 12/2 → 17/2
