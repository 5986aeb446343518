"""Finding the header row and naming each column."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from bot.lists import FIELD_ALIASES, header_key, locate_header, open_table
from bot.lists.headers import match_key
from bot.lists.samples import to_tcvn3, to_vni


@pytest.mark.parametrize(("header", "field"), [
    ("Họ và tên", "full_name"), ("HỌ VÀ TÊN", "full_name"), ("Ho va ten", "full_name"), ("Họ tên", "full_name"),
    ("Tên người lao động", "full_name"), ("Họ và tên người lao động", "full_name"), ("Họ và\ntên", "full_name"),
    ("Ngày sinh", "birth_date"), ("Ngày, tháng, năm sinh", "birth_date"), ("Năm sinh", "birth_date"),
    ("Ngay sinh", "birth_date"), ("Giới tính", "sex"), ("Nam/Nữ", "sex"),
    ("Số CCCD/CMND", "id_number"), ("So CMND", "id_cmnd"), ("Số định danh", "id_cccd"),
    ("Số định danh cá nhân", "id_cccd"), ("CCCD", "id_cccd"), ("CMND/CCCD", "id_number"),
    ("Số CMND/CCCD/Hộ chiếu", "id_number"), ("Số điện thoại", "phone"), ("SĐT", "phone"),
    ("Địa chỉ", "address"), ("Nơi ở hiện tại", "address"), ("Xã/phường", "commune"), ("Huyện", "district"),
    ("Tỉnh", "province"), ("Chính sách", "policy"), ("Đối tượng", "policy"), ("Nhóm đối tượng", "policy"),
    ("Số tiền", "amount"), ("Mức hỗ trợ", "amount"), ("Số tiền hỗ trợ (đồng)", "amount"), ("Thành tiền", "amount"),
    ("Số quyết định", "decision_number"), ("QĐ số", "decision_number"), ("Ngày quyết định", "decision_date"),
    ("Số tiền đã chi trả", "paid_amount"), ("Số tiền chi trả", "paid_amount"), ("Ngày chi trả", "paid_date"),
    ("Ngày nhận", "paid_date"), ("Đơn vị chi trả", "payer"), ("Bưu điện", "payer"), ("Ngân hàng", "payer"),
    ("STT", "stt"), ("TT", "stt"), ("Số TT", "stt"), ("Ghi chú", "note"), ("Số tài khoản", "bank_account"),
    ("Tên doanh nghiệp", "employer"),
])
def test_header_spellings(header: str, field: str) -> None:
    hit = match_key(header_key(header))
    assert hit is not None and hit.field == field


@pytest.mark.parametrize("header", ["Ngày cấp CMND", "Nơi cấp", "Ký nhận", "Nơi sinh", "Xây dựng", "Số", "Ngày"])
def test_headers_that_are_not_fields(header: str) -> None:
    assert match_key(header_key(header)) is None


def test_every_alias_matches_its_own_field() -> None:
    id_fields = {"id_number", "id_cccd", "id_cmnd"}
    for field, spellings in FIELD_ALIASES.items():
        for spelling in spellings:
            hit = match_key(header_key(spelling.rstrip("!")))
            assert hit is not None, spelling
            assert hit.field == field or (field == "id_number" and hit.field in id_fields), spelling


def test_header_below_title_lines_with_decision_in_the_title() -> None:
    rows = [["UBND HUYỆN NINH HÒA"], ["DANH SÁCH NGƯỜI LAO ĐỘNG ĐƯỢC HỖ TRỢ"],
            ["(Kèm theo Quyết định số 1234/QĐ-UBND ngày 20/8/2021 của UBND huyện)"], [],
            ["STT", "Họ và tên", "Số CCCD/CMND", "Số tiền", "Ký nhận"], [1, "An", "079085000111", 3710000]]
    match = locate_header(rows, kind="approved")
    assert match is not None
    assert match.header_rows == (4,) and match.data_start == 5
    assert match.columns == {"stt": 0, "full_name": 1, "id_number": 2, "amount": 3}
    assert match.recognised == {"stt": "STT", "full_name": "Họ và tên", "id_number": "Số CCCD/CMND",
                                "amount": "Số tiền"}
    assert match.unrecognised == ["Ký nhận"] and match.missing == []
    assert match.title_decision_number == "1234/QĐ-UBND" and match.title_decision_date == date(2021, 8, 20)
    assert match.title_lines[0] == "UBND HUYỆN NINH HÒA"


def test_two_row_header_with_merged_groups_read_from_a_real_xlsx(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["DANH SÁCH"])
    sheet.append(["STT", "Họ và tên", "Ngày, tháng, năm sinh", None, "Số CCCD", "Địa chỉ", None, None,
                  "Số tiền (nghìn đồng)", "Quyết định phê duyệt", None])
    sheet.append([None, None, "Nam", "Nữ", None, "Thôn", "Xã", "Huyện", None, "Số", "Ngày"])
    sheet.append(["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)", "(9)", "(10)", "(11)"])
    for merged in ("A2:A3", "B2:B3", "C2:D2", "E2:E3", "F2:H2", "I2:I3", "J2:K2"):
        sheet.merge_cells(merged)
    path = tmp_path / "a.xlsx"
    workbook.save(path)
    match = locate_header(open_table(path).rows(), kind="approved")
    assert match is not None
    assert match.header_rows == (1, 2) and match.data_start == 3
    assert match.columns == {"stt": 0, "full_name": 1, "birth_date_male": 2, "birth_date_female": 3, "id_number": 4,
                             "address": 5, "commune": 6, "district": 7, "amount": 8, "decision_number": 9,
                             "decision_date": 10}
    assert match.recognised["birth_date"] == "Ngày, tháng, năm sinh / Nam | Ngày, tháng, năm sinh / Nữ"
    assert match.recognised["commune"] == "Địa chỉ / Xã"
    assert match.multipliers == {"amount": 1000}
    assert match.label(6) == "Địa chỉ / Xã" and match.label(20) == "U"


def test_sex_split_into_two_marked_columns() -> None:
    rows = [["TT", "Họ tên", "Giới tính", None, "CMND", "Số tiền"], [None, None, "Nam", "Nữ", None, None]]
    match = locate_header(rows, kind="approved")
    assert match is not None and match.columns["sex_male"] == 2 and match.columns["sex_female"] == 3


def test_cccd_and_cmnd_columns_side_by_side() -> None:
    match = locate_header([["Họ và tên", "Số CMND", "Số CCCD", "Số tiền"]], kind="approved")
    assert match is not None and match.columns["id_number"] == 2 and match.columns["old_id_number"] == 1


def test_a_paid_list_calls_the_paid_amount_just_so_tien() -> None:
    match = locate_header([["TT", "Số định danh cá nhân", "Số tiền", "Ngày nhận", "Bưu điện"]], kind="paid")
    assert match is not None and match.missing == []
    assert match.columns == {"stt": 0, "id_number": 1, "paid_amount": 2, "paid_date": 3, "payer": 4}


def test_a_group_header_over_paid_columns() -> None:
    rows = [["TT", "Số CCCD", "Chi trả", None, None], [None, None, "Số tiền", "Ngày", "Đơn vị"]]
    match = locate_header(rows, kind="paid")
    assert match is not None
    assert {k: match.columns[k] for k in ("paid_amount", "paid_date", "payer")} == \
        {"paid_amount": 2, "paid_date": 3, "payer": 4}


def test_preferred_spelling_wins_when_two_columns_name_the_amount() -> None:
    match = locate_header([["Họ và tên", "CCCD", "Mức hỗ trợ (đồng/tháng)", "Số tháng", "Thành tiền"]], kind="approved")
    assert match is not None and match.columns["amount"] == 4 and "Mức hỗ trợ (đồng/tháng)" in match.unrecognised


@pytest.mark.parametrize("encode", [to_tcvn3, to_vni])
def test_headers_typed_in_legacy_fonts(encode: object) -> None:
    header = ["STT", "Họ và tên", "Số CMND", "Ngày sinh", "Số tiền", "Địa chỉ"]
    match = locate_header([[encode(h) for h in header]], kind="approved")  # type: ignore[operator]
    assert match is not None and match.missing == []
    assert match.legacy == ("tcvn3" if encode is to_tcvn3 else "vni")
    assert list(match.recognised.values()) == header


def test_missing_required_columns_are_listed() -> None:
    approved = locate_header([["Họ và tên", "Ngày sinh"], ["A", "1/1/1990"]], kind="approved")
    assert approved is not None and approved.missing == ["id_number", "amount"]
    paid = locate_header([["Họ và tên", "Số CCCD"]], kind="paid")
    assert paid is not None and paid.missing == ["paid_amount"]


def test_no_header_at_all() -> None:
    assert locate_header([["DANH SÁCH"], ["Nguyễn Văn A", 123]], kind="approved") is None
    assert locate_header([], kind="approved") is None


def test_only_the_first_rows_are_read() -> None:
    consumed = []

    def rows():  # type: ignore[no-untyped-def]
        for i in range(1_000_000):
            consumed.append(i)
            yield ["Họ và tên", "CCCD", "Số tiền"] if i == 3 else ["x"]

    assert locate_header(rows(), kind="approved", max_scan=30) is not None
    assert len(consumed) == 31
