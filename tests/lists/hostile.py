"""Hostile and broken list files, built in the test (small on disk) rather than stored."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from openpyxl import Workbook

HEADER = "Họ và tên,Số CCCD,Số tiền\n"
GOOD_ROW = "Nguyễn Thị Lan,056185001234,3710000\n"


def million_columns_csv(path: Path, columns: int = 1_000_000) -> Path:
    """About 2 MB: a header, then one row of a million one-character cells."""
    path.write_text(HEADER + ",".join(["1"] * columns) + "\n", encoding="utf-8")
    return path


def small_xlsx(rows: list[list[object]] | None = None, sheets: int = 1) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows if rows is not None else [["Họ và tên", "Số CCCD", "Số tiền"],
                                                ["Nguyễn Thị Lan", "056185001234", 3710000]]:
        sheet.append(row)
    for index in range(1, sheets):
        workbook.create_sheet(f"Trang {index + 1}").append(["x"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def zip_bomb_xlsx(path: Path, unpacked_mb: int = 64) -> Path:
    """A real workbook whose first sheet is replaced by ``unpacked_mb`` MB of blank rows: a few
    hundred KB on disk, at a compression ratio no real list has."""
    source = zipfile.ZipFile(io.BytesIO(small_xlsx()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename == "xl/worksheets/sheet1.xml":
                with target.open(item.filename, "w", force_zip64=True) as sheet:
                    sheet.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                                b"<sheetData>")
                    block = b"<row></row>" * (1024 * 1024 // 11)
                    for _ in range(unpacked_mb):
                        sheet.write(block)
                    sheet.write(b"</sheetData></worksheet>")
            else:
                target.writestr(item, source.read(item.filename))
    return path


def truncated(data: bytes, fraction: float) -> bytes:
    return data[: max(1, int(len(data) * fraction))]


__all__ = ["GOOD_ROW", "HEADER", "million_columns_csv", "small_xlsx", "truncated", "zip_bomb_xlsx"]


def beyond_last_column_xlsx(path: Path) -> Path:
    """A crafted .xlsx naming a cell past Excel's last column (XFD), as 100,000 columns would need."""
    source = zipfile.ZipFile(io.BytesIO(small_xlsx()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename == "xl/worksheets/sheet1.xml":
                cells = "".join(f'<c r="{c}1" t="inlineStr"><is><t>Số tiền</t></is></c>' for c in ("A", "B", "ZZZZ"))
                target.writestr(item, '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                                      f'<sheetData><row r="1">{cells}</row></sheetData></worksheet>')
            else:
                target.writestr(item, source.read(item.filename))
    return path
