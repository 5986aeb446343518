"""The shapes of the rule book (as loaded from YAML) and of a verdict.

Everything is a frozen dataclass: the rule book is data, and evaluating it cannot change it.
Rule shapes (``Condition``, ``AmountRule``…) mirror the YAML keys one to one, so a reader of a
rule file can find the field that holds each key.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from bot.rules.params import Citation, Parameter


class FactKind(StrEnum):
    BOOL = "bool"
    DATE = "date"
    COUNT = "count"
    MONEY = "money"
    MONTHS = "months"
    CHOICE = "choice"


class Status(StrEnum):
    """A policy's verdict.  ``UNKNOWN`` means "need more facts" (see ``next_fact``)."""

    ELIGIBLE = "eligible"
    NOT_ELIGIBLE = "not_eligible"
    UNKNOWN = "unknown"


class ConditionStatus(StrEnum):
    MET = "met"
    UNMET = "unmet"
    UNKNOWN = "unknown"


# -- the catalogue of questions -------------------------------------------------------------


@dataclass(frozen=True)
class Fact:
    """One thing the engine may need to know about the person, with the question to ask."""

    id: str
    kind: FactKind
    question: str
    help: str | None = None
    choices: tuple[tuple[str, str], ...] = ()  # (value id, Vietnamese label)
    min: int | None = None
    max: int | None = None
    asked: bool = True  # False: optional input the engine uses when given but never asks for


@dataclass(frozen=True)
class Situation:
    """What happened to the person: the first question, and the policies it leads to (in asking order)."""

    id: str
    label: str
    policy_ids: tuple[str, ...]


# -- rules ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    """One comparison of a value (a fact or a derived value) with parameters or literals.

    Exactly one operator is set: ``is_`` (bool), ``min``/``max`` (parameter ids, bounds
    included), ``between`` (two parameter ids, dates included) or ``in_`` (choice values).
    """

    subject: str
    is_: bool | None = None
    min: str | None = None
    max: str | None = None
    between: tuple[str, str] | None = None
    in_: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Group:
    """``any`` (met when one item is met) or ``all`` (met when every item is), in three-valued logic."""

    op: str  # "any" | "all"
    items: tuple[Check | Group, ...]


@dataclass(frozen=True)
class Condition:
    """A cited condition shown to the person: one test, or a group of tests."""

    id: str
    text: str  # template; placeholders are parameter ids, e.g. "từ {unpaid_leave_min_days} ngày"
    citation: Citation
    test: Check | Group


@dataclass(frozen=True)
class TierStep:
    amount: str  # parameter id
    from_: str | None = None  # parameter id; None for the first step (any value that passed the conditions)


@dataclass(frozen=True)
class AmountRule:
    """How the base amount is computed; ``kind`` says which of the optional fields are used.

    * ``fixed``: ``amount`` (parameter).
    * ``tiers``: ``by`` (value), ``steps`` — the last step whose ``from_`` the value reaches.
    * ``per_unit``: ``rate`` × min(``count``, ``max_count``) × ``times`` (e.g. 80.000 đ × days,
      at most 45; or 250.000 đ × persons × 3 months).
    * ``unemployment_benefit``: the named formula in ``amounts.py``; ``inputs`` maps its roles to names.
    """

    kind: str
    label: str
    label_capped: str | None = None
    amount: str | None = None
    by: str | None = None
    steps: tuple[TierStep, ...] = ()
    rate: str | None = None
    count: str | None = None
    max_count: str | None = None
    times: str | None = None
    inputs: tuple[tuple[str, str], ...] = ()
    asks: tuple[str, ...] = ()  # facts only the amount needs, asked once every condition is met

    def input(self, role: str) -> str | None:
        return dict(self.inputs).get(role)


@dataclass(frozen=True)
class Supplement:
    """An extra amount on top of the base: once (``when``) or per unit (``per``), cancelled by ``unless``."""

    id: str
    label: str  # may use {count}
    amount: str  # parameter id
    citation: Citation
    when: str | None = None  # fact that must be true, or (with ``when_in``) hold one of the values
    when_in: tuple[str, ...] = ()
    per: str | None = None  # count fact: one amount per unit
    unless: str | None = None  # bool fact that cancels it (e.g. the other parent already claims it)


@dataclass(frozen=True)
class Filing:
    """Who files, where, which forms and papers, by when: shown to the person as "what to do next"."""

    who: str
    where: str
    forms: tuple[str, ...] = ()
    papers: tuple[str, ...] = ()
    deadline_text: str | None = None
    citation: Citation | None = None


@dataclass(frozen=True)
class LateFiling:
    """What the law in force says happens to a claim filed after the deadline (benefit lost, months
    reserved…), with where it says so.  Shown to the person, and given to /nophoso so it can warn."""

    text: str
    citation: Citation


@dataclass(frozen=True)
class Deadline:
    """The filing deadline: a parameter, or a derived date (e.g. termination + 3 months)."""

    param: str | None = None
    derived: str | None = None
    filed_on: str | None = None  # optional date fact: when known, it is compared instead of "as of"
    late: LateFiling | None = None


@dataclass(frozen=True)
class Derivation:
    """A value computed from facts and parameters by a named function in ``derivations.py``."""

    name: str
    function: str
    args: tuple[tuple[str, str], ...]  # (role, fact / derived / parameter name)


@dataclass(frozen=True)
class Combination:
    """What a document says about receiving several of its policies (see ``engine._combine``)."""

    id: str
    text: str
    citation: Citation
    policy_ids: tuple[str, ...]
    once: tuple[str, ...] = ()  # supplement ids paid only once across these policies
    keep: str = "all"  # "highest": of the eligible listed policies only the one with the highest total is paid


@dataclass(frozen=True)
class Document:
    """One rule file: a legal document (or the bundle of documents applied together)."""

    file: str
    name: str
    parameters: dict[str, Parameter]
    derived: dict[str, Derivation]
    combinations: tuple[Combination, ...]
    scope: dict[str, str]


@dataclass(frozen=True)
class Policy:
    id: str
    title: str
    document: str  # Vietnamese short name of the legal document(s)
    citation: Citation
    conditions: tuple[Condition, ...]
    amount: AmountRule
    supplements: tuple[Supplement, ...]
    filing: Filing | None
    deadline: Deadline | None
    notes: tuple[str, ...]
    aliases: tuple[str, ...]
    reference_date: str | None
    span: tuple[date, date | None]  # reference dates outside it are moved inside (see engine)
    source: Document = field(repr=False, compare=False)

    @property
    def parameters(self) -> dict[str, Parameter]:
        return self.source.parameters


# -- results --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConditionResult:
    id: str
    text: str  # with parameters filled in
    status: ConditionStatus
    citation: Citation
    verified: bool
    template: str = ""  # the YAML text, for translation: translate it, then .format(**params)
    params: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class AmountLine:
    id: str
    label: str  # filled in, e.g. "Hỗ trợ thêm cho 2 trẻ em chưa đủ 6 tuổi"
    amount: int
    quantity: int | None = None
    unit_amount: int | None = None
    citation: Citation | None = None
    verified: bool = True
    template: str = ""
    params: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class PolicyVerdict:
    """One policy's result.  For /nophoso: ``deadline_passed`` says the time to file is over and
    ``late_filing`` (text + citation) what the law in force says follows; ``payable`` is None then."""

    policy_id: str
    title: str
    document: str
    status: Status
    conditions: list[ConditionResult]
    amount_lines: list[AmountLine] = field(default_factory=list)
    total: int | None = None
    deadline: date | None = None
    deadline_passed: bool = False
    deadline_verified: bool = True  # False: the deadline date itself is not confirmed (not part of ``unverified``)
    filing: Filing | None = None
    notes: list[str] = field(default_factory=list)
    unverified: bool = False
    next_fact: str | None = None  # what this policy alone still needs
    monthly_amount: int | None = None  # unemployment benefit only
    months: int | None = None  # unemployment benefit only
    payment_start: date | None = None  # unemployment benefit only
    late_filing: LateFiling | None = None  # set when ``deadline_passed``: what the law says follows
    no_figures_before: date | None = None  # the amount needs a figure we only have from this date on
    not_added: str | None = None  # set by a "highest" combination rule: this amount is not paid on top

    @property
    def payable(self) -> int | None:
        """What the person can still claim: nothing once the deadline passed or a combination rule
        keeps another policy's amount instead; else the total."""
        if self.deadline_passed or self.not_added:
            return None
        return self.total


