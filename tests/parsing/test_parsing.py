"""What citizens type and offices' files contain, understood the way a person would."""

from datetime import date

import pytest

from bot.parsing import (
    ParseError, PersonId, canonical_tones, check_person_id, fold, mask_account, mask_id, mask_name, mask_phone,
    match_legacy_unit, names_match, normalize_name, normalize_phone, parse_count, parse_date, parse_money,
    parse_months, parse_person_id, parse_yes_no, repair_numeric_id,
)

TODAY = date(2026, 11, 25)


@pytest.mark.parametrize("typed, expected", [
    ("15/7/2021", date(2021, 7, 15)), ("15-07-21", date(2021, 7, 15)), ("15.7.2021", date(2021, 7, 15)),
    ("15/07/21", date(2021, 7, 15)), ("2021-07-15", date(2021, 7, 15)), ("15 7 2021", date(2021, 7, 15)),
    ("ngày 15 tháng 7 năm 2021", date(2021, 7, 15)), ("15 thang 7 nam 2021", date(2021, 7, 15)),
    ("1/1/85", date(1985, 1, 1)), ("15/7", date(2026, 7, 15)),
])
def test_dates_in_every_usual_form(typed: str, expected: date) -> None:
    assert parse_date(typed, today=TODAY) == expected


@pytest.mark.parametrize("typed, code", [("31/2/2021", "date_invalid"), ("hôm qua", "date_format"),
                                         ("15/13/2021", "date_invalid")])
def test_bad_dates_are_refused_with_a_reason(typed: str, code: str) -> None:
    with pytest.raises(ParseError) as error:
        parse_date(typed, today=TODAY)
    assert error.value.code == code


def test_future_dates_are_refused_where_they_cannot_be() -> None:
    with pytest.raises(ParseError) as error:
        parse_date("1/1/2030", today=TODAY, allow_future=False)
    assert error.value.code == "date_future"
    assert parse_date("20/12", today=TODAY, allow_future=False) == date(2025, 12, 20)


@pytest.mark.parametrize("typed", ["có", "co", "Có ạ", "c", "yes", "ừ", "đúng", "dung", "rồi", "vâng", "ok"])
def test_yes(typed: str) -> None:
    assert parse_yes_no(typed) is True


@pytest.mark.parametrize("typed", ["không", "khong", "ko", "k", "kg", "no", "chưa", "Không có", "sai", "hông"])
def test_no(typed: str) -> None:
    assert parse_yes_no(typed) is False


def test_unclear_yes_no() -> None:
    with pytest.raises(ParseError) as error:
        parse_yes_no("để tôi xem")
    assert error.value.code == "yesno_unclear"


@pytest.mark.parametrize("typed, n", [("2", 2), ("hai", 2), ("2 con", 2), ("hai bé", 2), ("một", 1), ("mot", 1),
                                      ("không có", 0), ("bốn", 4), ("tư", 4), ("mười", 10), ("mười hai", 12),
                                      ("muoi hai", 12), ("hai mươi", 20)])
def test_counts_as_digits_or_words(typed: str, n: int) -> None:
    assert parse_count(typed) == n


def test_count_out_of_range() -> None:
    with pytest.raises(ParseError) as error:
        parse_count("25", max=20)
    assert error.value.code == "count_range" and error.value.params == {"min": 0, "max": 20}


@pytest.mark.parametrize("typed, amount", [
    ("7.500.000", 7_500_000), ("7,500,000", 7_500_000), ("7500000", 7_500_000), ("7,5 triệu", 7_500_000),
    ("7.5tr", 7_500_000), ("7tr5", 7_500_000), ("7 triệu 500 nghìn", 7_500_000), ("7500k", 7_500_000),
    ("850 nghìn", 850_000), ("1,2 tỷ", 1_200_000_000), ("3.710.000 đ", 3_710_000),
])
def test_money(typed: str, amount: int) -> None:
    assert parse_money(typed) == amount


def test_months() -> None:
    assert parse_months("24") == 24 and parse_months("2 năm") == 24 and parse_months("3 nam 2 thang") == 38


def test_names_are_stored_in_nfc_title_case_and_matched_loosely() -> None:
    assert normalize_name("  nguyễn   văn   an ") == "Nguyễn Văn An"
    assert names_match("Nguyễn Thị Hoà", "nguyen thi hoa")
    assert names_match("Lê Thị Thuỷ", "LÊ THỊ THỦY")
    assert not names_match("Nguyễn Văn An", "Nguyễn Văn Anh")
    with pytest.raises(ParseError):
        normalize_name("Nguyen Van 3")
    assert mask_name("Nguyễn Văn An") == "Nguyễn V. A."


def test_tone_placement_and_d_without_diacritics() -> None:
    assert canonical_tones("Hoà Bình") == canonical_tones("Hòa Bình")
    assert fold("Đặng Thị Ánh") == "Dang Thi Anh"


def test_cccd_is_checked_against_birth_date_and_sex() -> None:
    pid = parse_person_id("087 084 000 999")  # Đồng Tháp, male, 20th century, born 1984
    assert pid == PersonId("cccd", "087084000999")
    check_person_id(pid, birth_date=date(1984, 3, 1), sex="male")
    for born, sex, code in [(date(1985, 3, 1), "male", "id_year"), (date(2004, 3, 1), "male", "id_century"),
                            (date(1984, 3, 1), "female", "id_sex")]:
        with pytest.raises(ParseError) as error:
            check_person_id(pid, birth_date=born, sex=sex)
        assert error.value.code == code
    with pytest.raises(ParseError) as error:
        check_person_id(parse_person_id("003084000999"))
    assert error.value.code == "id_province"
    assert parse_person_id("123456789").kind == "cmnd"
    with pytest.raises(ParseError):
        parse_person_id("12345")


@pytest.mark.parametrize("cell, repaired", [(79123456789, "079123456789"), (79123456789.0, "079123456789"),
                                            ("7.9123456789E+10", "079123456789"), ("79123456789.0", "079123456789"),
                                            (12345678, "012345678"), ("001084000999", "001084000999"), ("abc", None)])
def test_ids_that_lost_their_leading_zero_are_repaired(cell: object, repaired: str | None) -> None:
    assert repair_numeric_id(cell) == repaired


@pytest.mark.parametrize("typed", ["0912345678", "0912 345 678", "0912.345.678", "+84 912 345 678", "84912345678",
                                   "(+84) 912-345-678", "01692345678"])
def test_phones_in_every_usual_form_are_stored_one_way(typed: str) -> None:
    expected = "+84392345678" if typed.startswith("0169") else "+84912345678"
    assert normalize_phone(typed) == expected


def test_bad_phone() -> None:
    with pytest.raises(ParseError):
        normalize_phone("12345")


def test_masks_never_show_the_whole_number() -> None:
    assert mask_id("079123456789") == "*********789"
    assert mask_phone("+84912345678") == "+84******678"
    assert mask_account("0123456789") == "******6789"


def test_address_exact_typo_and_unknown() -> None:
    exact = match_legacy_unit("phường 1, quận 3, TP Hồ Chí Minh")
    assert len(exact) == 1 and exact[0].ward_code == "27160" and exact[0].current_ward_name == "Phường Bàn Cờ"
    typo = match_legacy_unit("xa ninh quag, thi xa ninh hoa, khanh hoa")
    assert 1 < len(typo) <= 5 and typo[0].ward_name == "Xã Ninh Quang"
    assert match_legacy_unit("không có chỗ này") == []
