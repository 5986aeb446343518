"""Opening an office's list file whatever its format, and streaming its rows one at a time.

The format is told by the content, not the extension, because offices rename files: a zip is an
.xlsx, an OLE2 compound file is a binary .xls, an HTML table is what many government programs
export under an ".xls" name, and anything else is CSV text.  Every reader is a generator, so a
million-row CSV or a large .xlsx (openpyxl read-only mode) never sits in memory; ``rows()`` can be
called again to read the file from the top (header detection reads the first rows, then the
records are read in a second pass).

Cells come out as ``None`` (empty, whitespace only, or the hidden part of a merged cell), ``str``
in Unicode NFC, ``int``/``float``, ``bool``, or ``datetime``/``date``.  Legacy-font text
(TCVN3/VNI) is left as it is: converting it needs the column's context (see :mod:`.legacy_fonts`).
"""

from __future__ import annotations

import codecs
import csv
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

from bot.lists.encoding import PREFIX_BYTES, Encoding, open_text, sniff_encoding
from bot.lists.errors import ListError
from bot.lists.limits import (
    LIMITS, ListLimits, cell_too_long, check_file_size, check_zip, too_many_columns, too_many_rows,
)

Format = Literal["xlsx", "xls", "csv", "html"]
Cell = object

_ZIP = b"PK\x03\x04"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_MARK = "EncryptionInfo".encode("utf-16-le")
_EMPTY_SCAN_ROWS = 2000  # rows looked at to decide that a sheet is empty
_DELIMITERS = (",", ";", "\t", "|")
_FIELD_TOO_LARGE = "field larger than field limit"


@dataclass(frozen=True)
class TableSource:
    """One sheet of one file; ``rows()`` streams it from the top each time it is called."""

    path: Path
    format: Format
    sheet_names: tuple[str, ...] = ()
    sheet: str | None = None
    encoding: Encoding | None = None
    delimiter: str | None = None
    filename: str | None = field(default=None, compare=False)
    limits: ListLimits = field(default=LIMITS, compare=False)

    @property
    def kind(self) -> Format:
        """The same as ``format`` (the name callers used first)."""
        return self.format

    def rows(self) -> Iterator[list[Cell]]:
        """The rows from the top; raises :class:`ListError` at the first row over a limit."""
        if self.format == "xlsx":
            rows = _beyond_last_column_is_a_limit(_xlsx_rows(self.path, self.sheet), self.limits)
            return _guarded(rows, self.limits, check_cells=True)
        if self.format == "xls":
            return _guarded(_xls_rows(self.path, self.sheet), self.limits, check_cells=True)
        if self.format == "html":
            from bot.lists.html_table import html_rows

            rows = html_rows(self.path, self.encoding or "utf-8", max_columns=self.limits.columns)
            return _guarded((_clean_row(row) for row in rows), self.limits, check_cells=True)
        # The csv module checks the length of each cell itself (field_size_limit), in C.
        return _guarded(_csv_rows(self.path, self.encoding or "utf-8", self.delimiter or ",", self.limits),
                        self.limits, check_cells=False)


def _guarded(rows: Iterator[list[Cell]], limits: ListLimits, *, check_cells: bool) -> Iterator[list[Cell]]:
    """``rows`` as they are, stopping with a :class:`ListError` at the first one over a limit."""
    max_rows, max_columns, max_chars = limits.rows, limits.columns, limits.cell_chars
    for index, row in enumerate(rows):
        if index >= max_rows:
            raise too_many_rows(limits)
        if len(row) > max_columns:
            raise too_many_columns(limits, index + 1)
        if check_cells:
            for cell in row:
                if type(cell) is str and len(cell) > max_chars:
                    raise cell_too_long(limits, index + 1)
        yield row


def open_table(path: Path, *, filename: str | None = None, sheet: str | int | None = None,
               limits: ListLimits = LIMITS) -> TableSource:
    """Recognise the format of ``path`` (``filename`` is the name the officer gave it, for messages
    only) and choose the sheet: ``sheet`` by name or index, else the first visible non-empty one.

    The file size, and for an .xlsx its zip directory, are checked against ``limits`` first."""
    check_file_size(path, limits)
    with path.open("rb") as handle:
        head = handle.read(PREFIX_BYTES)
    if not head.strip():
        raise ListError("empty_file")
    if head.startswith(_ZIP):
        check_zip(path, limits)
        return _open_xlsx(path, filename, sheet, limits)
    if head.startswith(_OLE2):
        if _ENCRYPTED_MARK in head:
            raise ListError("encrypted")
        return _open_xls(path, filename, sheet, limits)
    if _looks_like_html(head):
        encoding = sniff_encoding(head)
        return TableSource(path, "html", ("",), None, encoding, None, filename, limits)
    if b"\x00" in head[:4096] and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ListError("unsupported_format", format="binary")
    encoding = sniff_encoding(head)
    return TableSource(path, "csv", ("",), None, encoding, sniff_delimiter(head, encoding), filename, limits)


