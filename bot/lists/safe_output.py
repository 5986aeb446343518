"""Values from users, written into files the bot produces, made inert (never a live formula).

An uploaded list may carry ``=HYPERLINK("http://…","Bấm vào đây")`` or ``=1+2`` in a cell; a report
that writes it back as it came would run it on the officer's computer.  Following OWASP's advice on
CSV injection, any text beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
written as text: in an .xlsx as a string cell (the value unchanged, so "-5" or "+84 912…" still read
right), in a .csv with a leading apostrophe (the only way a CSV can say "text").

Every writer of .xlsx or .csv output uses this module: the error report today, exports later.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value: object) -> bool:
    """Whether a spreadsheet program could take ``value`` for a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_value(value: object) -> object:
    """``value`` for a csv writer: formula-like text gets a leading apostrophe."""
    return "'" + value if isinstance(value, str) and is_formula_like(value) else value


def xlsx_row(sheet: Any, values: Iterable[object]) -> list[object]:
    """Cells for ``sheet.append`` of an openpyxl write-only sheet: formula-like text becomes a string
    cell (openpyxl would otherwise store any text starting with "=" as a formula)."""
    from openpyxl.cell import WriteOnlyCell

    cells: list[object] = []
    for value in values:
        if isinstance(value, str) and is_formula_like(value):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"
            cells.append(cell)
        else:
            cells.append(value)
    return cells


__all__ = ["FORMULA_STARTS", "csv_value", "is_formula_like", "xlsx_row"]
