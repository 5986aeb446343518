"""Converting one cell of an office's list into a value, the way cells really arrive.

IDs stored as numbers lose their leading zero (79123456789 for 079123456789) or, in CSVs saved
from Excel, even digits ("7.91235E+10"); dates come as text (15/07/2021, 15-7-21), Excel serial
numbers (44392), or date cells; money as "3.710.000", 3710000, 3710000.0, "3,710,000 đ" or in
thousands when the header says "(nghìn đồng)".  A bad cell raises :class:`CellError` with a code.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from bot.lists.legacy_fonts import fix_legacy_text
from bot.parsing import ParseError, PersonId, parse_date, parse_money, parse_person_id, repair_numeric_id
from bot.parsing.text import fold

_EXCEL_EPOCH = date(1899, 12, 30)      # serial 61 and later (Excel's 1900 leap-year bug before it)
_SERIAL_MIN, _SERIAL_MAX = 1, 73_050   # 1900-01-01 .. 2099-12-31
_DMY = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})")
_TIME_SUFFIX = re.compile(r"\s+\d{1,2}:\d{2}(:\d{2})?(\s*[AaPp][Mm])?$")
_SCIENTIFIC = re.compile(r"(\d)(?:[.,](\d+))?[eE]\+?(\d+)")
_ID_LABEL = re.compile(r"^(?:[A-Za-zĐđ]+\s*[:.]?\s*)?([0-9][0-9 .\-]*)$")
# The general money parser also reads words ("3,71 triệu"); it is used only when such a word is
# there, because on other text it may read "3,710,000 ®" as 4 đồng.
_MONEY_WORDS = re.compile(r"\d\s*(ty|trieu|tr|nghin|ngan|k)\b|\dtr\d")
_SERIAL_TEXT = re.compile(r"\d{5}(\.0+)?")
_YEAR_TEXT = re.compile(r"\s*(\d{4})(\.0+)?\s*")
_SPACES = re.compile(r"[\s\u00a0]")
_GROUPED = re.compile(r"\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*")           # 3.710.000 / 3,710,000
_DECIMAL = re.compile(r"(\d{1,3}(?:([.,])\d{3})*|\d+)([.,])(\d{1,2})")  # 3.710.000,00 / 3710000.0
_CURRENCY = re.compile(r"(?:vn[đd®ñð]|[đd®ñð]ồng|dong|[đd®ñð])\.?$", re.IGNORECASE)  # đ in Unicode/TCVN3/VNI


class CellError(ValueError):
    """A cell that cannot be read: ``code`` is stable ASCII, ``params`` name what was wrong."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def is_blank(value: object) -> bool:
    return value is None or (type(value) is str and not value.strip())


def display(value: object) -> str:
    """How a cell reads in a report: whole numbers without ".0", dates as dd/mm/yyyy."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y") if value.time() == datetime.min.time() else value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value).strip()


# --- dates -----------------------------------------------------------------------------------------

def from_serial(number: float) -> date:
    days = int(number)
    if not _SERIAL_MIN <= days <= _SERIAL_MAX:
        raise CellError("date_invalid", reason="serial")
    return (date(1899, 12, 31) + timedelta(days=days)) if days < 61 else _EXCEL_EPOCH + timedelta(days=days)


def to_date(value: object, *, today: date, allow_future: bool = True) -> date | None:
    """A date from a date cell, an Excel serial number, or text; None for an empty cell."""
    if is_blank(value):
        return None
    if isinstance(value, datetime):
        result = value.date()
    elif isinstance(value, date):
        result = value
    elif isinstance(value, bool):
        raise CellError("date_invalid", reason="format")
    elif isinstance(value, (int, float)):
        result = from_serial(value)
    else:
        result = _text_date(str(value).strip(), today)
    if not allow_future and result > today:
        raise CellError("date_invalid", reason="future")
    return result


@lru_cache(maxsize=8192)
def _text_date(text: str, today: date) -> date:
    """Cached: a list repeats its decision and payment dates on every row."""
    return _parse_text_date(text, today)


def _parse_text_date(text: str, today: date) -> date:
    text = _TIME_SUFFIX.sub("", text)  # "15/07/2021 00:00:00" from a CSV export
    quick = _DMY.fullmatch(text)
    if quick:  # the common case, without the general parser
        try:
            return date(int(quick.group(3)), int(quick.group(2)), int(quick.group(1)))
        except ValueError as error:
            raise CellError("date_invalid", reason="invalid") from error
    if _SERIAL_TEXT.fullmatch(text):  # an Excel serial number exported as text
        return from_serial(float(text))
    try:
        return parse_date(text, today=today, two_digit_pivot="past")
    except ParseError as error:
        reason = "format" if error.code == "date_format" else "invalid"
        raise CellError("date_invalid", reason=reason) from error


def to_birth(value: object, *, today: date) -> tuple[date | None, int | None]:
    """(birth date, birth year): lists often give only the year ("Năm sinh": 1985 or "1985")."""
    if type(value) is str and (quick := _DMY.fullmatch(value)):  # the common "15/07/1985", directly
        try:
            born = date(int(quick.group(3)), int(quick.group(2)), int(quick.group(1)))
        except ValueError as error:
            raise CellError("birth_date_invalid", reason="invalid") from error
        if born > today:
            raise CellError("birth_date_invalid", reason="future")
        if born.year < 1900:
            raise CellError("birth_date_invalid", reason="invalid")
        return born, born.year
    if is_blank(value):
        return None, None
    year = _year_only(value)
    if year is not None:
        if not 1900 <= year <= today.year:
            raise CellError("birth_date_invalid", reason="invalid")
        return None, year
    try:
        born = to_date(value, today=today, allow_future=False)
    except CellError as error:
        raise CellError("birth_date_invalid", **error.params) from error
    assert born is not None
    if born.year < 1900:
        raise CellError("birth_date_invalid", reason="invalid")
    return born, born.year


def _year_only(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        number = int(value)
        return number if 1000 <= number <= 2999 else None
    if isinstance(value, str):
        found = _YEAR_TEXT.fullmatch(value)
        return int(found.group(1)) if found else None
    return None


# --- money -----------------------------------------------------------------------------------------

def to_money(value: object, *, multiplier: int = 1) -> int | None:
    """Whole đồng, > 0; None for an empty cell."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise CellError("amount_invalid", reason="format")
    if isinstance(value, (int, float)):
        amount = _whole(value * multiplier)
    else:
        amount = _text_money(str(value), multiplier)
    if amount <= 0:
        raise CellError("amount_invalid", reason="not_positive")
    return amount