# --- CSV -------------------------------------------------------------------------------------------

def sniff_delimiter(prefix: bytes, encoding: str) -> str:
    """The separator that splits the first lines into the most rows of one same width (> 1).

    Title lines ("DANH SÁCH …") have no separators unless Excel padded them; money written
    "3,710,000" in a ';' file gives ',' uneven widths, so it loses.
    """
    text = codecs.getincrementaldecoder(encoding)(errors="replace").decode(prefix, final=False)
    lines = text.splitlines()[:-1] if len(prefix) >= PREFIX_BYTES else text.splitlines()
    lines = [line for line in lines if line.strip()][:60]
    best, best_score = ",", (0, 0)
    for delimiter in _DELIMITERS:
        widths: dict[int, int] = {}
        try:
            for row in csv.reader(lines, delimiter=delimiter):
                if len(row) > 1:
                    widths[len(row)] = widths.get(len(row), 0) + 1
        except csv.Error:  # a cell over the length limit: the reader will say so; this guess is only a guess
            pass
        if widths:
            width, count = max(widths.items(), key=lambda item: (item[1], item[0]))
            score = (count, width)
            if score > best_score:
                best, best_score = delimiter, score
    return best


def _csv_rows(path: Path, encoding: str, delimiter: str, limits: ListLimits) -> Iterator[list[Cell]]:
    is_normalized = unicodedata.is_normalized
    # A cell over the limit (or a stray quote that would swallow the rest of the file into one
    # cell) stops the reader in C, before the cell is built.  The setting is process-wide; every
    # reader sets it before reading.
    csv.field_size_limit(limits.cell_chars)
    with path.open("rb") as raw, open_text(raw, encoding) as text:  # type: ignore[arg-type]
        reader = csv.reader(text, delimiter=delimiter)
        try:
            for row in reader:
                if len(row) > limits.columns:  # before a million cells are looked at one by one
                    raise too_many_columns(limits, reader.line_num)
                # The hot loop of a million-row import: cells already in NFC and not starting with a
                # space (nearly all) are kept as they are; the others get the full _clean.
                cells: list[Cell] = [
                    cell if cell and cell[0] > " " and (cell.isascii() or is_normalized("NFC", cell)) else _clean(cell)
                    for cell in row
                ]
                while cells and cells[-1] is None:
                    cells.pop()
                yield cells
        except csv.Error as error:
            if _FIELD_TOO_LARGE in str(error):
                raise cell_too_long(limits, reader.line_num) from error
            raise ListError("unreadable", reason="csv") from error


# --- xlsx ------------------------------------------------------------------------------------------

@contextmanager
def _xlsx_workbook(path: Path) -> Iterator[Any]:
    """The workbook in read-only mode, opened from a file object: openpyxl refuses paths whose
    extension is not .xlsx, and an officer's "danh sach.xls" is often an .xlsx."""
    from openpyxl import load_workbook

    with path.open("rb") as handle:
        try:
            workbook = load_workbook(handle, read_only=True, data_only=True)
        except Exception as error:  # noqa: BLE001 - any zip that is not a workbook (.docx, .ods, broken)
            raise ListError("unsupported_format", format="zip") from error
        try:
            yield workbook
        finally:
            workbook.close()


def _open_xlsx(path: Path, filename: str | None, sheet: str | int | None, limits: ListLimits) -> TableSource:
    with _xlsx_workbook(path) as workbook:
        sheets = list(workbook.worksheets)
        if len(sheets) > limits.sheets:
            raise ListError("too_many_sheets", limit=limits.sheets)
        names = tuple(ws.title for ws in sheets)
        chosen = _pick(names, sheet, lambda i: _xlsx_has_data(sheets[i], limits),
                       lambda i: getattr(sheets[i], "sheet_state", "visible") == "visible")
    return TableSource(path, "xlsx", names, chosen, None, None, filename, limits)


def _xlsx_has_data(worksheet: Any, limits: ListLimits) -> bool:
    worksheet.reset_dimensions()
    for index, row in enumerate(_beyond_last_column_is_a_limit(worksheet.iter_rows(values_only=True), limits)):
        if len(row) > limits.columns:
            raise too_many_columns(limits, index + 1)
        if any(_clean(cell) is not None for cell in row):
            return True
        if index >= _EMPTY_SCAN_ROWS:
            return False
    return False


def _beyond_last_column_is_a_limit(rows: Iterator[Any], limits: ListLimits) -> Iterator[Any]:
    """A crafted .xlsx can name a cell past Excel's last column (XFD); openpyxl then raises a bare
    ValueError.  That file has too many columns, and the officer is told so."""
    done = 0
    try:
        for row in rows:
            yield row
            done += 1
    except ValueError as error:
        if "column" not in str(error).lower():
            raise
        raise too_many_columns(limits, done + 1) from error


