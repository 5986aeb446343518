"""Reports never hand the officer a live formula that came from an uploaded file (OWASP CSV injection)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from openpyxl import load_workbook

from bot.lists import RowError, write_error_report
from bot.lists.safe_output import csv_value

HOSTILE = {"Họ và tên": '=HYPERLINK("http://lua-dao.example","Bấm vào đây")', "Số CCCD": "=1+2",
           "Điện thoại": "+84912345678", "Số tiền": "-3710000", "Ghi chú": "@SUM(A1:A9)", "Xã": "\t=2*3",
           "Huyện": "\r=4", "Tỉnh": "Khánh Hòa", "STT": 7}


def test_the_error_report_has_no_formula_and_keeps_every_value_as_text(tmp_path: Path) -> None:
    path = tmp_path / "loi.xlsx"
    header_attack = {"=cmd|' /C calc'!A0": "x"}
    errors = [RowError(3, "id_number", "id_invalid", {}, HOSTILE), RowError(4, "id_number", "id_invalid", {},
                                                                           {**HOSTILE, **header_attack})]
    write_error_report(errors, path, messages=lambda e: "=" + e.code,
                       headers=[*HOSTILE, *header_attack])
    sheet = load_workbook(path).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    values = [cell.value for cell in sheet[2]]
    assert values[0] == 3 and values[1] == "=id_invalid"
    expected = [v if not isinstance(v, str) else v.replace("\r", "\n") for v in HOSTILE.values()]
    assert values[2:2 + len(HOSTILE)] == expected  # as typed; XML reads a lone CR back as LF
    assert sheet.cell(1, 2 + len(HOSTILE) + 1).value == "=cmd|' /C calc'!A0"


def test_csv_values_that_a_spreadsheet_would_run_get_an_apostrophe() -> None:
    buffer = io.StringIO()
    csv.writer(buffer).writerow([csv_value(v) for v in HOSTILE.values()])
    row = next(csv.reader(io.StringIO(buffer.getvalue())))
    assert row[:7] == ["'" + v for v in list(HOSTILE.values())[:7]]
    assert row[7:] == ["Khánh Hòa", "7"]
