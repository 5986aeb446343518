"""Text from lists and citizens written into report cells as text, never as a formula.

What counts as dangerous is defined once, in :mod:`bot.lists.safe_output` (OWASP's advice on
formula injection).  Report cells are written through openpyxl's normal (not write-only) sheets,
where the simplest inert form is the leading ``'`` that Excel and LibreOffice show as text; numbers
and dates we computed ourselves stay numbers.
"""

from __future__ import annotations

from datetime import date, datetime

from bot.lists.safe_output import FORMULA_STARTS, csv_value


def safe_text(value: str) -> str:
    """The text, with a leading ``'`` when a spreadsheet would otherwise read it as a formula."""
    return str(csv_value(value))


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
