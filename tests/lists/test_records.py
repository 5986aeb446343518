"""Reading whole office lists: records, row errors with codes, and rows skipped on purpose."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from bot.lists import ApprovedRecord, ListError, PaidRecord, RowError, Skipped, iter_records, open_table
from bot.lists.samples import encode_cp1258, to_tcvn3, to_vni
from tests.lists.conftest import TODAY, read_list
from tests.lists.xls_writer import write_xls


def messy_xlsx(path: Path) -> None:
    """A district office's list, the way they are: titles, a two-row merged header, column numbers,
    a heading, lost zeros, a TCVN3 name, dates three ways, a total and signatures."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["UBND HUYỆN NINH HÒA"])
    sheet.append(["DANH SÁCH NGƯỜI LAO ĐỘNG ĐƯỢC HỖ TRỢ THEO NGHỊ QUYẾT 68/NQ-CP"])
    sheet.append(["(Kèm theo Quyết định số 1234/QĐ-UBND ngày 20/8/2021)"])
    sheet.append([])
    sheet.append(["STT", "Họ và tên", "Ngày, tháng, năm sinh", "Số CCCD/CMND", "Địa chỉ", None,
                  "Số tiền hỗ trợ (đồng)"])
    sheet.append([None, None, None, None, "Xã/phường", "Huyện", None])
    sheet.merge_cells("E5:F5")
    for column in "ABCDG":
        sheet.merge_cells(f"{column}5:{column}6")
    sheet.append(["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"])
    sheet.append(["I", "Xã Ninh Quang"])
    sheet.merge_cells("B8:F8")
    sheet.append([1, "Nguyễn Thị Lan", "15/07/1985", 56185001234, "Ninh Quang", "Ninh Hòa", "3.710.000"])
    sheet.append([2, "Lª V¨n B×nh", datetime(1990, 3, 2), "056090004321", "Ninh Quang", "Ninh Hòa", 1855000])
    sheet.append([3, "Trần Văn Cường", 33000, "056085000111", "Ninh Quang", "Ninh Hòa", 3710000])  # born 1990
    sheet.append([4, "", "01/01/1980", "056080000222", "Ninh Quang", "Ninh Hòa", 3710000])
    sheet.append([5, "Phạm Thị Dung", "31/02/1980", "056180000333", "Ninh Quang", "Ninh Hòa", 3710000])
    sheet.append([6, "Hồ Văn Em", "1/1/1979", "7.91235E+10", "Ninh Quang", "Ninh Hòa", "ba triệu"])
    sheet.append([7])
    sheet.append([None, "Tổng cộng", None, None, None, None, 8_565_000])
    sheet.merge_cells("B16:F16")
    sheet.append([])
    sheet.append([None, None, None, None, "Ninh Hòa, ngày 20 tháng 8 năm 2021"])
    sheet.append([None, "Người lập biểu", None, None, "Chủ tịch UBND huyện"])
    sheet.append([None, "Nguyễn Văn Ký", None, None, "Lê Văn Chủ"])
    workbook.save(path)


def test_messy_office_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "ds.xlsx"
    messy_xlsx(path)
    read = read_list(path)
    assert [r.full_name for r in read.records] == ["Nguyễn Thị Lan", "Lê Văn Bình"]
    lan, binh = read.records
    assert lan == ApprovedRecord(
        row_number=9, full_name="Nguyễn Thị Lan", id_number="056185001234", id_kind="cccd", amount=3_710_000,
        birth_date=date(1985, 7, 15), birth_year=1985, commune="Ninh Quang", district="Ninh Hòa",
        decision_number="1234/QĐ-UBND", decision_date=date(2021, 8, 20), section="Xã Ninh Quang")
    assert binh.birth_date == date(1990, 3, 2) and binh.amount == 1_855_000 and binh.id_number == "056090004321"
    assert read.error_codes == {11: "id_year", 12: "name_missing", 13: "birth_date_invalid", 14: "id_precision_lost"}
    assert [(s.row_number, s.reason) for s in read.skipped] == [
        (7, "column_numbers"), (8, "subheading"), (15, "stt_only"), (16, "total"), (17, "blank"),
        (18, "signature"), (19, "after_signature"), (20, "after_signature")]
    assert read.skipped[1].text == "Xã Ninh Quang" and read.skipped[3].text == "Tổng cộng"


