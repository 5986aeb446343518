"""The typed results of /thongke and /trunglap, shared by the services, the dialogs and the writers.

Pure data: the services fill them from the database, the dialogs turn them into chat text, and
``bot.reports.statistics_xlsx`` / ``duplicates_xlsx`` / ``chart`` into files.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from enum import StrEnum

from bot.domain.areas import Area, OfficerScope

UNPLACED = ""  # the sub-area key of records not placed in a commune of today (or an old district) yet


class GroupBy(StrEnum):
    """How the rows of a report are split: today's communes, or the old districts named in the lists."""

    COMMUNE = "commune"
    OLD_DISTRICT = "old_district"


@dataclass(frozen=True)
class Period:
    """Inclusive dates; ``None`` on a side means open (since the beginning / until today)."""

    start: date | None = None
    end: date | None = None

    def __post_init__(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise ValueError("period ends before it starts")


@dataclass(frozen=True)
class Figures:
    """What a report counts for one (sub-area, policy) cell; adding two adds every figure."""

    received: int = 0          # applications submitted in the period
    approved_apps: int = 0     # ... of which approved
    rejected: int = 0          # ... rejected
    overdue: int = 0           # ... still undecided past the processing time
    people_approved: int = 0   # records on approved lists (decision in the period)
    amount_approved: int = 0   # đồng
    people_paid: int = 0       # distinct people paid in the period
    amount_paid: int = 0       # đồng
    rice_kg_approved: int = 0  # support in kind: rice planned on approved lists
    rice_kg_paid: int = 0      # ... and handed over on paid lists
    gifts: int = 0             # records carrying another gift in kind

    def __add__(self, other: Figures) -> Figures:
        return Figures(**{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)})

    @property
    def share_paid(self) -> float | None:
        """Paid amount over approved amount (None when nothing was approved)."""
        return self.amount_paid / self.amount_approved if self.amount_approved else None


@dataclass(frozen=True)
class SubArea:
    key: str
    name: str


@dataclass(frozen=True)
class StatisticsReport:
    area: Area
    area_name: str
    period: Period
    group_by: GroupBy
    sub_areas: tuple[SubArea, ...]
    policies: tuple[str, ...]
    cells: dict[tuple[str, str], Figures]  # (sub-area key, policy id) -> figures
    generated_on: date
    policy_names: dict[str, str] = field(default_factory=dict)  # policy id -> title (rule text)

    def policy_name(self, policy: str) -> str:
        return self.policy_names.get(policy, policy)

    def cell(self, sub_area: str, policy: str) -> Figures:
        return self.cells.get((sub_area, policy), Figures())

    def of_sub_area(self, sub_area: str) -> Figures:
        return sum((f for (s, _p), f in self.cells.items() if s == sub_area), Figures())

    def of_policy(self, policy: str) -> Figures:
        return sum((f for (_s, p), f in self.cells.items() if p == policy), Figures())

    @property
    def total(self) -> Figures:
        return sum(self.cells.values(), Figures())


class DuplicateKind(StrEnum):
    """What a supervisor or payer must look at, worst first."""

    NOT_COMBINABLE = "not_combinable"            # approved under two policies that may not be combined
    TWO_COMMUNES = "two_communes"                # approved in two communes
    TWICE_SAME_POLICY = "twice_same_policy"      # on an approved list twice for one policy
    PAID_TWICE = "paid_twice"                    # paid more than once for one policy
    PAID_WITHOUT_APPROVAL = "paid_without_approval"
    PAID_MORE_THAN_APPROVED = "paid_more_than_approved"


class MatchKind(StrEnum):
    """How the records were recognised as one person."""

    SAME_ID = "same_id"          # the same ID number
    CMND_CCCD = "cmnd_cccd"      # a 9-digit CMND and a 12-digit CCCD, same name and birth date
    NAME_BIRTH = "name_birth"    # different or missing ID numbers, same name and birth date


class RecordKind(StrEnum):
    APPROVED = "approved"
    PAID = "paid"


@dataclass(frozen=True)
class PersonRecord:
    """One approved or paid record, as a duplicate finding shows it.

    ``inside`` is False for a record outside the officer's area: the writers then show only its
    commune and policy, never the person's name, birth date, ID number or amount.
    """

    kind: RecordKind
    policy_id: str
    id_number: str
    full_name: str
    birth_date: date | None
    province_code: str
    ward_code: str
    amount: int
    when: date | None  # decision date or paid date
    inside: bool = True


@dataclass(frozen=True)
class Finding:
    kind: DuplicateKind
    match: MatchKind
    records: tuple[PersonRecord, ...]


@dataclass(frozen=True)
class DuplicatesReport:
    scope: OfficerScope
    area_name: str
    findings: tuple[Finding, ...]
    generated_on: date
    not_combinable_groups: tuple[tuple[str, ...], ...] = field(default=())

    def count(self, kind: DuplicateKind) -> int:
        return sum(1 for f in self.findings if f.kind is kind)

    @property
    def record_count(self) -> int:
        return sum(len(f.records) for f in self.findings)
