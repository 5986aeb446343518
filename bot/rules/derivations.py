"""Named derivations: values computed from the person's facts, declared by name in the YAML.

A rule file says ``leave_days: {days: [leave_start, leave_end]}``; the function here does the
arithmetic.  Each returns None while one of its inputs is unknown.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from bot.rules.model import Parameter


def _date(value: Any) -> date | None:
    return value if isinstance(value, date) else None


def days(start: Any, end: Any) -> int | None:
    """Consecutive days from ``start`` to ``end``, both included."""
    a, b = _date(start), _date(end)
    if a is None or b is None:
        return None
    return max((b - a).days + 1, 0)


def days_in_window(start: Any, end: Any, window_start: date, window_end: date) -> int | None:
    """Days of [start, end] that fall inside the window (support is paid only for those)."""
    a, b = _date(start), _date(end)
    if a is None or b is None:
        return None
    first, last = max(a, window_start), min(b, window_end)
    return max((last - first).days + 1, 0)


def add_months(start: Any, months: int) -> date | None:
    """The same day ``months`` later (the last day of the month when it does not exist)."""
    a = _date(start)
    if a is None:
        return None
    month_index = a.month - 1 + months
    year, month = a.year + month_index // 12, month_index % 12 + 1
    for day in (a.day, 30, 29, 28):
        try:
            return date(year, month, min(a.day, day))
        except ValueError:
            continue
    return None


def full_months(day_count: Any) -> int | None:
    """Whole months of 30 days (how NQ 42 counts months of leave)."""
    return None if day_count is None else int(day_count) // 30


def add_working_days(start: date, count: int) -> date:
    """``count`` working days after ``start``, Monday to Friday (public holidays are not counted)."""
    current = start
    while count > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            count -= 1
    return current


def derive(spec: dict[str, Any], values: dict[str, Any], params: dict[str, Parameter], when: date) -> Any:
    """Evaluate one declared derivation against the known values."""
    (name, args), = spec.items()

    def arg(x: Any) -> Any:
        if isinstance(x, str) and x.startswith("param:"):
            return params[x[6:]].at(when)
        if isinstance(x, str):
            return values.get(x)
        return x

    if name == "days":
        return days(arg(args[0]), arg(args[1]))
    if name == "days_in_window":
        return days_in_window(arg(args[0]), arg(args[1]), arg(args[2]), arg(args[3]))
    if name == "add_months":
        return add_months(arg(args[0]), int(arg(args[1])))
    if name == "full_months":
        return full_months(arg(args[0]))
    raise ValueError(f"unknown derivation {name}")
