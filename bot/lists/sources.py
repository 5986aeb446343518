"""Opening a list file whatever its format, and streaming its rows.

The format is told by the content (zip = .xlsx, OLE2 = .xls, anything else = CSV text), not only
by the extension, because offices rename files.  Rows are generated one at a time, so a
million-row CSV never sits in memory.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bot.lists.encoding import detect_csv_encoding

_SAMPLE = 64 * 1024


@dataclass(frozen=True)
class TableSource:
    path: Path
    kind: str  # "xlsx" | "xls" | "csv"
    encoding: str = ""
    delimiter: str = ","

    def rows(self) -> Iterator[list[object]]:
        if self.kind == "xlsx":
            return _xlsx_rows(self.path)
        if self.kind == "xls":
            return _xls_rows(self.path)
        return _csv_rows(self.path, self.encoding, self.delimiter)


def open_table(path: Path, *, filename: str | None = None) -> TableSource:
    with path.open("rb") as handle:
        head = handle.read(_SAMPLE)
    if head.startswith(b"PK\x03\x04"):
        return TableSource(path, "xlsx")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return TableSource(path, "xls")
    if b"\x00" in head[:4096]:
        raise ValueError("binary file that is not a spreadsheet")
    encoding = detect_csv_encoding(head)
    text = head.decode(encoding, errors="ignore")
    return TableSource(path, "csv", encoding, _delimiter(text))


def _delimiter(text: str) -> str:
    lines = [line for line in text.splitlines()[:30] if line.strip()]
    counts = {d: sum(line.count(d) for line in lines) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def _csv_rows(path: Path, encoding: str, delimiter: str) -> Iterator[list[object]]:
    with path.open("rb") as raw:
        stream = io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline="")
        for row in csv.reader(stream, delimiter=delimiter):
            yield list(row)


def _xlsx_rows(path: Path) -> Iterator[list[object]]:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = next((ws for ws in workbook.worksheets if (ws.max_row or 0) > 1), workbook.worksheets[0])
        for row in sheet.iter_rows(values_only=True):
            yield list(row)
    finally:
        workbook.close()


def _xls_rows(path: Path) -> Iterator[list[object]]:
    import xlrd

    book = xlrd.open_workbook(str(path), on_demand=True)
    try:
        sheet = next((book.sheet_by_index(i) for i in range(book.nsheets) if book.sheet_by_index(i).nrows > 1),
                     book.sheet_by_index(0))
        for index in range(sheet.nrows):
            cells = sheet.row(index)
            yield [_xls_value(cell, book.datemode) for cell in cells]
    finally:
        book.release_resources()


def _xls_value(cell: object, datemode: int) -> object:
    import xlrd

    if cell.ctype == xlrd.XL_CELL_DATE:  # type: ignore[attr-defined]
        return xlrd.xldate.xldate_as_datetime(cell.value, datemode)  # type: ignore[attr-defined]
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):  # type: ignore[attr-defined]
        return None
    return cell.value  # type: ignore[attr-defined]