def _whole(number: float) -> int:
    rounded = round(number)
    if abs(number - rounded) > 1e-6:
        raise CellError("amount_invalid", reason="fraction")  # đồng have no fractions
    return int(rounded)


def _text_money(raw: str, multiplier: int) -> int:
    if not raw.isascii():
        raw = fix_legacy_text(raw)  # "3.710.000 ñ" is VNI for "3.710.000 đ"
    text = _SPACES.sub("", raw)
    text = _CURRENCY.sub("", text)
    if text.startswith("-"):
        raise CellError("amount_invalid", reason="not_positive")
    if text.isdigit():
        return int(text) * multiplier
    grouped = _GROUPED.fullmatch(text)
    if grouped:  # "3.710.000" or "3,710,000"
        return int(re.sub(r"\D", "", text)) * multiplier
    decimal = _DECIMAL.fullmatch(text)
    if decimal and decimal.group(2) != decimal.group(3):  # "3.710.000,00", "3710000.0", "3,5" (x 1000)
        whole = int(re.sub(r"\D", "", decimal.group(1)))
        return _whole((whole + int(decimal.group(4)) / 10 ** len(decimal.group(4))) * multiplier)
    if not _MONEY_WORDS.search(fold(raw).lower()):
        raise CellError("amount_invalid", reason="format")
    try:
        return parse_money(raw) * multiplier  # "3,71 triệu", "3tr710"
    except ParseError as error:
        raise CellError("amount_invalid", reason="format") from error


# --- identity --------------------------------------------------------------------------------------

def to_person_id(value: object) -> PersonId:
    """A CCCD (12 digits) or CMND (9 digits), repairing leading zeros lost to number cells."""
    if type(value) is int and value > 0:  # the fast paths: a number cell, or clean digits
        value = str(value)
        value = value.zfill(12) if len(value) in (10, 11) else value.zfill(9) if len(value) in (7, 8) else value
    if type(value) is str and value.isdigit() and len(value) in (9, 12):
        return PersonId("cccd" if len(value) == 12 else "cmnd", value)
    if isinstance(value, bool):
        raise CellError("id_invalid")
    if isinstance(value, float) and not value.is_integer():
        raise CellError("id_invalid")
    if isinstance(value, str):
        value = _id_text(value)
    repaired = repair_numeric_id(value)
    if repaired is None:
        compact = re.sub(r"[\s.\-']", "", display(value))
        raise CellError("id_length", digits=len(compact)) if compact.isdigit() else CellError("id_invalid")
    try:
        return parse_person_id(repaired)
    except ParseError as error:
        raise CellError("id_invalid") from error


def _id_text(text: str) -> str:
    text = text.strip().lstrip("'").strip()
    scientific = _SCIENTIFIC.fullmatch(text.replace(" ", ""))
    if scientific:
        # "7.91235E+10": Excel kept only 6 significant digits when the CSV was saved.
        significant = 1 + len(scientific.group(2) or "")
        if significant < int(scientific.group(3)) + 1:
            raise CellError("id_precision_lost")
        return str(int(float(text.replace(",", "."))))
    labelled = _ID_LABEL.fullmatch(text)  # "CCCD: 079 123 456 789"
    if labelled:
        return re.sub(r"[ .\-]", "", labelled.group(1))
    return text


# --- small fields ----------------------------------------------------------------------------------

_SEXES = {"nam": "male", "nu": "female", "male": "male", "female": "female", "m": "male", "f": "female",
          "trai": "male", "gai": "female"}


def to_sex(text: str | None) -> str | None:
    """"Nam"/"Nữ" (any case, with or without diacritics); None when it says neither."""
    if not text:
        return None
    return _SEXES.get(" ".join(fold(text).lower().split()))


def marked(value: object) -> bool:
    """A cell in a "Nam | Nữ" pair of columns that says "this one" ("x", "X", 1, or the birth date)."""
    return not is_blank(value) and value != 0 and not (isinstance(value, str) and value.strip() in ("0", "-"))


__all__ = ["CellError", "display", "from_serial", "is_blank", "marked", "to_birth", "to_date", "to_money",
           "to_person_id", "to_sex"]
