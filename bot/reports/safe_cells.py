"""Text from lists and citizens written into spreadsheets as text, never as a formula.

A name cell reading ``=HYPERLINK(...)`` or ``+1-2`` would be run by Excel or LibreOffice when an
officer opens the export (CSV/formula injection).  OWASP's advice: prefix any cell that starts
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return with a single quote, and store it as a
string.  Numbers we computed ourselves stay numbers.
"""

from __future__ import annotations

from datetime import date, datetime

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: str) -> str:
    """The text, with a leading ``'`` when a spreadsheet would otherwise read it as a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def safe_cell(value: object) -> object:
    """A value for ``openpyxl``: numbers and dates as they are, everything else as safe text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float, date, datetime)):
        return value
    return safe_text(str(value))


__all__ = ["FORMULA_STARTS", "safe_cell", "safe_text"]