def test_row_errors_carry_the_column_the_value_and_the_whole_row(tmp_path: Path) -> None:
    path = tmp_path / "ds.xlsx"
    messy_xlsx(path)
    errors = {e.row_number: e for e in read_list(path).errors}
    year = errors[11]
    assert (year.field, year.code, year.params) == (
        "id_number", "id_year", {"column": "Số CCCD/CMND", "value": "056085000111", "year": 1990})
    assert year.raw == {"STT": "3", "Họ và tên": "Trần Văn Cường", "Ngày, tháng, năm sinh": "33000",
                        "Số CCCD/CMND": "056085000111", "Địa chỉ / Xã/phường": "Ninh Quang",
                        "Địa chỉ / Huyện": "Ninh Hòa", "Số tiền hỗ trợ (đồng)": "3710000"}
    assert errors[13].params == {"column": "Ngày, tháng, năm sinh", "value": "31/02/1980", "reason": "invalid"}
    # Several problems in one row: the first is the error, the others ride along.
    assert errors[14].code == "id_precision_lost"
    assert [(f, c) for f, c, _ in errors[14].others] == [("amount", "amount_invalid")]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1258"])
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_in_every_encoding_and_separator(tmp_path: Path, encoding: str, delimiter: str) -> None:
    lines = [["DANH SÁCH HỖ TRỢ", "", ""], ["Họ và tên", "Số CMND", "Số tiền"],
             ["Hoàng Thị Thủy", "123456789", "1.000.000"], ["Đặng Văn Ánh", "79090001234", "3,710,000 đ"]]
    text = "\r\n".join(delimiter.join(f'"{c}"' if delimiter in c else c for c in line) for line in lines) + "\r\n"
    path = tmp_path / "ds.csv"
    path.write_bytes(encode_cp1258(text) if encoding == "cp1258" else text.encode(encoding))
    source = open_table(path)
    assert (source.encoding, source.delimiter) == (encoding, delimiter)
    read = read_list(path)
    assert [(r.full_name, r.id_number, r.id_kind, r.amount) for r in read.records] == [
        ("Hoàng Thị Thủy", "123456789", "cmnd", 1_000_000), ("Đặng Văn Ánh", "079090001234", "cccd", 3_710_000)]


@pytest.mark.parametrize("encode", [to_tcvn3, to_vni])
def test_a_whole_list_typed_in_a_legacy_font(tmp_path: Path, encode: object) -> None:
    rows = [["STT", "Họ và tên", "Ngày sinh", "Số CCCD", "Địa chỉ", "Số tiền"],
            [1, "Nguyễn Văn Hoàng", "15/07/1985", "079085000111", "Phường Bến Thành, Quận 1", 3710000],
            [2, "Trần Thị Thuỷ", "02/03/1990", "079190000222", "Xã Hoà Bình", 3710000],
            [3, "Hồ Văn Toàn", "01/01/1979", "079079000333", "Hồ Chí Minh", 3710000],  # "Hoà" in VNI: ambiguous
            [None, "Tổng cộng", None, None, None, 11130000]]
    path = tmp_path / "ds.xlsx"
    workbook = Workbook()
    for row in rows:
        workbook.active.append([encode(c) if isinstance(c, str) else c for c in row])  # type: ignore[operator]
    workbook.save(path)
    read = read_list(path)
    assert [(r.full_name, r.address) for r in read.records] == [
        ("Nguyễn Văn Hoàng", "Phường Bến Thành, Quận 1"), ("Trần Thị Thuỷ", "Xã Hoà Bình"),
        ("Hồ Văn Toàn", "Hồ Chí Minh")]
    assert read.reasons == {"total": 1}


def test_normal_unicode_is_not_altered(tmp_path: Path) -> None:
    names = ["Đặng Thị Ánh", "Lê Hà", "Hoà Bình", "Ông Thị Xuân", "Tô Lâm", "Võ Thị Sáu"]
    path = tmp_path / "ds.csv"
    body = "".join(f"{n},0791{85 + i % 10}00{i:04d},3710000\n" for i, n in enumerate(names))
    path.write_text("Họ và tên,Số CCCD,Số tiền\n" + body, encoding="utf-8")
    read = read_list(path)
    assert [r.full_name for r in read.records] == names


