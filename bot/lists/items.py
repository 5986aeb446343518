"""What reading a list gives, row by row: a record, a row error, or a row skipped on purpose."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass(slots=True)
class ApprovedRecord:
    """One person on an approved list.  Text is Unicode NFC; text the file does not give is ""
    (the staging table's columns are NOT NULL), a date it does not give is None.  Not frozen only
    because frozen dataclasses take four times longer to build, a second per million rows."""

    row_number: int
    full_name: str
    id_number: str
    id_kind: str  # "cccd" | "cmnd"
    amount: int   # đồng
    birth_date: date | None = None
    birth_year: int | None = None  # also set when the list gives only the year
    sex: str = ""  # "male" | "female" | ""
    old_id_number: str = ""  # the CMND when the list has both a CCCD and a CMND column
    phone: str = ""  # E.164
    address: str = ""
    commune: str = ""
    district: str = ""
    province: str = ""
    policy_text: str = ""
    decision_number: str = ""
    decision_date: date | None = None
    bank_account: str = ""
    employer: str = ""
    note: str = ""
    section: str = ""  # the group heading above the row ("Xã Ninh Quang")


@dataclass(slots=True)
class PaidRecord:
    """One payment on a paid list."""

    row_number: int
    id_number: str
    id_kind: str
    paid_amount: int
    paid_date: date | None = None
    payer: str = ""
    policy_text: str = ""
    full_name: str = ""
    birth_date: date | None = None
    old_id_number: str = ""
    note: str = ""
    section: str = ""


@dataclass(frozen=True)
class RowError:
    """A data row that cannot be imported; ``raw`` maps header text to the row's values."""

    row_number: int
    field: str
    code: str
    params: dict[str, Any] = field(default_factory=dict)
    raw: dict[str, Any] = field(default_factory=dict)
    others: tuple[tuple[str, str, dict[str, Any]], ...] = ()  # further problems: (field, code, params)


@dataclass(slots=True)
class Skipped:
    """A row that is not data, on purpose; ``text`` is what showed it ("Tổng cộng")."""

    row_number: int
    reason: str
    text: str = ""


Item = ApprovedRecord | PaidRecord | RowError | Skipped

__all__ = ["ApprovedRecord", "Item", "PaidRecord", "RowError", "Skipped"]
