"""Offices' real files: titles, merged headers, STT, totals, signatures, lost zeros, legacy fonts."""

from __future__ import annotations

import tracemalloc
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook, load_workbook

from bot.lists import ApprovedRecord, PaidRecord, RowError, Skipped, iter_records, locate_header, open_table
from bot.lists import write_error_report
from bot.lists.encoding import fix_legacy_text
from bot.lists.samples import write_approved_csv

TODAY = date(2026, 11, 25)


def messy_xlsx(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["UBND HUYỆN NINH HÒA"])
    ws.append(["DANH SÁCH NGƯỜI LAO ĐỘNG ĐƯỢC HỖ TRỢ THEO NGHỊ QUYẾT 68/NQ-CP"])
    ws.append(["(Kèm theo Quyết định số 1234/QĐ-UBND ngày 20/8/2021)"])
    ws.append([])
    ws.append(["STT", "Họ và tên", "Ngày, tháng, năm sinh", "Số CCCD/CMND", "Địa chỉ", None, "Số tiền hỗ trợ (đồng)"])
    ws.append([None, None, None, None, "Xã/phường", "Huyện", None])
    ws.merge_cells("E5:F5")
    ws.append(["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"])
    ws.append(["I", "Xã Ninh Quang"])
    ws.append([1, "Nguyễn Thị Lan", "15/07/1985", 56185001234, "Ninh Quang", "Ninh Hòa", "3.710.000"])
    ws.append([2, "Lª V¨n B×nh", datetime(1990, 3, 2), "056090004321", "Ninh Quang", "Ninh Hòa", 1855000])
    ws.append([3, "Trần Văn Cường", 33000, "056085000111", "Ninh Quang", "Ninh Hòa", 3710000])  # born 1990, CCCD says 85
    ws.append([4, "", "01/01/1980", "056080000222", "Ninh Quang", "Ninh Hòa", 3710000])
    ws.append([5, "Phạm Thị Dung", "31/02/1980", "056180000333", "Ninh Quang", "Ninh Hòa", 3710000])
    ws.append([None, "Tổng cộng", None, None, None, None, 8_565_000])
    ws.append([])
    ws.append([None, "Người lập biểu", None, None, "Chủ tịch UBND huyện"])
    ws.append([None, "Nguyễn Văn Ký"])
    wb.save(path)


def test_messy_office_xlsx_is_read_with_headers_recognised(tmp_path: Path) -> None:
    path = tmp_path / "ds.xlsx"
    messy_xlsx(path)
    source = open_table(path)
    header = locate_header(source.rows(), kind="approved")
    assert header is not None and header.missing == []
    assert set(header.columns) >= {"stt", "full_name", "birth_date", "id_number", "commune", "district", "amount"}
    items = list(iter_records(source, "approved", today=TODAY))
    records = [i for i in items if isinstance(i, ApprovedRecord)]
    errors = {i.row_number: i.code for i in items if isinstance(i, RowError)}
    skipped = {i.reason for i in items if isinstance(i, Skipped)}
    assert [r.full_name for r in records] == ["Nguyễn Thị Lan", "Lê Văn Bình"]
    assert records[0].id_number == "056185001234"  # leading zero restored
    assert records[0].birth_date == date(1985, 7, 15) and records[0].amount == 3_710_000
    assert records[1].birth_date == date(1990, 3, 2) and records[1].amount == 1_855_000
    assert errors == {11: "id_year", 12: "name_missing", 13: "birth_date_invalid"}
    assert {"total", "signature", "column_numbers", "subheading"} <= skipped


def test_csv_in_three_encodings_and_three_separators(tmp_path: Path) -> None:
    rows = "Họ và tên;Số CMND;Số tiền\nHoàng Thị Thủy;123456789;1.000.000\n"
    for encoding, name in (("utf-8", "a.csv"), ("utf-8-sig", "b.csv"), ("cp1258", "c.csv")):
        path = tmp_path / name
        data = rows.encode(encoding) if encoding != "cp1258" else _cp1258(rows)
        path.write_bytes(data)
        [record] = [r for r in iter_records(open_table(path), "approved", today=TODAY) if isinstance(r, ApprovedRecord)]
        assert record.full_name == "Hoàng Thị Thủy" and record.id_number == "123456789" and record.amount == 1_000_000