def test_paid_list(tmp_path: Path) -> None:
    path = tmp_path / "paid.csv"
    path.write_text("DANH SÁCH CHI TRẢ\n"
                    "STT,Số định danh,Số tiền đã chi trả,Ngày chi trả,Đơn vị chi trả\n"
                    "1,79085000111,3710000,05/09/2021,Bưu điện Quận 3\n"
                    "2,079085000222,3.710.000,,Bưu điện Quận 3\n"
                    "3,079085000333,3.710.000,5/9/2031,\n"
                    ",Cộng,7420000,,\n", encoding="utf-8")
    read = read_list(path, "paid", defaults={"payer": "Bưu điện tỉnh"})
    assert read.records == [PaidRecord(row_number=3, id_number="079085000111", id_kind="cccd", paid_amount=3_710_000,
                                       paid_date=date(2021, 9, 5), payer="Bưu điện Quận 3")]
    assert read.error_codes == {4: "paid_date_missing", 5: "date_invalid"}
    assert read.errors[1].params["reason"] == "future"
    assert read.reasons == {"total": 1}


def test_defaults_fill_what_the_file_lacks_and_the_file_wins(tmp_path: Path) -> None:
    path = tmp_path / "ds.csv"
    path.write_text("Họ và tên,Số CCCD,Số tiền,Số quyết định\n"
                    "An,079085000111,3710000,\n"
                    "Bình,079085000222,3710000,99/QĐ-UBND\n", encoding="utf-8")
    defaults = {"policy_text": "Tạm hoãn HĐLĐ", "decision_number": "12/QĐ-UBND", "decision_date": date(2021, 8, 1),
                "payer": ""}
    first, second = read_list(path, defaults=defaults).records
    assert (first.policy_text, first.decision_number, first.decision_date) == \
        ("Tạm hoãn HĐLĐ", "12/QĐ-UBND", date(2021, 8, 1))
    assert second.decision_number == "99/QĐ-UBND"


def test_birth_date_split_by_sex_and_sex_marked_with_x(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["TT", "Họ và tên", "Năm sinh", None, "CCCD", "Số tiền"])
    sheet.append([None, None, "Nam", "Nữ", None, None])
    sheet.merge_cells("C1:D1")
    sheet.append([1, "Lê Văn An", 1985, None, "079085000111", 3710000])
    sheet.append([2, "Lê Thị Bình", None, "12/03/1990", "079190000222", 3710000])
    sheet.append([3, "Lê Thị Cúc", None, 1985, "079085000333", 3710000])  # CCCD says male
    path = tmp_path / "ds.xlsx"
    workbook.save(path)
    read = read_list(path)
    assert [(r.full_name, r.sex, r.birth_date, r.birth_year) for r in read.records] == [
        ("Lê Văn An", "male", None, 1985), ("Lê Thị Bình", "female", date(1990, 3, 12), 1990)]
    assert read.error_codes == {5: "id_sex"}


def test_cccd_and_old_cmnd(tmp_path: Path) -> None:
    path = tmp_path / "ds.csv"
    path.write_text("Họ và tên,Số CMND,Số CCCD,Số tiền\nAn,123456789,079085000111,3710000\nBình,234567891,,3710000\n",
                    encoding="utf-8")
    first, second = read_list(path).records
    assert (first.id_number, first.old_id_number) == ("079085000111", "123456789")
    assert (second.id_number, second.id_kind, second.old_id_number) == ("234567891", "cmnd", "")


def test_commune_from_the_group_heading_when_there_is_no_commune_column(tmp_path: Path) -> None:
    path = tmp_path / "ds.csv"
    path.write_text("STT,Họ và tên,Số CCCD,Số tiền\nI,Xã Ninh Quang,,\n1,An,079085000111,3710000\n"
                    "II,Phường Ninh Hiệp,,\n2,Bình,079085000222,3710000\n", encoding="utf-8")
    first, second = read_list(path).records
    assert (first.commune, second.commune) == ("Xã Ninh Quang", "Phường Ninh Hiệp")


