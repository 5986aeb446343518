"""Typed results of submitting and reviewing applications (no Telegram, no SQL)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class ApplicationStatus(StrEnum):
    SUBMITTED = "submitted"
    APPROVED = "approved"
    REJECTED = "rejected"
    RETURNED = "returned"  # sent back by /duyet asking for a missing paper


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
