"""The one exception of the parsers: a stable code plus parameters, never user-facing text.

Codes: date_format, date_invalid, date_future, date_month_only(month,year), yesno_unclear, yesno_unknown, count_format, count_range(min,max),
money_format, money_range, months_format, months_range(min,max), name_short, name_chars,
id_format, id_length, id_province(prefix), id_century(year), id_year(year), id_sex,
phone_format, account_format.  The dialogs turn them into Vietnamese messages.
"""

from __future__ import annotations

from typing import Any


class ParseError(ValueError):
    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params
