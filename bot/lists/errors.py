"""The one exception of the list readers: a whole file cannot be used.  A stable ASCII code plus
parameters, never text; the dialogs word it for the officer.

Codes:
- ``empty_file``: nothing in the file (or in any sheet).
- ``unsupported_format`` (format: "binary" | "zip"): not a spreadsheet, an .xlsx, .xls, HTML table or CSV.
- ``encrypted``: an Excel file protected by a password.
- ``unreadable`` (reason: the reader's exception name): a damaged .xls.
- ``no_sheet`` (sheet): the sheet asked for does not exist.
- ``no_header``: no row among the first ones names the list's columns.
- ``missing_columns`` (missing: [field], recognised: {field: header text}): a required column is absent.
"""

from __future__ import annotations

from typing import Any


class ListError(ValueError):
    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


__all__ = ["ListError"]
