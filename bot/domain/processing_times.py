"""How long the office may take to decide an application, per policy, and where that comes from.

The rule files (``bot/rules/documents``) describe who files where, but hold no structured
processing time yet, so the times live here, one line per policy, each with its source.  Where a
document sets the days of each step, the time is the sum of the steps the local offices handle
after receiving a complete dossier; where it does not (or the count is not verified), the line
says it is a default.  ``policies.md`` in the project notes holds the research behind them.

A time limit is counted from the day after the dossier was received (Bộ luật Dân sự 2015,
Điều 147): working days skip weekends and holidays (:mod:`bot.domain.workdays`); a limit in
calendar days that ends on a day off moves to the next working day (Điều 148 khoản 5).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo
from enum import StrEnum

from bot.domain.workdays import add_working_days, next_working_day_on_or_after, working_days_between


class DayUnit(StrEnum):
    WORKING = "working"    # ngày làm việc
    CALENDAR = "calendar"  # ngày (lịch)


@dataclass(frozen=True)
class ProcessingTime:
    days: int
    unit: DayUnit
    source: str
    is_default: bool = False

    def deadline(self, received: date) -> date:
        """The last day on which the decision is still on time."""
        if self.unit is DayUnit.WORKING:
            return add_working_days(received, self.days)
        return next_working_day_on_or_after(date.fromordinal(received.toordinal() + self.days))


DEFAULT = ProcessingTime(7, DayUnit.WORKING, "Mặc định của hệ thống (văn bản không quy định riêng hoặc chưa đối chiếu); "
                         "QĐ 23/2021/QĐ-TTg hướng tới chi trả trong 07–10 ngày", is_default=True)

PROCESSING_TIMES: dict[str, ProcessingTime] = {
    # QĐ 23/2021: Sở VHTTDL 3 ngày làm việc + UBND tỉnh 2 ngày làm việc (Điều 29).
    "nq68_artist": ProcessingTime(5, DayUnit.WORKING, "Quyết định 23/2021/QĐ-TTg, Điều 29"),
    # QĐ 23/2021: UBND xã 3 + Chi cục Thuế 2 + UBND huyện 2 + UBND tỉnh 2 ngày làm việc (Điều 36).
    "nq68_household_business": ProcessingTime(9, DayUnit.WORKING, "Quyết định 23/2021/QĐ-TTg, Điều 36 (chưa đối chiếu số điều)"),
    # QĐ 15/2020: BHXH 3 + UBND huyện 3 + Chủ tịch UBND tỉnh 2 ngày làm việc (Điều 2).
    "nq42_unpaid_leave": ProcessingTime(8, DayUnit.WORKING, "Quyết định 15/2020/QĐ-TTg, Điều 2"),
    # QĐ 15/2020: xã 5 ngày + Chi cục Thuế 2 + UBND huyện 3 + UBND tỉnh 2 (Điều 3), counted as working days.
    "nq42_household_business": ProcessingTime(12, DayUnit.WORKING, "Quyết định 15/2020/QĐ-TTg, Điều 3"),
    # QĐ 28/2021: BHXH chi trả trong 10 ngày làm việc (Điều 3 khoản 2).
    "nq116_stopped": ProcessingTime(10, DayUnit.WORKING, "Quyết định 28/2021/QĐ-TTg, Điều 3 khoản 2"),
    # Luật Việc làm 2013: quyết định hưởng trợ cấp trong 20 ngày kể từ ngày nhận đủ hồ sơ (Điều 46 khoản 3).
    "tctn_2013": ProcessingTime(20, DayUnit.CALENDAR, "Luật Việc làm 2013, Điều 46 khoản 3"),
    "tctn_2025": ProcessingTime(20, DayUnit.WORKING, "Mặc định (Luật Việc làm 2025: chưa đối chiếu thời hạn giải quyết)",
                                is_default=True),
}


def received_on(submitted_at: datetime, resubmitted_at: datetime | None, tz: ZoneInfo) -> date:
    """The local day the office received the dossier complete, from which its time limit runs:
    the day it was filed, or, for one sent back for a missing paper, the day the paper came
    (the documents count "kể từ ngày nhận đủ hồ sơ"; README, Decisions)."""
    return (resubmitted_at or submitted_at).astimezone(tz).date()


def processing_time(policy_id: str) -> ProcessingTime:
    return PROCESSING_TIMES.get(policy_id, DEFAULT)


class DeadlineMark(StrEnum):
    ON_TIME = "on_time"
    NEAR = "near"      # ⚠️ at most NEAR_DAYS working days left
    OVERDUE = "overdue"  # ⛔ past the last day


NEAR_DAYS = 1


@dataclass(frozen=True)
class Timeliness:
    """Where one application stands against its time limit on ``today``."""

    received: date
    deadline: date
    waited: int      # working days since receipt
    left: int        # working days from today to the deadline (0: due today; negative: overdue)
    limit: ProcessingTime

    @property
    def mark(self) -> DeadlineMark:
        if self.left < 0:
            return DeadlineMark.OVERDUE
        if self.left <= NEAR_DAYS:
            return DeadlineMark.NEAR
        return DeadlineMark.ON_TIME


def timeliness(policy_id: str, received: date, today: date) -> Timeliness:
    """Where an application of ``policy_id`` received (complete) on ``received`` stands on ``today``."""
    limit = processing_time(policy_id)
    deadline = limit.deadline(received)
    if today > deadline:  # a weekend right after the last day is already late
        left = -max(1, working_days_between(deadline, today))
    else:
        left = working_days_between(today, deadline)
    return Timeliness(received, deadline, max(0, working_days_between(received, today)), left, limit)


def is_overdue(policy_id: str, received: date, today: date) -> bool:
    """The one definition of "overdue": /duyet marks it ⛔, the digest counts it and /thongke reports
    it.  Past the last day its policy's processing time allows (working or calendar days, as the
    document says, public holidays skipped), whoever asks."""
    return timeliness(policy_id, received, today).mark is DeadlineMark.OVERDUE