def test_header_repeated_on_each_printed_page(tmp_path: Path) -> None:
    path = tmp_path / "ds.csv"
    path.write_text("Họ và tên,Số CCCD,Số tiền\nAn,079085000111,3710000\nHọ và tên,Số CCCD,Số tiền\n"
                    "Bình,079085000222,3710000\n", encoding="utf-8")
    read = read_list(path)
    assert len(read.records) == 2 and read.reasons == {"header_repeat": 1}


def test_xls_file_end_to_end(tmp_path: Path) -> None:
    path = tmp_path / "ds.xls"
    write_xls(path, [["DANH SÁCH"], [], ["STT", "Họ và tên", "Ngày sinh", "Số CCCD", "Số tiền"],
                     [1, "Nguyễn Văn An", datetime(1985, 7, 15), 79085000111, 3710000],
                     [2, "Lª V¨n B×nh", 32935, "079090004321", "1.855.000"],
                     [None, "Tổng cộng", None, None, 5565000]], merged=[(0, 0, 0, 4)])
    read = read_list(path)
    assert [(r.full_name, r.birth_date, r.id_number, r.amount) for r in read.records] == [
        ("Nguyễn Văn An", date(1985, 7, 15), "079085000111", 3_710_000),
        ("Lê Văn Bình", date(1990, 3, 3), "079090004321", 1_855_000)]
    assert read.reasons == {"total": 1}


def test_a_file_that_cannot_give_records_is_refused_before_any_row(tmp_path: Path) -> None:
    no_header = tmp_path / "a.csv"
    no_header.write_text("xin chào\nkhông có gì\n", encoding="utf-8")
    with pytest.raises(ListError) as error:
        list(iter_records(open_table(no_header), "approved", today=TODAY))
    assert error.value.code == "no_header"
    missing = tmp_path / "b.csv"
    missing.write_text("Họ và tên,Ngày sinh\nA,1/1/1990\n", encoding="utf-8")
    with pytest.raises(ListError) as error:
        list(iter_records(open_table(missing), "approved", today=TODAY))
    assert error.value.code == "missing_columns"
    assert error.value.params == {"missing": ["id_number", "amount"],
                                  "recognised": {"full_name": "Họ và tên", "birth_date": "Ngày sinh"}}


def test_every_item_is_one_of_the_four_kinds(tmp_path: Path) -> None:
    path = tmp_path / "ds.xlsx"
    messy_xlsx(path)
    items = list(iter_records(open_table(path), "approved", today=TODAY))
    assert all(isinstance(i, (ApprovedRecord, RowError, Skipped)) for i in items)
    assert [i.row_number for i in items] == sorted(i.row_number for i in items)


def test_a_person_named_tong_without_an_id_is_an_error_not_a_total(tmp_path: Path) -> None:
    path = tmp_path / "ds.csv"
    path.write_text("Họ và tên,Số CCCD,Số tiền\nTống Văn An,,3710000\nCộng xã Ninh Quang,,3710000\n"
                    "Tổng số: 1 người,,3710000\n", encoding="utf-8")
    read = read_list(path)
    assert read.error_codes == {2: "id_missing"}
    assert [(s.reason, s.text) for s in read.skipped] == [("total", "Cộng xã Ninh Quang"),
                                                          ("total", "Tổng số: 1 người")]


def test_group_headings_and_people_whose_surname_looks_like_one(tmp_path: Path) -> None:
    path = tmp_path / "ds.csv"
    path.write_text("STT,Họ và tên,Số CCCD,Số tiền\nA,Lao động tự do,,\n,1. Xã Ninh Quang,,\n,Tổ 5,,\n"
                    "1,Tô Văn Lâm,,\n2,Quan Thị Hà,,\n", encoding="utf-8")
    read = read_list(path)
    assert [s.text for s in read.skipped] == ["Lao động tự do", "1. Xã Ninh Quang", "Tổ 5"]
    assert read.error_codes == {5: "id_missing", 6: "id_missing"}
