"""The shapes of the rules (as loaded from the YAML files) and of a verdict.

Everything is a frozen dataclass: the rule book is data, and evaluating it cannot change it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Any


class FactKind(str, Enum):
    BOOL = "bool"
    DATE = "date"
    COUNT = "count"
    MONEY = "money"
    MONTHS = "months"
    CHOICE = "choice"


class Status(str, Enum):
    MET = "met"
    UNMET = "unmet"
    UNKNOWN = "unknown"
    ELIGIBLE = "eligible"
    NOT_ELIGIBLE = "not_eligible"


@dataclass(frozen=True)
class Citation:
    document: str
    article: str
    clause: str = ""
    point: str = ""
    url: str = ""
    verified: bool = True

    def __str__(self) -> str:
        """Vietnamese legal order: "điểm a khoản 1 Điều 13, Quyết định 23/2021/QĐ-TTg"."""
        clause, note = self.clause, ""
        if clause and not clause.lower().startswith(("khoản", "điểm", "tiết", "mục")):
            clause, note = "", f" ({self.clause})"
        parts = [p for p in (self.point, clause, self.article) if p]
        return " ".join(parts) + note + (f", {self.document}" if self.document else "")


@dataclass(frozen=True)
class Parameter:
    """A value that the law set for a period: ``values`` maps start dates to values (None ends it)."""

    name: str
    values: tuple[tuple[date, Any], ...]
    citation: Citation

    def at(self, when: date) -> Any:
        current = None
        for start, value in self.values:
            if start <= when:
                current = value
        if current is None:
            raise LookupError(f"parameter {self.name} has no value on {when.isoformat()}")
        return current


@dataclass(frozen=True)
class Fact:
    id: str
    kind: FactKind
    question: str
    help: str | None = None
    choices: tuple[tuple[str, str], ...] = ()
    min: int | None = None
    max: int | None = None


@dataclass(frozen=True)
class Situation:
    id: str
    label: str
    policy_ids: tuple[str, ...]


@dataclass(frozen=True)
class Condition:
    id: str
    text: str
    subject: str  # a fact id or a derived value name
    test: dict[str, Any]
    citation: Citation


@dataclass(frozen=True)
class Supplement:
    id: str
    label: str
    amount: str  # parameter name
    when: str | None = None  # bool fact that must be true
    per: str | None = None  # count fact: one amount per unit
    unless: str | None = None  # bool fact that cancels it (e.g. the other parent already claims)
    citation: Citation | None = None


@dataclass(frozen=True)
class Filing:
    who: str
    where: str
    forms: tuple[str, ...] = ()
    papers: tuple[str, ...] = ()
    deadline_text: str | None = None
    citation: Citation | None = None


@dataclass(frozen=True)
class Policy:
    id: str
    title: str
    document: str
    citation: Citation
    conditions: tuple[Condition, ...]
    amount: dict[str, Any]
    supplements: tuple[Supplement, ...]
    filing: Filing | None
    reference_date: str | None
    deadline: dict[str, Any] | None
    notes: tuple[str, ...]
    aliases: tuple[str, ...]
    parameters: dict[str, Parameter]
    derived: dict[str, dict[str, Any]]
    source_file: str = ""


@dataclass(frozen=True)
class ConditionResult:
    id: str
    text: str
    template: str
    params: dict[str, str]
    status: Status
    citation: Citation
    verified: bool


@dataclass(frozen=True)
class AmountLine:
    id: str
    label: str
    amount: int
    quantity: int | None = None
    unit_amount: int | None = None
    citation: Citation | None = None


@dataclass(frozen=True)
class PolicyVerdict:
    policy_id: str
    title: str
    document: str
    status: Status
    conditions: list[ConditionResult]
    amount_lines: list[AmountLine] = field(default_factory=list)
    total: int | None = None
    deadline: date | None = None
    deadline_passed: bool = False
    filing: Filing | None = None
    notes: list[str] = field(default_factory=list)
    unverified: bool = False
    next_fact: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SituationResult:
    situation_id: str
    next_fact: str | None
    verdicts: list[PolicyVerdict]
