"""Cells the way offices' files really hold them."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from bot.lists.cells import CellError, display, to_birth, to_date, to_money, to_person_id, to_sex

TODAY = date(2026, 11, 25)


@pytest.mark.parametrize(("value", "expected"), [
    ("15/07/2021", date(2021, 7, 15)), ("15-7-21", date(2021, 7, 15)), ("5/9/2021", date(2021, 9, 5)),
    ("15.07.2021", date(2021, 7, 15)), ("2021-07-15", date(2021, 7, 15)), ("15/07/2021 00:00:00", date(2021, 7, 15)),
    (44392, date(2021, 7, 15)), (44392.0, date(2021, 7, 15)), ("44392", date(2021, 7, 15)),
    (datetime(2021, 7, 15, 0, 0), date(2021, 7, 15)), (date(2021, 7, 15), date(2021, 7, 15)),
    ("ngày 15 tháng 7 năm 2021", date(2021, 7, 15)), (None, None), ("  ", None),
])
def test_dates(value: object, expected: date | None) -> None:
    assert to_date(value, today=TODAY) == expected


@pytest.mark.parametrize(("value", "reason"), [
    ("31/02/2021", "invalid"), ("abc", "format"), (10_000_000, "serial"), (True, "format"),
])
def test_bad_dates(value: object, reason: str) -> None:
    with pytest.raises(CellError) as error:
        to_date(value, today=TODAY)
    assert error.value.code == "date_invalid" and error.value.params["reason"] == reason


def test_two_digit_birth_years_are_in_the_past() -> None:
    assert to_birth("15-7-85", today=TODAY) == (date(1985, 7, 15), 1985)
    assert to_birth("3/2/01", today=TODAY) == (date(2001, 2, 3), 2001)


@pytest.mark.parametrize(("value", "expected"), [
    (1985, (None, 1985)), ("1985", (None, 1985)), (1985.0, (None, 1985)),
    (31243, (date(1985, 7, 15), 1985)), (datetime(1985, 7, 15), (date(1985, 7, 15), 1985)),
])
def test_birth_year_only_or_full_date(value: object, expected: tuple[date | None, int]) -> None:
    assert to_birth(value, today=TODAY) == expected


@pytest.mark.parametrize("value", ["1/1/2030", "1850", "30/2/1990", "x"])
def test_bad_birth_dates(value: object) -> None:
    with pytest.raises(CellError) as error:
        to_birth(value, today=TODAY)
    assert error.value.code == "birth_date_invalid"


@pytest.mark.parametrize(("value", "expected"), [
    ("3.710.000", 3_710_000), (3710000, 3_710_000), (3710000.0, 3_710_000), ("3,710,000 đ", 3_710_000),
    ("3710000", 3_710_000), ("3.710.000 VNĐ", 3_710_000), ("3 710 000", 3_710_000), ("3.710.000,00", 3_710_000),
    ("3710000.0", 3_710_000), ("1.855.000đ", 1_855_000), ("3,71 triệu", 3_710_000), ("3.710.000 ñ", 3_710_000),
    ("3.710.000 ®", 3_710_000), (None, None), ("", None),
])
def test_money(value: object, expected: int | None) -> None:
    assert to_money(value) == expected


def test_money_in_thousands() -> None:
    assert to_money("3.710", multiplier=1000) == 3_710_000
    assert to_money(3710, multiplier=1000) == 3_710_000
    assert to_money(1855.5, multiplier=1000) == 1_855_500
    assert to_money("1.855,5", multiplier=1000) == 1_855_500


@pytest.mark.parametrize(("value", "reason"), [
    ("0", "not_positive"), ("-3.710.000", "not_positive"), (3710000.5, "fraction"), ("ba triệu", "format"),
    ("3,710,000 x", "format"), ("3,710,000 ®®", "format"),
])
def test_bad_money(value: object, reason: str) -> None:
    with pytest.raises(CellError) as error:
        to_money(value)
    assert error.value.code == "amount_invalid" and error.value.params["reason"] == reason


@pytest.mark.parametrize(("value", "number", "kind"), [
    (79123456789, "079123456789", "cccd"),          # a number cell lost the leading zero
    (1123456789, "001123456789", "cccd"),           # Hà Nội: two zeros lost
    (79123456789.0, "079123456789", "cccd"),
    ("79123456789", "079123456789", "cccd"),        # exported from such a cell to CSV
    ("079123456789", "079123456789", "cccd"),
    ("'079123456789", "079123456789", "cccd"),      # typed with Excel's text prefix
    ("079 123 456 789", "079123456789", "cccd"),
    ("CCCD: 079.123.456.789", "079123456789", "cccd"),
    ("7.9123456789E+10", "079123456789", "cccd"),   # full precision survived
    (12345678, "012345678", "cmnd"),
    ("123456789", "123456789", "cmnd"),
])
def test_person_ids(value: object, number: str, kind: str) -> None:
    pid = to_person_id(value)
    assert (pid.number, pid.kind) == (number, kind)


@pytest.mark.parametrize(("value", "code"), [
    ("7.91235E+10", "id_precision_lost"), ("12345", "id_length"), ("0791234567890123", "id_length"),
    ("abc", "id_invalid"), (79123456789.5, "id_invalid"), (True, "id_invalid"),
])
def test_bad_person_ids(value: object, code: str) -> None:
    with pytest.raises(CellError) as error:
        to_person_id(value)
    assert error.value.code == code


@pytest.mark.parametrize(("text", "sex"), [
    ("Nam", "male"), ("NỮ", "female"), ("nu", "female"), ("Nữ ", "female"), ("x", None), (None, None),
])
def test_sex(text: str | None, sex: str | None) -> None:
    assert to_sex(text) == sex


def test_display() -> None:
    assert display(79123456789.0) == "79123456789"
    assert display(datetime(2021, 7, 15)) == "15/07/2021"
    assert display(None) == ""
