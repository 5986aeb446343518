"""Opening files whatever they are called, choosing the sheet, and streaming rows."""

from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from bot.lists import ListError, open_table
from bot.lists.sources import sniff_delimiter
from tests.lists.xls_writer import write_xls


def _xlsx(path: Path, rows: list[list[object]]) -> None:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)


def test_format_comes_from_the_content_not_the_name(tmp_path: Path) -> None:
    xlsx_named_csv = tmp_path / "danh sach.csv"
    _xlsx(xlsx_named_csv, [["Họ và tên", "Số CCCD"], ["Nguyễn Văn An", 79085000111]])
    csv_named_xls = tmp_path / "danh sach.xls"
    csv_named_xls.write_text("Họ và tên;Số CCCD\nNguyễn Văn An;079085000111\n", encoding="utf-8")
    source = open_table(xlsx_named_csv, filename="danh sach.csv")
    assert source.format == "xlsx" and source.filename == "danh sach.csv"
    assert list(source.rows()) == [["Họ và tên", "Số CCCD"], ["Nguyễn Văn An", 79085000111]]
    source = open_table(csv_named_xls)
    assert (source.format, source.encoding, source.delimiter) == ("csv", "utf-8", ";")
    assert list(source.rows())[1] == ["Nguyễn Văn An", "079085000111"]


def test_rows_can_be_read_again_from_the_top(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    source = open_table(path)
    assert list(source.rows()) == list(source.rows()) == [["a", "b"], ["1", "2"]]


def test_cells_are_cleaned_empty_is_none_and_text_is_nfc(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("Nguye\u0302\u0303n,  ,x,,\n", encoding="utf-8")
    assert list(open_table(path).rows()) == [["Nguyễn", None, "x"]]


def test_first_visible_sheet_with_data_is_chosen(tmp_path: Path) -> None:
    workbook = Workbook()
    workbook.active.title = "Trống"
    hidden = workbook.create_sheet("Ẩn")
    hidden.append(["không phải danh sách"])
    hidden.sheet_state = "hidden"
    workbook.create_sheet("Danh sách").append(["Họ và tên"])
    path = tmp_path / "a.xlsx"
    workbook.save(path)
    source = open_table(path)
    assert source.sheet_names == ("Trống", "Ẩn", "Danh sách") and source.sheet == "Danh sách"
    assert list(source.rows()) == [["Họ và tên"]]
    assert open_table(path, sheet=1).sheet == "Ẩn"
    with pytest.raises(ListError) as error:
        open_table(path, sheet="Không có")
    assert error.value.code == "no_sheet"


def test_xlsx_with_a_wrong_declared_size_is_read_whole(tmp_path: Path) -> None:
    """Programs other than Excel often write <dimension ref="A1"/>; read-only mode must not trust it."""
    path = tmp_path / "a.xlsx"
    _xlsx(path, [["Họ và tên", "Số CCCD", "Số tiền"], ["An", "079085000111", 3710000]])
    broken = tmp_path / "b.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'<dimension ref="A1:C2" />', b'<dimension ref="A1" />')
                assert b'<dimension ref="A1" />' in data
            target.writestr(item, data)
    assert list(open_table(broken).rows()) == [["Họ và tên", "Số CCCD", "Số tiền"], ["An", "079085000111", 3710000]]


def test_merged_cells_read_as_none_outside_their_anchor(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Địa chỉ", None, "Số tiền"])
    sheet.append(["Xã", "Huyện", None])
    sheet.merge_cells("A1:B1")
    sheet.merge_cells("C1:C2")
    path = tmp_path / "a.xlsx"
    workbook.save(path)
    assert list(open_table(path).rows()) == [["Địa chỉ", None, "Số tiền"], ["Xã", "Huyện"]]


def test_a_real_xls_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "ds.xls"
    write_xls(path, [["STT", "Họ và tên", "Ngày sinh", "Số CCCD"],
                     [1, "Nguyễn Văn An", datetime(1985, 7, 15), 79085000111],
                     [2, "Lª V¨n B×nh", None, "056090004321"]], sheet_name="DS")
    source = open_table(path)
    assert (source.format, source.sheet_names, source.sheet) == ("xls", ("DS",), "DS")
    assert list(source.rows()) == [["STT", "Họ và tên", "Ngày sinh", "Số CCCD"],
                                   [1, "Nguyễn Văn An", datetime(1985, 7, 15), 79085000111],
                                   [2, "Lª V¨n B×nh", None, "056090004321"]]


def test_an_html_table_saved_as_xls_is_read(tmp_path: Path) -> None:
    path = tmp_path / "export.xls"
    path.write_text(
        "<html><head><meta charset='utf-8'></head><body><table>"
        "<tr><td colspan='3'>DANH SÁCH</td></tr>"
        "<tr><th rowspan='2'>STT</th><th colspan='2'>Địa chỉ</th><th rowspan='2'>Số tiền</th></tr>"
        "<tr><th>Xã</th><th>Huyện</th></tr>"
        "<tr><td>1</td><td>Ninh&nbsp;Quang</td><td>Ninh Hòa</td><td>3.710.000</td></tr>"
        "</table></body></html>", encoding="utf-8")
    source = open_table(path)
    assert source.format == "html"
    assert list(source.rows()) == [["DANH SÁCH"], ["STT", "Địa chỉ", None, "Số tiền"], [None, "Xã", "Huyện"],
                                   ["1", "Ninh Quang", "Ninh Hòa", "3.710.000"]]


@pytest.mark.parametrize(("content", "code"), [
    (b"", "empty_file"),
    (b"   \r\n", "empty_file"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "unsupported_format"),
    (b"PK\x03\x04not really a zip", "unsupported_format"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600 + "EncryptionInfo".encode("utf-16-le"), "encrypted"),
])
def test_files_that_are_not_tables_are_refused_with_a_code(tmp_path: Path, content: bytes, code: str) -> None:
    path = tmp_path / "x.xlsx"
    path.write_bytes(content)
    with pytest.raises(ListError) as error:
        open_table(path)
    assert error.value.code == code


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiter_is_found_despite_title_lines_and_grouped_numbers(delimiter: str) -> None:
    lines = ["DANH SÁCH NGƯỜI LAO ĐỘNG", "(Kèm theo Quyết định số 12/QĐ-UBND, ngày 1/8/2021)",
             delimiter.join(["STT", "Họ và tên", "Số tiền"]),
             delimiter.join(["1", "An", '"3,710,000"' if delimiter == "," else "3,710,000"]),
             delimiter.join(["2", "Bình", '"1,855,000"' if delimiter == "," else "1,855,000"])]
    assert sniff_delimiter("\n".join(lines).encode("utf-8"), "utf-8") == delimiter
