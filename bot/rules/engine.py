"""The rules engine: pure, small, and it never reads the clock.

``evaluate_situation(book, situation_id, facts, as_of)`` evaluates every policy the situation
leads to and names the next question.

* A condition is met, unmet or unknown (an answer it needs is missing).  A policy with an unmet
  condition is not eligible; with unknowns it is "unknown" and says which fact it needs next.
* Parameters are looked up at the policy's *reference date* (e.g. the first day of leave, the
  termination date), not at ``as_of``.  A reference date outside the period where every
  parameter of the policy has a value is moved to the nearest end of that period, so a leave
  that started the day before the window is judged against the window's own limits (and
  fails them) instead of finding no value.
* Deadlines are compared with ``as_of`` (or with the filing date, when the policy takes one).
  A passed deadline does not change the status: ``deadline_passed`` says it, the total stays.
* Questions: first the facts conditions need, policy by policy in the situation's order
  (policies already not eligible are skipped); then, only for policies whose conditions are
  all met, the facts only the amount needs (pregnancy, children, the other parent's claim…).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from bot.rules import amounts
from bot.rules.derivations import DERIVATIONS
from bot.rules.facts import check_facts
from bot.rules.model import (
    Check, Condition, ConditionResult, ConditionStatus, Group, Policy, PolicyVerdict, RuleBook, SituationResult,
    Status,
)
from bot.rules.params import Citation, display

MET, UNMET, UNKNOWN = ConditionStatus.MET, ConditionStatus.UNMET, ConditionStatus.UNKNOWN


class NoFigures(Exception):
    """A value the amount needs is asked for a date our parameters do not cover (e.g. a regional
    minimum wage before the first decree we hold).  The verdict then says "we have no figures
    before …" instead of failing."""

    def __init__(self, parameter: str, first: date) -> None:
        super().__init__(f"{parameter}: no value before {first}")
        self.parameter, self.first = parameter, first


def evaluate_situation(book: RuleBook, situation_id: str, facts: dict[str, Any], as_of: date) -> SituationResult:
    """Verdicts for every policy of the situation, and the next fact to ask (None when all are decided)."""
    situation = book.situation(situation_id)
    check_facts(book.facts, facts)
    evaluations = [_evaluate(book, book.policies[pid], facts, as_of) for pid in situation.policy_ids]
    next_fact = next((e.condition_fact for e in evaluations if e.condition_fact), None) or \
        next((e.amount_fact for e in evaluations if e.amount_fact), None)
    verdicts = _combine(book, [e.verdict for e in evaluations])
    return SituationResult(situation_id, next_fact, verdicts)


def evaluate_policy(book: RuleBook, policy_id: str, facts: dict[str, Any], as_of: date) -> PolicyVerdict:
    """One policy on its own (no combination rules applied)."""
    check_facts(book.facts, facts)
    return _evaluate(book, book.policies[policy_id], facts, as_of).verdict


# -- values -----------------------------------------------------------------------------------


class _Context:
    """The values one policy sees at its reference date.

    ``trail`` collects the citations of every parameter read since it was last reset, so each
    condition and amount line knows whether it rests on an unverified point.
    """

    def __init__(self, book: RuleBook, policy: Policy, facts: dict[str, Any], as_of: date) -> None:
        self.book, self.policy, self.facts, self.as_of = book, policy, facts, as_of
        self.trail: list[Citation] = []
        self._derived: dict[str, tuple[Any, tuple[Citation, ...]]] = {}
        reference = facts.get(policy.reference_date) if policy.reference_date else None
        self.when = _clamp(reference if isinstance(reference, date) else as_of, policy.span)

    def param(self, name: str) -> Any:
        return self.param_at(name, self.when)

    def param_at(self, name: str, day: date) -> Any:
        """The parameter's value on ``day``; :class:`NoFigures` when we hold none for that day."""
        parameter = self.policy.parameters[name]
        found = parameter.at(day)
        if found is None:  # at the reference date impossible after the loader's span check
            raise NoFigures(name, parameter.entries[0][0])
        self.trail.append(found.citation)
        return found.value

    def citation(self, name: str) -> Citation:
        found = self.policy.parameters[name].at(self.when)
        assert found is not None
        return found.citation

    def value(self, name: str) -> Any:
        if name in self.policy.parameters:
            return self.param(name)
        derivation = self.policy.source.derived.get(name)
        if derivation is None:
            return self.facts.get(name)
        if name not in self._derived:
            saved, self.trail = self.trail, []
            function, _ = DERIVATIONS[derivation.function]
            result = function(*(self.value(arg) for _, arg in derivation.args))
            self._derived[name] = (result, tuple(self.trail))
            self.trail = saved
        result, citations = self._derived[name]
        self.trail.extend(citations)
        return result

    def missing(self, name: str | None) -> str | None:
        """The first unanswered fact ``name`` depends on (itself, or an input of a derived value)."""
        if name is None or name in self.policy.parameters:
            return None
        derivation = self.policy.source.derived.get(name)
        if derivation is None:
            fact = self.book.facts.get(name)
            return name if name not in self.facts and fact is not None and fact.asked else None
        for _, arg in derivation.args:
            found = self.missing(arg)
            if found:
                return found
        return None

    def fill(self, template: str, **extra: Any) -> tuple[str, dict[str, str]]:
        """The template with its placeholders (parameter ids, or ``extra``) replaced by display values."""
        shown: dict[str, str] = {k: display(v) for k, v in extra.items()}
        for name in self.policy.parameters:
            if "{" + name + "}" in template:
                shown[name] = display(self.param(name), self.policy.parameters[name].unit)
        return template.format(**shown), shown


