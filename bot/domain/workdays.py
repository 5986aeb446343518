"""Vietnam's working-day calendar: weekends, public holidays, compensatory days and swapped days.

Officers must answer applications within a number of *working days* ("ngày làm việc"), so the
review queue counts days the way an office does.  The rules are:

- Saturdays and Sundays are the weekly rest days of state offices.
- Public holidays (Bộ luật Lao động 2019, Điều 112 khoản 1): Tết Dương lịch 1/1, Tết Âm lịch
  (the government fixes the days off each year), Giỗ Tổ Hùng Vương 10/3 âm lịch, 30/4, 1/5,
  Quốc khánh 2/9 plus one day before or after (from 2021; the Labour Code 2012 gave one day).
- A holiday falling on a weekly rest day is made up on the next working day (Điều 111 khoản 3).
- The government may move a working day to a Saturday ("hoán đổi ngày làm việc") to give a
  bridge day; the Saturday then becomes a working day ("làm bù").

Lunar dates and the government's announced days off are tabled per year (2020–2027) below,
because they are decisions, not arithmetic.  Outside the table only weekends and the fixed
solar holidays are known; :func:`is_tabled` says whether a year is covered.

This module is pure: no clock, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum


@dataclass(frozen=True)
class YearTable:
    """The announced decisions of one year; each list holds working days (Mon–Fri) unless noted."""

    tet_days_off: tuple[date, ...]        # weekdays off for Tết Nguyên đán, as announced
    hung_kings: date                      # 10/3 âm lịch (may fall on a weekend: then made up)
    national_day_extra: date | None       # the day before or after 2/9 (None before 2021)
    bridge_days_off: tuple[date, ...] = ()    # weekdays given off by a swap
    make_up_saturdays: tuple[date, ...] = ()  # Saturdays worked in exchange
    extra_holidays: tuple[date, ...] = ()     # other paid holidays of that year
    source: str = ""


def _d(text: str) -> date:
    return date.fromisoformat(text)


def _days(*texts: str) -> tuple[date, ...]:
    return tuple(_d(t) for t in texts)


# Tết: the Ministry of Labour (from 2025 the Ministry of Home Affairs) announces each year the days
# off for civil servants, approved by the Prime Minister; companies usually follow it.  Numbers of the
# notices are not all verified; the dates were checked against the published schedules.
YEARS: dict[int, YearTable] = {
    2020: YearTable(  # Canh Tý: mùng 1 = 25/1/2020 (Sat); off 23/1–29/1
        tet_days_off=_days("2020-01-23", "2020-01-24", "2020-01-27", "2020-01-28", "2020-01-29"),
        hung_kings=_d("2020-04-02"), national_day_extra=None,
        source="Thông báo của Bộ LĐTBXH về lịch nghỉ Tết Canh Tý 2020; Bộ luật Lao động 2012, Điều 115"),
    2021: YearTable(  # Tân Sửu: mùng 1 = 12/2/2021 (Fri); off 10/2–16/2
        tet_days_off=_days("2021-02-10", "2021-02-11", "2021-02-12", "2021-02-15", "2021-02-16"),
        hung_kings=_d("2021-04-21"), national_day_extra=_d("2021-09-03"),
        source="Thông báo 5711/TB-LĐTBXH (2020) về lịch nghỉ Tết Tân Sửu 2021 (số thông báo chưa đối chiếu)"),
    2022: YearTable(  # Nhâm Dần: mùng 1 = 1/2/2022 (Tue); off 29/1–6/2
        tet_days_off=_days("2022-01-31", "2022-02-01", "2022-02-02", "2022-02-03", "2022-02-04"),
        hung_kings=_d("2022-04-10"), national_day_extra=_d("2022-09-01"),
        source="Thông báo của Bộ LĐTBXH về lịch nghỉ Tết Nhâm Dần 2022 (29/1–6/2/2022)"),
    2023: YearTable(  # Quý Mão: mùng 1 = 22/1/2023 (Sun); off 20/1–26/1
        tet_days_off=_days("2023-01-20", "2023-01-23", "2023-01-24", "2023-01-25", "2023-01-26"),
        hung_kings=_d("2023-04-29"), national_day_extra=_d("2023-09-01"),
        source="Thông báo của Bộ LĐTBXH về lịch nghỉ Tết Quý Mão 2023 (20/1–26/1/2023)"),
    2024: YearTable(  # Giáp Thìn: mùng 1 = 10/2/2024 (Sat); off 8/2–14/2
        tet_days_off=_days("2024-02-08", "2024-02-09", "2024-02-12", "2024-02-13", "2024-02-14"),
        hung_kings=_d("2024-04-18"), national_day_extra=_d("2024-09-03"),
        bridge_days_off=_days("2024-04-29"), make_up_saturdays=_days("2024-05-04"),
        source="Thông báo 6150/TB-LĐTBXH (2023) về lịch nghỉ Tết Giáp Thìn 2024; hoán đổi 29/4 với thứ Bảy 4/5/2024"),
    2025: YearTable(  # Ất Tỵ: mùng 1 = 29/1/2025 (Wed); off 25/1–2/2
        tet_days_off=_days("2025-01-27", "2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31"),
        hung_kings=_d("2025-04-07"), national_day_extra=_d("2025-09-01"),
        bridge_days_off=_days("2025-05-02"), make_up_saturdays=_days("2025-04-26"),
        source="Công văn của Bộ LĐTBXH về lịch nghỉ Tết Ất Tỵ 2025 (25/1–2/2/2025); hoán đổi 2/5 với thứ Bảy 26/4/2025"),
    2026: YearTable(  # Bính Ngọ: mùng 1 = 17/2/2026 (Tue); off 14/2–22/2
        tet_days_off=_days("2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20"),
        hung_kings=_d("2026-04-26"), national_day_extra=_d("2026-09-01"),
        bridge_days_off=_days("2026-08-31"), make_up_saturdays=_days("2026-08-22"),
        extra_holidays=_days("2026-11-24"),
        source="Thông báo của Bộ Nội vụ về lịch nghỉ Tết Bính Ngọ 2026 (14/2–22/2/2026); hoán đổi 31/8 với thứ "
               "Bảy 22/8/2026; Ngày Văn hóa Việt Nam 24/11 là ngày nghỉ từ năm 2026 (văn bản chưa đối chiếu)"),
    2027: YearTable(  # Đinh Mùi: mùng 1 = 6/2/2027 (Sat); NOT YET ANNOUNCED: estimated like 2024 (29 Tết – mùng 5)
        tet_days_off=_days("2027-02-04", "2027-02-05", "2027-02-08", "2027-02-09", "2027-02-10"),
        hung_kings=_d("2027-04-16"), national_day_extra=_d("2027-09-03"),
        extra_holidays=_days("2027-11-24"),
        source="Ước tính: lịch nghỉ Tết Đinh Mùi 2027 chưa được công bố; cập nhật khi có thông báo"),
}


class DayKind(StrEnum):
    WORKING = "working"
    WEEKEND = "weekend"
    HOLIDAY = "holiday"          # a public holiday, a Tết day off or a bridge day
    COMPENSATORY = "compensatory"  # made up for a holiday that fell on a weekend


def is_tabled(year: int) -> bool:
    """Whether the lunar holidays and announced days off of ``year`` are known here."""
    return year in YEARS


def _fixed_holidays(year: int) -> list[date]:
    """Holidays that are legally days off, before compensation (may fall on weekends)."""
    days = [date(year, 1, 1), date(year, 4, 30), date(year, 5, 1), date(year, 9, 2)]
    table = YEARS.get(year)
    if table is not None:
        days.append(table.hung_kings)
        if table.national_day_extra is not None:
            days.append(table.national_day_extra)
        days.extend(table.extra_holidays)
    return sorted(days)


_CACHE: dict[int, dict[date, DayKind]] = {}


def _year_days_off(year: int) -> dict[date, DayKind]:
    """Every weekday of ``year`` that is not worked, with why; make-up Saturdays are handled apart."""
    cached = _CACHE.get(year)
    if cached is not None:
        return cached
    off: dict[date, DayKind] = {}
    table = YEARS.get(year)
    if table is not None:
        for day in (*table.tet_days_off, *table.bridge_days_off):
            off[day] = DayKind.HOLIDAY
    holidays = _fixed_holidays(year)
    for day in holidays:
        if day.weekday() < 5:
            off[day] = DayKind.HOLIDAY
    for day in holidays:  # Điều 111 khoản 3: made up on the next working day
        if day.weekday() >= 5:
            nxt = day + timedelta(days=1)
            while nxt.weekday() >= 5 or nxt in off:
                nxt += timedelta(days=1)
            off[nxt] = DayKind.COMPENSATORY
    _CACHE[year] = off
    return off


def day_kind(day: date) -> DayKind:
    """Why ``day`` is or is not a working day for a state office."""
    table = YEARS.get(day.year)
    if table is not None and day in table.make_up_saturdays:
        return DayKind.WORKING
    if day.weekday() >= 5:
        return DayKind.WEEKEND
    return _year_days_off(day.year).get(day, DayKind.WORKING)


def is_working_day(day: date) -> bool:
    return day_kind(day) is DayKind.WORKING


def add_working_days(start: date, n: int) -> date:
    """The ``n``-th working day after ``start`` (``start`` itself is not counted; n=0 gives ``start``)."""
    day = start
    while n > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            n -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end``; negative when ``end`` is earlier."""
    if end < start:
        return -working_days_between(end, start)
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def next_working_day_on_or_after(day: date) -> date:
    """A time limit that ends on a day off ends on the next working day (Bộ luật Dân sự 2015, Điều 148 khoản 5)."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day