@dataclass(frozen=True)
class SituationResult:
    situation_id: str
    next_fact: str | None
    verdicts: list[PolicyVerdict]


@dataclass(frozen=True)
class RuleBook:
    facts: dict[str, Fact]
    situations: list[Situation]
    policies: dict[str, Policy]
    documents: tuple[Document, ...]

    def situation(self, situation_id: str) -> Situation:
        for situation in self.situations:
            if situation.id == situation_id:
                return situation
        raise KeyError(f"unknown situation {situation_id!r}")

    def texts(self) -> Iterator[tuple[str, str]]:
        """Every citizen-facing Vietnamese string (templates as written), with where it comes from."""
        for fact in self.facts.values():
            yield fact.question, f"fact {fact.id}: question"
            if fact.help:
                yield fact.help, f"fact {fact.id}: help"
            for value, label in fact.choices:
                yield label, f"fact {fact.id}: choice {value}"
        for situation in self.situations:
            yield situation.label, f"situation {situation.id}"
        for document in self.documents:
            yield document.name, f"{document.file}: document"
            for rule in document.combinations:
                yield rule.text, f"{document.file}: combination {rule.id}"
        for policy in self.policies.values():
            yield from _policy_texts(policy)


def _policy_texts(policy: Policy) -> Iterator[tuple[str, str]]:
    where = f"{policy.source.file}: policy {policy.id}"
    yield policy.title, f"{where}: title"
    for condition in policy.conditions:
        yield condition.text, f"{where}: condition {condition.id}"
    yield policy.amount.label, f"{where}: amount"
    if policy.amount.label_capped:
        yield policy.amount.label_capped, f"{where}: amount (capped)"
    for supplement in policy.supplements:
        yield supplement.label, f"{where}: supplement {supplement.id}"
    if policy.filing:
        f = policy.filing
        yield f.who, f"{where}: filing who"
        yield f.where, f"{where}: filing where"
        for text in f.forms:
            yield text, f"{where}: filing form"
        for text in f.papers:
            yield text, f"{where}: filing paper"
        if f.deadline_text:
            yield f.deadline_text, f"{where}: filing deadline"
    if policy.deadline and policy.deadline.late:
        yield policy.deadline.late.text, f"{where}: late filing"
    for note in policy.notes:
        yield note, f"{where}: note"