def _clamp(day: date, span: tuple[date, date | None]) -> date:
    first, last = span
    day = max(day, first)
    return min(day, last) if last is not None else day


# -- conditions -------------------------------------------------------------------------------


def _check(test: Check | Group, ctx: _Context) -> tuple[ConditionStatus, str | None]:
    """Three-valued evaluation; also the first missing fact when the result is unknown."""
    if isinstance(test, Group):
        results = [_check(item, ctx) for item in test.items]
        decisive = MET if test.op == "any" else UNMET
        if any(status is decisive for status, _ in results):
            return decisive, None
        if all(status is not UNKNOWN for status, _ in results):
            return (UNMET if test.op == "any" else MET), None
        return UNKNOWN, next(missing for status, missing in results if status is UNKNOWN)
    value = ctx.value(test.subject)
    if value is None:
        return UNKNOWN, ctx.missing(test.subject)
    if test.is_ is not None:
        ok = value is test.is_
    elif test.min is not None:
        ok = value >= ctx.param(test.min)
    elif test.max is not None:
        ok = value <= ctx.param(test.max)
    elif test.between is not None:
        ok = ctx.param(test.between[0]) <= value <= ctx.param(test.between[1])
    else:
        ok = value in (test.in_ or ())
    return (MET if ok else UNMET), None


def _condition(condition: Condition, ctx: _Context) -> tuple[ConditionResult, str | None]:
    ctx.trail = []
    status, missing = _check(condition.test, ctx)
    text, params = ctx.fill(condition.text)
    verified = condition.citation.verified and all(c.verified for c in ctx.trail)
    result = ConditionResult(condition.id, text, status, condition.citation, verified, condition.text, params)
    return result, missing


# -- one policy -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Evaluation:
    """A verdict, plus the fact its conditions need next, or else the fact only its amount needs."""

    verdict: PolicyVerdict
    condition_fact: str | None
    amount_fact: str | None


def _evaluate(book: RuleBook, policy: Policy, facts: dict[str, Any], as_of: date) -> _Evaluation:
    ctx = _Context(book, policy, facts, as_of)
    checked = [_condition(c, ctx) for c in policy.conditions]
    results = [r for r, _ in checked]
    base = dict(policy_id=policy.id, title=policy.title, document=policy.document, conditions=results,
                filing=policy.filing, notes=list(policy.notes))
    unmet = [r for r in results if r.status is UNMET]
    if unmet:  # a refusal is solid when at least one failing condition is verified
        return _Evaluation(PolicyVerdict(status=Status.NOT_ELIGIBLE, unverified=not any(r.verified for r in unmet),
                                         **base), None, None)
    unverified = not all(r.verified for r in results)
    condition_fact = next((missing for r, missing in checked if r.status is UNKNOWN and missing), None)
    if any(r.status is UNKNOWN for r in results):
        return _Evaluation(PolicyVerdict(status=Status.UNKNOWN, unverified=unverified, next_fact=condition_fact,
                                         **base), condition_fact, None)
    amount_fact = _amount_fact(policy, ctx)
    if amount_fact:
        return _Evaluation(PolicyVerdict(status=Status.UNKNOWN, unverified=unverified, next_fact=amount_fact,
                                         **base), None, amount_fact)
    return _Evaluation(_eligible(policy, ctx, base, unverified), None, None)


def _amount_fact(policy: Policy, ctx: _Context) -> str | None:
    """The first unanswered fact only the amount needs; supplements ask "unless" only when they apply."""
    for name in amounts.needs(policy.amount, ctx):
        missing = ctx.missing(name)
        if missing:
            return missing
    for s in policy.supplements:
        for name in (s.when, s.per):
            missing = ctx.missing(name)
            if missing:
                return missing
        if s.unless and ctx.missing(s.unless) and amounts.supplement_line(s, ctx) is not None:
            return s.unless
    return None


