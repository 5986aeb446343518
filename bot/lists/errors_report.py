"""The .xlsx of refused rows, returned to the officer with the reason for each in Vietnamese."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from bot.lists.records import RowError


def write_error_report(errors: Iterable[RowError], path: Path, *, messages: Callable[[RowError], str],
                       reason_header: str = "Lý do", row_header: str = "Dòng trong tệp") -> int:
    """Stream the report (openpyxl write-only); returns how many rows were written."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Dong loi")
    headers: list[str] | None = None
    count = 0
    for error in errors:
        if headers is None:
            headers = list(error.raw.keys())
            sheet.append([row_header, reason_header, *headers])
        values = [error.raw.get(h, "") for h in headers]
        sheet.append([error.row_number, messages(error), *[str(v) if v is not None else "" for v in values]])
        count += 1
    if headers is None:
        sheet.append([row_header, reason_header])
    workbook.save(path)
    return count
