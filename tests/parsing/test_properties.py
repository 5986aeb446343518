"""Property tests of every parser (issue 7, "Tests that keep it so"): whatever is typed, a parser
answers or refuses with a ParseError, never another exception; and what it accepts round-trips
(formatting the value and reading it back gives the same value)."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.parsing import (
    MonthYear, ParseError, YesNo, format_date_vi, format_money_plain, format_month_vi, format_phone_national,
    match_choice, match_unit, normalize_name, normalize_phone, parse_count, parse_date, parse_money,
    parse_month_year, parse_months, parse_person_id, parse_yes_no_unknown,
)
from bot.parsing.address import _legacy_rows

TODAY = date(2026, 11, 25)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# What people type: Vietnamese letters, digits, separators, and anything else Unicode offers.
VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
typed = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=VIETNAMESE + VIETNAMESE.upper() + "0123456789 /.,-+()'", max_size=40),
)


def _refuses_cleanly(parse, text: str) -> None:  # type: ignore[no-untyped-def]
    try:
        parse(text)
    except ParseError:
        pass


@FAST
@given(typed)
def test_no_parser_raises_anything_but_a_parse_error(text: str) -> None:
    _refuses_cleanly(lambda t: parse_date(t, today=TODAY), text)
    _refuses_cleanly(lambda t: parse_date(t, today=TODAY, allow_future=False), text)
    _refuses_cleanly(parse_month_year, text)
    _refuses_cleanly(parse_person_id, text)
    _refuses_cleanly(normalize_phone, text)
    _refuses_cleanly(normalize_name, text)
    _refuses_cleanly(parse_money, text)
    _refuses_cleanly(parse_count, text)
    _refuses_cleanly(parse_months, text)
    _refuses_cleanly(parse_yes_no_unknown, text)
    match_choice(text, [("r1", ["Vùng I"]), ("r2", ["Vùng II"])])


@FAST
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_dates_round_trip(value: date) -> None:
    assert parse_date(format_date_vi(value), today=TODAY) == value
    assert parse_date(f"ngày {value.day} tháng {value.month} năm {value.year}", today=TODAY) == value


@FAST
@given(st.integers(1900, 2100), st.integers(1, 12))
def test_months_round_trip(year: int, month: int) -> None:
    value = MonthYear(year, month)
    assert parse_month_year(format_month_vi(value)) == value
    assert parse_month_year(f"tháng {month} năm {year}") == value


@FAST
@given(st.sampled_from(["0", "1", "2", "3", "4", "5"]), st.text(alphabet="0123456789", min_size=11, max_size=11))
def test_id_numbers_round_trip(first: str, rest: str) -> None:
    number = (first + rest)[:12]
    assert parse_person_id(number).number == number
    spaced = " ".join(number[i:i + 3] for i in range(0, 12, 3))
    assert parse_person_id(spaced).number == number
    assert parse_person_id(number[:9]).kind == "cmnd"


@FAST
@given(st.sampled_from(["32", "56", "70", "81", "90", "98", "28"]), st.text(alphabet="0123456789", min_size=7,
                                                                            max_size=7))
def test_phones_round_trip(prefix: str, rest: str) -> None:
    e164 = normalize_phone("0" + prefix + rest + ("0" if prefix == "28" else ""))
    assert normalize_phone(e164) == e164
    assert normalize_phone(format_phone_national(e164)) == e164


@FAST
@given(typed)
def test_accepted_names_round_trip(text: str) -> None:
    try:
        name = normalize_name(text)
    except ParseError:
        return
    assert normalize_name(name) == name


@FAST
@given(st.integers(0, 10**12))
def test_money_round_trips(amount: int) -> None:
    assert parse_money(format_money_plain(amount)) == amount
    assert parse_money(str(amount)) == amount


@FAST
@given(st.integers(0, 600))
def test_counts_and_months_round_trip(n: int) -> None:
    assert parse_months(f"{n} tháng") == n
    if n <= 20:
        assert parse_count(str(n)) == n


@FAST
@given(st.sampled_from(["có", "không", "không biết"]), st.sampled_from(["", "dạ ", "Dạ "]),
       st.sampled_from(["", " ạ", " nhé"]))
def test_yes_no_unknown_with_politeness(word: str, before: str, after: str) -> None:
    expected = {"có": YesNo.YES, "không": YesNo.NO, "không biết": YesNo.UNKNOWN}[word]
    assert parse_yes_no_unknown(before + word + after) is expected


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(range(len(_legacy_rows()))))
def test_addresses_round_trip(index: int) -> None:
    row = _legacy_rows()[index]
    ward, district, province, ward_code = row[0], row[1], row[2], str(row[3])
    found = match_unit(f"{ward}, {district}, {province}")
    assert any(c.ward_code == ward_code for c in found)
    for candidate in found:  # what is shown back reads back as the same unit
        assert any(c.ward_code == candidate.ward_code for c in match_unit(candidate.label))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(typed)
def test_addresses_never_raise(text: str) -> None:
    match_unit(text)
