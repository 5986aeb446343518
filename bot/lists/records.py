"""Turning the data rows of a list into records, row errors, or rows skipped on purpose.

Offices' lists carry STT numbers, group headings ("I. Xã Ninh Quang"), a row of column numbers,
a total row ("Tổng cộng") and signatures at the bottom; those are skipped, not reported as
errors.  Cells are converted the way they arrive: IDs stored as numbers that lost their leading
zero, dates as text, Excel serial numbers or date cells, money as "3.710.000" or 3710000.0.

RowError codes: name_missing, id_missing, id_invalid, id_province, id_century, id_year, id_sex,
birth_date_invalid, amount_missing, amount_invalid, paid_amount_missing, paid_date_missing,
date_invalid.  Skipped reasons: blank, total, subheading, column_numbers, signature.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from bot.lists.encoding import fix_legacy_text
from bot.lists.headers import header_key, locate_header
from bot.lists.sources import TableSource
from bot.parsing import ParseError, check_person_id, parse_date, parse_money, parse_person_id, repair_numeric_id

_EXCEL_EPOCH = date(1899, 12, 30)
_SIGNATURE = ("nguoilapbieu", "nguoilap", "thutruong", "ketoan", "xacnhan", "tmubnd", "tmuyban", "chutich",
              "giamdoc", "lanhdao", "kyten", "nguoiduyet", "truongphong")
_TOTAL = ("tongcong", "cong", "tong", "total")


@dataclass(frozen=True)
class ApprovedRecord:
    row_number: int
    full_name: str
    id_number: str
    id_kind: str
    birth_date: date | None
    sex: str
    address: str
    commune: str
    district: str
    province: str
    policy_text: str
    amount: int
    decision_number: str
    decision_date: date | None


@dataclass(frozen=True)
class PaidRecord:
    row_number: int
    id_number: str
    policy_text: str
    paid_amount: int
    paid_date: date | None
    payer: str


@dataclass(frozen=True)
class RowError:
    row_number: int
    field: str
    code: str
    params: dict[str, Any] = field(default_factory=dict)
    raw: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Skipped:
    row_number: int
    reason: str


class _Bad(Exception):
    def __init__(self, field_name: str, code: str, **params: Any) -> None:
        super().__init__(code)
        self.field, self.code, self.params = field_name, code, params


_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def to_date(value: object, today: date) -> date | None:
    if value is None or value == "":
        return None
    if type(value) is str:
        quick = _DMY.fullmatch(value)
        if quick:  # the common case, without the general parser
            try:
                return date(int(quick.group(3)), int(quick.group(2)), int(quick.group(1)))
            except ValueError as error:
                raise ParseError("date_invalid") from error
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 80000:
            return _EXCEL_EPOCH + timedelta(days=int(value))
        raise ValueError("date")
    text = str(value).strip()
    if re.fullmatch(r"\d{5}(\.0)?", text):
        return _EXCEL_EPOCH + timedelta(days=int(float(text)))
    return parse_date(text, today=today, allow_future=True)


def to_money(value: object) -> int | None:
    if value is None or value == "":
        return None
    if type(value) is str and value.isdigit():
        return int(value)
    if isinstance(value, bool):
        raise ValueError("money")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value != int(value):
            raise ValueError("money")
        return int(value)
    return parse_money(str(value))


def _text(value: object) -> str:
    if value is None:
        return ""
    if type(value) is str:
        return _clean_text(value)
    if isinstance(value, float) and value == int(value):
        value = int(value)
    return fix_legacy_text(" ".join(str(value).split()))


@lru_cache(maxsize=100_000)
def _clean_text(value: str) -> str:
    """Cells repeat a lot (communes, policies, decisions): each distinct text is cleaned once."""
    if value.isascii() and "  " not in value:
        return value.strip()
    return fix_legacy_text(" ".join(value.split()))


def _classify(row: list[object], columns: dict[str, int]) -> str | None:
    """Why a row is not data (or None when it is)."""
    index = columns.get("id_number")
    if index is not None and index < len(row):
        id_cell = row[index]
        if isinstance(id_cell, (int, float)) or (type(id_cell) is str and id_cell.strip().isdigit()):
            return None  # the common case: a data row with an ID number
    cells = [c for c in row if c not in (None, "")]
    if not cells:
        return "blank"
    first_key = header_key(cells[0]) if not isinstance(cells[0], (int, float)) else ""
    keys = [header_key(c) for c in cells if isinstance(c, str)]
    if any(k.startswith(_SIGNATURE) for k in keys) or (keys and all(k.startswith(("ngay", "thang", "nam")) for k in keys)
                                                         and not any(isinstance(c, (int, float)) for c in cells)):
        return "signature"
    if any(k.startswith(_TOTAL) and len(k) <= 12 for k in keys[:3]):
        return "total"
    if all(re.fullmatch(r"\(?\d{1,2}\)?", str(c).strip()) for c in cells) and len(cells) >= 3:
        return "column_numbers"
    id_cell = row[columns["id_number"]] if columns.get("id_number", 99999) < len(row) else None
    if id_cell in (None, "") and len(cells) <= 2 and first_key:
        return "subheading"  # "I. Xã Ninh Quang", "A. Nhóm tạm hoãn HĐLĐ"
    return None


def iter_records(source: TableSource, kind: str, *, today: date, defaults: dict[str, Any] | None = None
                 ) -> Iterator[ApprovedRecord | PaidRecord | RowError | Skipped]:
    defaults = defaults or {}
    match = locate_header(source.rows(), kind=kind)
    if match is None:
        return
    columns = match.columns
    headers = {index: text for text, index in ((match.recognised.get(f, f), i) for f, i in columns.items())}
    signature_seen = False
    for index, row in enumerate(source.rows()):
        if index <= match.header_row:
            continue
        row_number = index + 1
        if signature_seen:
            yield Skipped(row_number, "signature")
            continue
        reason = _classify(row, columns)
        if reason is not None:
            signature_seen = reason == "signature"
            yield Skipped(row_number, reason)
            continue
        try:
            yield _approved(row, row_number, columns, today, defaults) if kind == "approved" \
                else _paid(row, row_number, columns, today, defaults)
        except _Bad as bad:
            raw = {headers.get(i, f"Cột {i + 1}"): ("" if v is None else v) for i, v in enumerate(row)}
            yield RowError(row_number, bad.field, bad.code, bad.params, raw)


def _cell(row: list[object], columns: dict[str, int], name: str) -> object:
    index = columns.get(name)
    return row[index] if index is not None and index < len(row) else None


def _id(row: list[object], columns: dict[str, int], born: date | None, sex: str) -> tuple[str, str]:
    raw = _cell(row, columns, "id_number")
    if raw in (None, ""):
        raise _Bad("id_number", "id_missing")
    repaired = repair_numeric_id(raw)
    if repaired is None:
        raise _Bad("id_number", "id_invalid")
    pid = parse_person_id(repaired)
    try:
        check_person_id(pid, birth_date=born, sex=sex or None)
    except ParseError as error:
        raise _Bad("id_number", error.code, **error.params) from error
    return pid.number, pid.kind


_SEXES = {"nam": "male", "nu": "female", "male": "male", "female": "female"}


def _sex(value: object) -> str:
    if value is None or value == "":
        return ""
    return _SEXES.get(header_key(value), "") if not isinstance(value, str) else _sex_text(value)


@lru_cache(maxsize=64)
def _sex_text(value: str) -> str:
    return _SEXES.get(header_key(value), "")


def _money(row: list[object], columns: dict[str, int], name: str, missing_code: str) -> int:
    try:
        amount = to_money(_cell(row, columns, name))
    except (ValueError, ParseError) as error:
        raise _Bad(name, "amount_invalid") from error
    if amount is None:
        raise _Bad(name, missing_code)
    return amount


def _date(row: list[object], columns: dict[str, int], name: str, today: date) -> date | None:
    try:
        return to_date(_cell(row, columns, name), today)
    except (ValueError, ParseError) as error:
        raise _Bad(name, "date_invalid") from error


def _approved(row: list[object], row_number: int, columns: dict[str, int], today: date,
              defaults: dict[str, Any]) -> ApprovedRecord:
    name = _text(_cell(row, columns, "full_name"))
    if not name:
        raise _Bad("full_name", "name_missing")
    try:
        born = to_date(_cell(row, columns, "birth_date"), today)
    except (ValueError, ParseError) as error:
        if re.fullmatch(r"(19|20)\d\d", str(_cell(row, columns, "birth_date")).strip().split(".")[0]):
            born = None  # only a birth year: kept without a date
        else:
            raise _Bad("birth_date", "birth_date_invalid") from error
    sex = _sex(_cell(row, columns, "sex"))
    number, id_kind = _id(row, columns, born, sex)
    amount = _money(row, columns, "amount", "amount_missing")
    decided = _date(row, columns, "decision_date", today) or defaults.get("decision_date")
    return ApprovedRecord(
        row_number, name, number, id_kind, born, sex, _text(_cell(row, columns, "address")),
        _text(_cell(row, columns, "commune")), _text(_cell(row, columns, "district")),
        _text(_cell(row, columns, "province")), _text(_cell(row, columns, "policy")) or defaults.get("policy_text", ""),
        amount, _text(_cell(row, columns, "decision_number")) or defaults.get("decision_number", ""), decided,
    )


def _paid(row: list[object], row_number: int, columns: dict[str, int], today: date,
          defaults: dict[str, Any]) -> PaidRecord:
    number, _ = _id(row, columns, None, "")
    amount = _money(row, columns, "paid_amount", "paid_amount_missing")
    paid = _date(row, columns, "paid_date", today) or defaults.get("paid_date")
    if paid is None:
        raise _Bad("paid_date", "paid_date_missing")
    return PaidRecord(row_number, number, _text(_cell(row, columns, "policy")) or defaults.get("policy_text", ""),
                      amount, paid, _text(_cell(row, columns, "payer")) or defaults.get("payer", ""))
