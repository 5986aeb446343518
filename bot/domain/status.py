"""What is known about one person's status, as the lookup returns it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum


@dataclass(frozen=True)
class ApprovalRecord:
    policy_id: str
    full_name: str
    name_key: str
    birth_date: date | None
    amount: int
    decision_number: str
    decision_date: date | None


@dataclass(frozen=True)
class PaymentRecord:
    policy_id: str
    amount: int
    paid_date: date
    payer: str


@dataclass(frozen=True)
class ApplicationRecord:
    reference_code: str
    policy_id: str
    full_name: str
    name_key: str
    birth_date: date
    status: str  # an ApplicationStatus value
    submitted_at: datetime
    status_note: str = ""
    phone: str = ""


@dataclass(frozen=True)
class Proof:
    """The second fact: a full birth date, or a birth year together with the full name."""

    birth_date: date | None = None
    birth_year: int | None = None
    name: str | None = None
    phone: str | None = None  # E.164; asked as an extra fact when an ID had many failed lookups


class LookupOutcome(StrEnum):
    FOUND = "found"
    NOT_FOUND = "not_found"
    LIMITED = "limited"  # this chat failed too often: wait
    NEEDS_PHONE = "needs_phone"  # this ID failed too often: give the phone on file, or wait


class GateOutcome(StrEnum):
    OPEN = "open"
    CHAT_LIMITED = "chat_limited"
    NEEDS_PHONE = "needs_phone"


@dataclass(frozen=True)
class LookupGate:
    """Checked before the person types anything more: may this chat, and this ID, be looked up now?"""

    outcome: GateOutcome
    retry_after: timedelta | None = None


@dataclass(frozen=True)
class StatusAnswer:
    outcome: LookupOutcome
    retry_after: timedelta | None = None
    masked_name: str = ""
    approvals: list[ApprovalRecord] = field(default_factory=list)
    payments: list[PaymentRecord] = field(default_factory=list)
    applications: list[ApplicationRecord] = field(default_factory=list)
    area: tuple[str, str] | None = None  # today's (province, commune) codes of the person's newest placed record
