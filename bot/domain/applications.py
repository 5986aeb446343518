"""Typed results of submitting and reviewing applications (no Telegram, no SQL)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any


class ApplicationStatus(StrEnum):
    SUBMITTED = "submitted"
    APPROVED = "approved"
    REJECTED = "rejected"


class SubmitOutcome(StrEnum):
    SUBMITTED = "submitted"
    # The same Telegram user already applied for this policy with this ID: shown their own code.
    ALREADY_APPLIED = "already_applied"
    # Someone else applied with this ID: kept and flagged; the applicant learns nothing about the other.
    POSSIBLE_DUPLICATE = "possible_duplicate"


@dataclass(frozen=True)
class SubmitResult:
    outcome: SubmitOutcome
    reference_code: str

    def as_effect_value(self) -> dict[str, Any]:
        """What the /nophoso dialog reads (``duplicate`` only ever holds the applicant's own code)."""
        if self.outcome is SubmitOutcome.ALREADY_APPLIED:
            return {"duplicate": self.reference_code}
        return {"reference_code": self.reference_code,
                "possible_duplicate": self.outcome is SubmitOutcome.POSSIBLE_DUPLICATE}


class DecideOutcome(StrEnum):
    DECIDED = "decided"
    ALREADY_DECIDED = "already_decided"
    NOT_OFFICER = "not_officer"


@dataclass(frozen=True)
class ApplicationCard:
    """One application as an officer sees it; ``as_data`` is saved in the review dialog's state."""

    id: int
    reference_code: str
    policy_id: str
    full_name: str
    id_number: str
    birth_date: date
    phone: str
    status: ApplicationStatus
    submitted_at: datetime
    answers: dict[str, Any] = field(default_factory=dict)
    possible_duplicate: bool = False

    def as_data(self) -> dict[str, Any]:
        data = asdict(self)
        data.update(birth_date=self.birth_date.isoformat(), submitted_at=self.submitted_at.isoformat(),
                     status=str(self.status))
        return data


@dataclass(frozen=True)
class ReviewNext:
    """The next application to review, with the others sharing its policy and ID (side by side)."""

    allowed: bool
    card: ApplicationCard | None = None
    others: tuple[ApplicationCard, ...] = ()
    pending: int = 0

    def as_data(self) -> dict[str, Any] | None:
        if self.card is None:
            return None
        return {**self.card.as_data(), "pending": self.pending,
                "others": [other.as_data() for other in self.others]}