def _cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows writes it: precomposed base letters, separate tone marks."""
    import unicodedata

    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out.append(base + "".join(c for c in parts if c in tones))
    return "".join(out).encode("cp1258")


def test_paid_list_columns_and_missing_required_columns(tmp_path: Path) -> None:
    path = tmp_path / "paid.csv"
    path.write_text("STT,Số định danh,Số tiền đã chi trả,Ngày chi trả,Đơn vị chi trả\n1,79085000111,3710000,05/09/2021,Bưu điện Quận 3\n",
                    encoding="utf-8")
    [paid] = [r for r in iter_records(open_table(path), "paid", today=TODAY) if isinstance(r, PaidRecord)]
    assert paid.id_number == "079085000111" and paid.paid_date == date(2021, 9, 5) and paid.payer == "Bưu điện Quận 3"
    bad = tmp_path / "bad.csv"
    bad.write_text("Họ và tên,Ngày sinh\nA,1/1/1990\n", encoding="utf-8")
    header = locate_header(open_table(bad).rows(), kind="approved")
    assert header is not None and set(header.missing) == {"id_number", "amount"}


def test_legacy_fonts_are_converted_and_unicode_left_alone() -> None:
    assert fix_legacy_text("Ninh B×nh") == "Ninh Bình"
    assert fix_legacy_text("NguyÔn V¨n An") == "Nguyễn Văn An"
    assert fix_legacy_text("Nguyeãn Vaên Hoaøng") == "Nguyễn Văn Hoàng"
    for name in ("Tô Lâm", "Đặng Thị Ánh", "Toàn", "Xuân", "Hoà Bình", "Lê Thị Thuỷ"):
        assert fix_legacy_text(name) == name


def test_error_report_has_the_reason_and_the_original_values(tmp_path: Path) -> None:
    errors = [RowError(9, "id_number", "id_invalid", {}, {"Họ và tên": "A", "Số CCCD": "12"})]
    path = tmp_path / "loi.xlsx"
    write_error_report(errors, path, messages=lambda e: "Số định danh không hợp lệ")
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert rows[0][:2] == ("Dòng trong tệp", "Lý do") and rows[1][:4] == (9, "Số định danh không hợp lệ", "A", "12")


def test_reading_a_long_csv_keeps_memory_flat(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    write_approved_csv(path, 40_000)
    tracemalloc.start()
    count = sum(1 for r in iter_records(open_table(path), "approved", today=TODAY) if isinstance(r, ApprovedRecord))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert count == 40_000
    assert peak < 30 * 1024 * 1024, peak


def test_legacy_xls_with_date_cells_and_numeric_ids(tmp_path: Path) -> None:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("DS")
    dated = xlwt.easyxf(num_format_str="dd/mm/yyyy")
    sheet.write(0, 0, "DANH SÁCH CHI TRẢ")
    for col, title in enumerate(["STT", "Số CMND/CCCD", "Số tiền", "Ngày chi trả", "Bưu điện"]):
        sheet.write(2, col, title)
    sheet.write(3, 0, 1)
    sheet.write(3, 1, 79085000111)  # a number: the leading zero is gone
    sheet.write(3, 2, 3710000)
    sheet.write(3, 3, datetime(2021, 9, 5), dated)
    sheet.write(3, 4, "Bưu điện Quận 3")
    path = tmp_path / "chi-tra.xls"
    book.save(str(path))
    source = open_table(path, filename="chi-tra.xls")
    assert source.kind == "xls"
    [paid] = [r for r in iter_records(source, "paid", today=TODAY) if isinstance(r, PaidRecord)]
    assert (paid.id_number, paid.paid_amount, paid.paid_date, paid.payer) == (
        "079085000111", 3_710_000, date(2021, 9, 5), "Bưu điện Quận 3")
