"""The .xlsx of refused rows that goes back to the officer: each row as it was in the file, plus why.

Nothing from the file is ever written as a live formula (:mod:`.safe_output`).  Written with
openpyxl's write-only mode, row by row, so a report of 100,000 refused rows costs
no more memory than one of ten.  The wording of each reason is the caller's (the dialogs own the
Vietnamese text); this module only lays the rows out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import chain
from pathlib import Path

from bot.lists.records import RowError
from bot.lists.safe_output import xlsx_row

_SHEET_TITLE = "Dong loi"
_REASON_SEPARATOR = "; "


def write_error_report(errors: Iterable[RowError], path: Path, *, messages: Callable[[RowError], str],
                       headers: list[str] | None = None, row_header: str = "Dòng trong tệp",
                       reason_header: str = "Lý do") -> int:
    """Write ``errors`` to ``path`` and return how many rows were written.

    Columns: the row number in the officer's file, the reason (first, so it is seen without
    scrolling), then the file's own columns (``headers``, by default those of the first error that
    carries its row's values).  A row with several problems gets all of them, joined by "; ".
    """
    from openpyxl import Workbook

    iterator = iter(errors)
    if headers is None:
        headers, iterator = _headers_from_first(iterator)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_SHEET_TITLE)
    sheet.append(xlsx_row(sheet, [row_header, reason_header, *headers]))
    count = 0
    for error in iterator:
        values = [_cell(error.raw.get(name, "")) for name in headers]
        sheet.append(xlsx_row(sheet, [error.row_number, _reasons(error, messages), *values]))
        count += 1
    workbook.save(path)
    return count


def _headers_from_first(errors: Iterator[RowError]) -> tuple[list[str], Iterator[RowError]]:
    """Look ahead to the first error that has its row's values; keep every error for writing."""
    seen: list[RowError] = []
    for error in errors:
        seen.append(error)
        if error.raw:
            return list(error.raw), chain(seen, errors)
    return [], iter(seen)


def _reasons(error: RowError, messages: Callable[[RowError], str]) -> str:
    texts = [messages(error)]
    for name, code, params in error.others:
        texts.append(messages(RowError(error.row_number, name, code, dict(params), {})))
    return _REASON_SEPARATOR.join(dict.fromkeys(t for t in texts if t))


def _cell(value: object) -> object:
    """Text stays text (an ID keeps its leading zero), numbers stay numbers."""
    if value is None:
        return ""
    if isinstance(value, (int, float, str)) and not isinstance(value, bool):
        return value
    return str(value)


__all__ = ["write_error_report"]
