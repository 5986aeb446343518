"""What citizens actually type (issue 8 item 2): polite and dialect yes/no, "không biết", months
without a day, numbers with units, choices named in words, addresses from after July 2025."""

from __future__ import annotations

from datetime import date

import pytest

from bot.parsing import (
    MonthYear, ParseError, YesNo, match_choice, match_unit, parse_count, parse_date, parse_money,
    parse_month_year, parse_months, parse_yes_no, parse_yes_no_unknown,
)

TODAY = date(2026, 11, 25)


@pytest.mark.parametrize("typed", ["dạ có ạ", "vâng", "dạ vâng", "ừ", "uh", "có nhé", "Dạ", "vâng ạ", "đúng rồi ạ"])
def test_polite_and_dialect_yes(typed: str) -> None:
    assert parse_yes_no(typed) is True


@pytest.mark.parametrize("typed", ["không ạ", "dạ không", "hông", "ko có", "dạ không có ạ", "chưa ạ", "không phải"])
def test_polite_and_dialect_no(typed: str) -> None:
    assert parse_yes_no(typed) is False


@pytest.mark.parametrize("typed", ["không biết", "ko biết", "dạ không biết ạ", "chưa rõ", "không chắc", "không nhớ"])
def test_not_knowing_is_never_read_as_no(typed: str) -> None:
    assert parse_yes_no_unknown(typed) is YesNo.UNKNOWN
    with pytest.raises(ParseError) as error:
        parse_yes_no(typed)
    assert error.value.code == "yesno_unknown"


@pytest.mark.parametrize("typed", ["tháng 8 năm 2021", "8/2021", "T8/2021", "thang 08 nam 2021", "08-2021"])
def test_a_month_without_a_day(typed: str) -> None:
    assert parse_month_year(typed) == MonthYear(2021, 8)
    with pytest.raises(ParseError) as error:  # where a full date is needed, the question asks for the day
        parse_date(typed, today=TODAY)
    assert error.value.code == "date_month_only" and error.value.params == {"month": 8, "year": 2021}


def test_full_dates_are_not_taken_for_months() -> None:
    assert parse_month_year("15/8/2021") is None and parse_date("15/8/2021", today=TODAY) == date(2021, 8, 15)


@pytest.mark.parametrize("typed, n", [("2 con", 2), ("có 2 con", 2), ("3 nhân khẩu", 3), ("không ạ", 0),
                                      ("tám", 8), ("hai đứa", 2)])
def test_counts_with_units(typed: str, n: int) -> None:
    assert parse_count(typed, min=0, max=30) == n


@pytest.mark.parametrize("typed, n", [("30 tháng", 30), ("24 thang", 24), ("hai mươi bốn tháng", 24), ("2 năm", 24),
                                      ("1 năm 6 tháng", 18)])
def test_months_with_units(typed: str, n: int) -> None:
    assert parse_months(typed, max=600) == n


def test_a_number_out_of_range_says_the_range() -> None:
    with pytest.raises(ParseError) as error:
        parse_months("30 tháng", max=24)
    assert error.value.code == "months_range" and error.value.params == {"min": 0, "max": 24}


@pytest.mark.parametrize("typed, amount", [("7,5 triệu", 7_500_000), ("7.500.000 đồng/tháng", 7_500_000),
                                           ("7 triệu rưỡi", None), ("5tr", 5_000_000)])
def test_money_with_units(typed: str, amount: int | None) -> None:
    if amount is None:
        with pytest.raises(ParseError):
            parse_money(typed)
    else:
        assert parse_money(typed) == amount


REGIONS = [("r1", ["Vùng I"]), ("r2", ["Vùng II"]), ("r3", ["Vùng III"]), ("r4", ["Vùng IV"])]


@pytest.mark.parametrize("typed, value", [("vung 1", "r1"), ("vùng I", "r1"), ("VUNG IV", "r4"), ("vùng 3", "r3"),
                                          ("2", "r2"), ("vung 5", None)])
def test_regions_typed_any_way(typed: str, value: str | None) -> None:
    assert match_choice(typed, REGIONS) == value


SITUATIONS = [("unpaid_leave", ["Tạm hoãn HĐLĐ, nghỉ không lương"]), ("work_stoppage", ["Phải ngừng việc"]),
              ("contract_ended", ["Nghỉ việc, chấm dứt hợp đồng"])]


@pytest.mark.parametrize("typed, value", [("tam hoan hop dong", "unpaid_leave"), ("nghỉ không lương", "unpaid_leave"),
                                          ("ngung viec", "work_stoppage"), ("cham dut hd", "contract_ended"),
                                          ("xin chào", None)])
def test_free_text_that_names_a_button_picks_it(typed: str, value: str | None) -> None:
    assert match_choice(typed, SITUATIONS) == value


def test_a_text_fitting_two_choices_picks_neither() -> None:
    assert match_choice("nghỉ", [("a", ["Nghỉ việc"]), ("b", ["Nghỉ không lương"])]) is None


@pytest.mark.parametrize("typed, ward, province", [
    ("phường Tân Định, TP HCM", "Phường Tân Định", "Thành phố Hồ Chí Minh"),
    ("phường An Hội, tỉnh Vĩnh Long", "Phường An Hội", "Tỉnh Vĩnh Long"),
    ("phuong an hoi, vinh long", "Phường An Hội", "Tỉnh Vĩnh Long"),
])
def test_addresses_after_the_2025_reform(typed: str, ward: str, province: str) -> None:
    [unit] = match_unit(typed)
    assert unit.era == "2025" and unit.current_label == f"{ward}, {province}"
    assert "Quận" not in unit.label and "Huyện" not in unit.label and not unit.district_name


def test_old_addresses_still_work_and_give_todays_unit_without_a_district() -> None:
    [unit] = match_unit("phường 1, quận 3, TP Hồ Chí Minh")
    assert unit.era == "legacy" and unit.label == "Phường 1, Quận 3, Thành phố Hồ Chí Minh"
    assert unit.current_label == "Phường Bàn Cờ, Thành phố Hồ Chí Minh"
    assert len(match_unit("xa ninh quag, thi xa ninh hoa, khanh hoa")) > 1  # a typo offers the closest
    assert match_unit("không có chỗ này") == []