def _eligible(policy: Policy, ctx: _Context, base: dict[str, Any], unverified: bool) -> PolicyVerdict:
    deadline, deadline_verified = _deadline(policy, ctx)
    filed_on = ctx.facts.get(policy.deadline.filed_on) if policy.deadline and policy.deadline.filed_on else None
    compared = filed_on if isinstance(filed_on, date) else ctx.as_of
    passed = deadline is not None and compared > deadline
    late = policy.deadline.late if passed and policy.deadline else None
    filing_day = filed_on if isinstance(filed_on, date) else (None if passed else ctx.as_of)
    try:
        amount = amounts.base_amount(policy.amount, ctx, filing_day)
    except NoFigures as missing:
        return PolicyVerdict(status=Status.ELIGIBLE, deadline=deadline, deadline_passed=passed,
                             deadline_verified=deadline_verified, unverified=unverified, late_filing=late,
                             no_figures_before=missing.first, **base)
    lines = list(amount.lines)
    for supplement in policy.supplements:
        line = amounts.supplement_line(supplement, ctx)
        if line is not None:
            lines.append(line)
    unverified = unverified or not all(line.verified for line in lines)
    return PolicyVerdict(status=Status.ELIGIBLE, amount_lines=lines, total=sum(line.amount for line in lines),
                         deadline=deadline, deadline_passed=passed, deadline_verified=deadline_verified,
                         unverified=unverified, late_filing=late,
                         monthly_amount=amount.monthly_amount, months=amount.months,
                         payment_start=amount.payment_start, **base)


def _deadline(policy: Policy, ctx: _Context) -> tuple[date | None, bool]:
    if policy.deadline is None:
        return None, True
    ctx.trail = []
    name = policy.deadline.param or policy.deadline.derived
    assert name is not None
    value = ctx.value(name)
    return (value if isinstance(value, date) else None), all(c.verified for c in ctx.trail)


# -- several policies -------------------------------------------------------------------------


def _combine(book: RuleBook, verdicts: list[PolicyVerdict]) -> list[PolicyVerdict]:
    """Apply each document's combination rules to the verdicts of one situation.

    * ``keep: highest``: when two or more listed policies are eligible, only the one with the
      highest total is paid; the others keep their verdict and amount (the person sees what each
      policy gives) but get ``not_added`` with the rule's text, so no total adds them up.
    * ``once``: a supplement paid only once across the listed policies stays on the first
      eligible verdict that has it and is removed from the others (total recomputed).
    * Otherwise the rule is a note on every listed verdict.  Either way, an unverified rule
      marks the verdicts it affects as unverified, when two or more listed policies are eligible.
    """
    by_id = {v.policy_id: v for v in verdicts}
    for document in book.documents:
        for rule in document.combinations:
            listed = [pid for pid in rule.policy_ids if pid in by_id]
            eligible = [pid for pid in listed if by_id[pid].status is Status.ELIGIBLE]
            if rule.keep == "highest":
                _keep_highest(by_id, rule.text, eligible, rule.citation.verified)
                continue
            touched = listed if not rule.once else (eligible if len(eligible) > 1 else [])
            seen: set[str] = set()
            for pid in touched:
                verdict = by_id[pid]
                lines = [line for line in verdict.amount_lines if not (line.id in rule.once and line.id in seen)]
                seen |= {line.id for line in verdict.amount_lines if line.id in rule.once}
                total = sum(line.amount for line in lines) if verdict.total is not None else None
                unverified = verdict.unverified or (len(eligible) > 1 and pid in eligible
                                                    and not rule.citation.verified)
                by_id[pid] = replace(verdict, amount_lines=lines, total=total, unverified=unverified,
                                     notes=[*verdict.notes, rule.text])
    return [by_id[v.policy_id] for v in verdicts]


def _keep_highest(by_id: dict[str, PolicyVerdict], text: str, eligible: list[str], verified: bool) -> None:
    """One person in several groups: the highest total is paid, the others are marked not added."""
    if len(eligible) < 2:
        return
    kept = max(eligible, key=lambda pid: by_id[pid].total or 0)  # ties: the first listed
    for pid in eligible:
        verdict = by_id[pid]
        kept_here = pid == kept  # the others show the rule once, as the reason their amount is not added
        by_id[pid] = replace(verdict, notes=[*verdict.notes, text] if kept_here else verdict.notes,
                             unverified=verdict.unverified or not verified, not_added=None if kept_here else text)
