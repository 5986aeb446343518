"""Named derivations: values computed from the person's answers, declared by name in the YAML.

A rule file writes ``leave_days: {days_in_window: {start: leave_start, end: leave_end,
from: window_start, to: window_end}}``; the function of that name here does the arithmetic, so
no policy needs Python of its own.  Every function returns None while an input is unknown,
which the engine turns into "ask for that input".

Also here: the date arithmetic the laws use (months counted as in the Civil Code, working days).
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any


def _known(*values: Any) -> bool:
    return all(v is not None for v in values)


def days(start: date | None, end: date | None) -> int | None:
    """Days from ``start`` to ``end``, both included (a one-day stop is 1); 0 if ``end`` is earlier."""
    if not _known(start, end):
        return None
    assert start is not None and end is not None
    return max((end - start).days + 1, 0)


def days_in_window(start: date | None, end: date | None, from_: date, to: date) -> int | None:
    """Days of [start, end] inside the window [from_, to]: support counts only those days."""
    if not _known(start, end):
        return None
    assert start is not None and end is not None
    return days(max(start, from_), min(end, to))


def whole_months(day_count: int | None, month_days: int) -> int | None:
    """Whole months of ``month_days`` days in ``day_count`` (how the 2020 support counted months)."""
    return None if day_count is None else day_count // month_days


def add_months(start: date, months: int) -> date:
    """The corresponding day ``months`` later, or the last day of that month if it has no such day.

    Bộ luật Dân sự 2015 Điều 148 khoản 3: a period in months ends on the corresponding day of
    its last month, or on that month's last day.
    """
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def next_working_day(day: date) -> date:
    """``day`` itself on Monday–Friday, else the following Monday (public holidays are not known here)."""
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def deadline_after_months(event: date | None, months: int) -> date | None:
    """Last day of a period of ``months`` counted from an event (Civil Code Điều 147, 148).

    The period ends on the corresponding day; when that is a Saturday or Sunday it ends on the
    next working day (khoản 5).  Public holidays are not counted: the deadline may be later.
    """
    if event is None:
        return None
    return next_working_day(add_months(event, months))


def nth_day(start: date, n: int) -> date:
    """The ``n``-th calendar day counting ``start`` as day 1 (TCTN 2013: "ngày thứ 16")."""
    return start + timedelta(days=n - 1)


def nth_working_day(start: date, n: int) -> date:
    """The ``n``-th working day (Monday–Friday) counting ``start`` as day 1 when it is one.

    Public holidays are not counted (they are not known here), so the real date may be later.
    """
    day = next_working_day(start)
    for _ in range(n - 1):
        day = next_working_day(day + timedelta(days=1))
    return day


Derivation = Callable[..., Any]

# name -> (function, ordered roles).  Roles name the YAML keys; each role's value is a fact,
# a derived value or a parameter.
DERIVATIONS: dict[str, tuple[Derivation, tuple[str, ...]]] = {
    "days": (days, ("start", "end")),
    "days_in_window": (days_in_window, ("start", "end", "from", "to")),
    "whole_months": (whole_months, ("days", "month_days")),
    "deadline_after_months": (deadline_after_months, ("date", "months")),
}

# Which roles must be dates (the loader checks the facts and parameters it is given).
DATE_ROLES = {"start", "end", "from", "to", "date"}
