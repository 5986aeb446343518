"""Dates as Vietnamese people type them: 15/7/2021, 15-07-21, 15.7.2021, "ngày 15 tháng 7 năm 2021",
and months: "8/2021", "tháng 8 năm 2021", "T8/2021".

A month alone is not a date: :func:`parse_date` refuses it with the code ``date_month_only`` (and
the month as parameters), so the question can accept it where a month is enough or ask for the day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bot.parsing.errors import ParseError
from bot.parsing.text import fold

_WORDS = re.compile(r"\b(ngay|thang|nam)\b")
_DMY = re.compile(r"^(\d{1,2})\s*[/\-. ]\s*(\d{1,2})(?:\s*[/\-. ]\s*(\d{2}|\d{4}))?$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_MONTH = re.compile(r"^(?:t\s*)?(\d{1,2})\s*[/\-. ]\s*(\d{4})$")


@dataclass(frozen=True, order=True)
class MonthYear:
    """A calendar month, for answers where the day does not matter."""

    year: int
    month: int

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)


def _clean(text: str) -> str:
    cleaned = _WORDS.sub(" ", fold(str(text)).lower())
    return re.sub(r"\s+", " ", cleaned).strip(" .,")


def _year(text: str, today: date, past: bool) -> int:
    value = int(text)
    if len(text) == 4:
        return value
    year = 2000 + value
    if past and year > today.year:
        year -= 100
    return year


def _build(y: int, m: int, d: int) -> date:
    try:
        return date(y, m, d)
    except ValueError as error:
        raise ParseError("date_invalid") from error


def parse_month_year(text: str) -> MonthYear | None:
    """"8/2021", "tháng 8 năm 2021", "T8/2021" -> MonthYear; None when the text is not a month."""
    match = _MONTH.match(_clean(text))
    if not match:
        return None
    month, year = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12 or not 1900 <= year <= 9999:
        raise ParseError("date_invalid")
    return MonthYear(year, month)


def parse_date(text: str, *, today: date, allow_future: bool = True, two_digit_pivot: str = "past") -> date:
    """A full date; a month without a day raises ParseError("date_month_only", month=, year=)."""
    cleaned = _clean(text)
    month_only = parse_month_year(text)
    if month_only is not None:
        raise ParseError("date_month_only", month=month_only.month, year=month_only.year)
    iso = _ISO.match(cleaned)
    if iso:
        value = _build(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
    else:
        match = _DMY.match(cleaned)
        if not match:
            raise ParseError("date_format")
        day, month, year_text = int(match.group(1)), int(match.group(2)), match.group(3)
        if year_text is None:
            value = _build(today.year, month, day)
            if not allow_future and value > today:
                value = _build(today.year - 1, month, day)
        else:
            value = _build(_year(year_text, today, two_digit_pivot == "past"), month, day)
    if value.year < 1900:
        raise ParseError("date_invalid")
    if not allow_future and value > today:
        raise ParseError("date_future")
    return value


def parse_month(text: str, *, today: date) -> date:
    """The first day of a typed month ("8/2021" -> 1/8/2021)."""
    month = parse_month_year(text)
    if month is None:
        raise ParseError("date_format")
    return month.first_day


def format_date_vi(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def format_month_vi(value: MonthYear) -> str:
    return f"{value.month:02d}/{value.year}"