def _xlsx_rows(path: Path, sheet: str | None) -> Iterator[list[Cell]]:
    with _xlsx_workbook(path) as workbook:
        worksheet = workbook[sheet] if sheet is not None else workbook.worksheets[0]
        # Files written by other programs often declare a wrong used range ("A1"); read-only mode
        # trusts it and would cut rows short unless the declared dimensions are dropped.
        worksheet.reset_dimensions()
        for row in worksheet.iter_rows(values_only=True):
            yield _clean_row(row)


# --- xls (BIFF, Excel 97–2003) ---------------------------------------------------------------------

def _load_xls(path: Path) -> Any:
    import xlrd

    try:
        # on_demand: sheets are parsed only when asked for.  xlrd reads the file itself into memory,
        # which is bounded anyway: a .xls sheet holds at most 65,536 rows.
        return xlrd.open_workbook(str(path), on_demand=True)
    except Exception as error:  # noqa: BLE001 - a corrupt or non-Excel OLE2 file (e.g. a .doc)
        raise ListError("unreadable", reason=type(error).__name__) from error


def _open_xls(path: Path, filename: str | None, sheet: str | int | None, limits: ListLimits) -> TableSource:
    book = _load_xls(path)
    try:
        names = tuple(book.sheet_names())
        if len(names) > limits.sheets:
            raise ListError("too_many_sheets", limit=limits.sheets)

        def has_data(index: int) -> bool:
            worksheet = book.sheet_by_index(index)
            try:
                return any(_clean(value) is not None
                           for r in range(min(worksheet.nrows, _EMPTY_SCAN_ROWS)) for value in worksheet.row_values(r))
            finally:
                book.unload_sheet(index)

        def visible(index: int) -> bool:
            return getattr(book.sheet_by_index(index), "visibility", 0) == 0

        chosen = _pick(names, sheet, has_data, visible)
    finally:
        book.release_resources()
    return TableSource(path, "xls", names, chosen, None, None, filename, limits)


def _xls_rows(path: Path, sheet: str | None) -> Iterator[list[Cell]]:
    import xlrd

    book = _load_xls(path)
    try:
        worksheet = book.sheet_by_name(sheet) if sheet is not None else book.sheet_by_index(0)
        for index in range(worksheet.nrows):
            yield _clean_row([_xls_value(cell, book.datemode, xlrd) for cell in worksheet.row(index)])
    finally:
        book.release_resources()


def _xls_value(cell: Any, datemode: int, xlrd: Any) -> Cell:
    kind = cell.ctype
    if kind == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate.xldate_as_datetime(cell.value, datemode)
        except Exception:  # noqa: BLE001 - an impossible date number stays a number
            return cell.value
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return None
    if kind == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    if kind == xlrd.XL_CELL_NUMBER and float(cell.value).is_integer() and abs(cell.value) < 2**53:
        return int(cell.value)  # xlrd gives every number as float; whole numbers read like .xlsx ones
    return cell.value


# --- shared ----------------------------------------------------------------------------------------

def _pick(names: tuple[str, ...], wanted: str | int | None, has_data: Any, visible: Any) -> str:
    if isinstance(wanted, int):
        if not 0 <= wanted < len(names):
            raise ListError("no_sheet", sheet=str(wanted))
        return names[wanted]
    if isinstance(wanted, str):
        if wanted not in names:
            raise ListError("no_sheet", sheet=wanted)
        return wanted
    if not names:
        raise ListError("empty_file")
    for require_visible in (True, False):
        for index in range(len(names)):
            if (visible(index) or not require_visible) and has_data(index):
                return names[index]
    raise ListError("empty_file")


def _looks_like_html(head: bytes) -> bool:
    start = head.lstrip(codecs.BOM_UTF8).lstrip()[:1024].lower()
    return start.startswith((b"<!doctype html", b"<html", b"<table", b"<meta")) or (
        start.startswith(b"<") and b"<table" in head[:PREFIX_BYTES].lower())


def _clean(value: object) -> Cell:
    if value is None:
        return None
    if type(value) is str:
        if not value or value.isspace():
            return None
        if not value.isascii() and not unicodedata.is_normalized("NFC", value):
            return unicodedata.normalize("NFC", value)
        return value
    if isinstance(value, datetime | date | int | float | bool):
        return value
    return str(value)  # e.g. a datetime.time or a formula error object: keep something readable


def _clean_row(row: Any) -> list[Cell]:
    cells = [_clean(value) for value in row]
    while cells and cells[-1] is None:
        cells.pop()
    return cells


__all__ = ["Cell", "Format", "ListError", "TableSource", "open_table", "sniff_delimiter"]
