"""The rules engine: pure, small, and never reads the clock.

``evaluate_situation(book, situation, facts, as_of)`` evaluates every policy a situation leads
to.  A condition is met, unmet, or unknown (its fact not given yet).  A policy with an unmet
condition is not eligible; with unknowns it needs more facts, and the first unknown fact of the
first still-possible policy is the next question.  Amounts use the parameter values in force on
the policy's reference date (e.g. the first day of leave); deadlines are compared with ``as_of``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.rules.calculators import CALCULATORS
from bot.rules.derivations import derive
from bot.rules.loader import RuleBook
from bot.rules.model import (
    AmountLine, Condition, ConditionResult, Parameter, Policy, PolicyVerdict, SituationResult, Status,
)


def evaluate_situation(book: RuleBook, situation_id: str, facts: dict[str, Any], as_of: date) -> SituationResult:
    situation = next(s for s in book.situations if s.id == situation_id)
    verdicts = [evaluate_policy(book.policies[pid], facts, as_of) for pid in situation.policy_ids]
    next_fact = next((v.next_fact for v in verdicts if v.next_fact), None)
    return SituationResult(situation_id, next_fact, verdicts)


def evaluate_policy(policy: Policy, facts: dict[str, Any], as_of: date) -> PolicyVerdict:
    when = _reference_date(policy, facts, as_of)
    values = _values(policy, facts, when)
    results = [_condition(c, values, policy.parameters, when) for c in policy.conditions]
    unverified = any(not r.verified for r in results)
    base = dict(policy_id=policy.id, title=policy.title, document=policy.document, conditions=results,
                filing=policy.filing, notes=list(policy.notes))
    if any(r.status is Status.UNMET for r in results):
        return PolicyVerdict(status=Status.NOT_ELIGIBLE, unverified=unverified, **base)  # type: ignore[arg-type]
    unknown = next((c.subject for c, r in zip(policy.conditions, results) if r.status is Status.UNKNOWN), None)
    if unknown is not None:
        return PolicyVerdict(status=Status.UNKNOWN, next_fact=_first_missing_fact(policy, unknown, facts),
                             unverified=unverified, **base)  # type: ignore[arg-type]
    missing = _missing_amount_fact(policy, facts)
    if missing is not None:
        return PolicyVerdict(status=Status.UNKNOWN, next_fact=missing, unverified=unverified, **base)  # type: ignore[arg-type]
    lines, extra, amount_unverified = _amount(policy, values, when, as_of)
    deadline = _deadline(policy, values, when)
    if policy.deadline and "param" in policy.deadline:
        amount_unverified = amount_unverified or not policy.parameters[policy.deadline["param"]].citation.verified
    return PolicyVerdict(
        status=Status.ELIGIBLE, amount_lines=lines, total=sum(line.amount for line in lines),
        deadline=deadline, deadline_passed=deadline is not None and as_of > deadline,
        unverified=unverified or amount_unverified, extra=extra, **base)  # type: ignore[arg-type]


# -- facts and derived values -------------------------------------------------------------

def _reference_date(policy: Policy, facts: dict[str, Any], as_of: date) -> date:
    value = facts.get(policy.reference_date) if policy.reference_date else None
    return value if isinstance(value, date) else as_of


def _values(policy: Policy, facts: dict[str, Any], when: date) -> dict[str, Any]:
    values = dict(facts)
    for name, spec in policy.derived.items():  # declared in dependency order
        values[name] = derive(spec, values, policy.parameters, when)
    return values


def _first_missing_fact(policy: Policy, subject: str, facts: dict[str, Any]) -> str:
    """The fact to ask: the subject itself, or the first missing input of a derived value."""
    spec = policy.derived.get(subject)
    if spec is None:
        return subject
    (_, args), = spec.items()
    for arg in args:
        if isinstance(arg, str) and not arg.startswith("param:"):
            if arg in policy.derived:
                return _first_missing_fact(policy, arg, facts)
            if arg not in facts:
                return arg
    return subject


# -- conditions ---------------------------------------------------------------------------

def _resolve(value: Any, params: dict[str, Parameter], when: date) -> Any:
    if isinstance(value, str) and value.startswith("param:"):
        return params[value[6:]].at(when)
    return value


def _show(value: Any) -> str:
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10_000:
        return f"{value:,}".replace(",", ".")
    return str(value)


def _condition(condition: Condition, values: dict[str, Any], params: dict[str, Parameter], when: date) -> ConditionResult:
    test = {op: (_resolve(v, params, when) if not isinstance(v, list) else [_resolve(x, params, when) for x in v])
            for op, v in condition.test.items()}
    shown: dict[str, str] = {}
    for op, v in test.items():
        if op == "between":
            shown["from"], shown["to"] = _show(v[0]), _show(v[1])
        elif op != "in":
            shown[op] = _show(v)
    value = values.get(condition.subject)
    status = Status.UNKNOWN if value is None else (Status.MET if _passes(value, test) else Status.UNMET)
    verified = condition.citation.verified and all(
        params[v[6:]].citation.verified for v in _param_refs(condition.test))
    try:
        text = condition.text.format(**shown)
    except (KeyError, IndexError):
        text = condition.text
    return ConditionResult(condition.id, text, condition.text, shown, status, condition.citation, verified)


def _param_refs(test: dict[str, Any]) -> list[str]:
    refs: list[str] = []
    for v in test.values():
        for x in v if isinstance(v, list) else [v]:
            if isinstance(x, str) and x.startswith("param:"):
                refs.append(x)
    return refs


def _passes(value: Any, test: dict[str, Any]) -> bool:
    for op, expected in test.items():
        if op == "is" and value != expected:
            return False
        if op == "min" and value < expected:
            return False
        if op == "max" and value > expected:
            return False
        if op == "between" and not expected[0] <= value <= expected[1]:
            return False
        if op == "before" and not value <= expected:
            return False
        if op == "after" and not value >= expected:
            return False
        if op == "in" and value not in expected:
            return False
    return True


# -- amounts ------------------------------------------------------------------------------

def _missing_amount_fact(policy: Policy, facts: dict[str, Any]) -> str | None:
    """Facts only the amount needs (pregnancy, children, the other parent) are asked last."""
    needed = list(policy.amount.get("asks", []))
    for s in policy.supplements:
        needed += [f for f in (s.when, s.per) if f]
    for fact in needed:
        if fact not in facts:
            return fact
    for s in policy.supplements:
        if s.unless and s.unless not in facts and (not s.per or int(facts.get(s.per) or 0) > 0) \
                and (not s.when or facts.get(s.when)):
            return s.unless
    return None


def _amount(policy: Policy, values: dict[str, Any], when: date, as_of: date) -> tuple[list[AmountLine], dict[str, Any], bool]:
    params = policy.parameters
    spec = policy.amount
    lines: list[AmountLine] = []
    extra: dict[str, Any] = {}
    used: list[Parameter] = []

    def p(name: str) -> Any:
        used.append(params[name])
        return params[name].at(when)

    label = spec.get("label", "Mức hỗ trợ")
    if "fixed" in spec:
        lines.append(AmountLine("base", label, int(p(spec["fixed"])), citation=params[spec["fixed"]].citation))
    elif "tiers" in spec:
        by = values[spec["tiers"]["by"]]
        chosen = None
        for step in spec["tiers"]["steps"]:
            if by >= _resolve(step["min"], params, when):
                chosen = step["amount"]
        if chosen is not None:
            lines.append(AmountLine("base", label, int(p(chosen)), citation=params[chosen].citation))
    elif "per_day" in spec or "per_month" in spec:
        key = "per_day" if "per_day" in spec else "per_month"
        s = spec[key]
        count = int(values[s["by"]] or 0)
        cap = int(p(s["max"])) if s.get("max") else count
        quantity = min(count, cap)
        rate = int(p(s["rate"]))
        lines.append(AmountLine("base", label, rate * quantity, quantity, rate, params[s["rate"]].citation))
    elif "per_unit" in spec:
        s = spec["per_unit"]
        units = int(values[s["by"]] or 0) if s.get("by") else 1
        months = int(p(s["months"])) if s.get("months") else 1
        rate = int(p(s["rate"]))
        lines.append(AmountLine("base", label, rate * units * months, units * months, rate, params[s["rate"]].citation))
    elif "calculator" in spec:
        calc_lines, extra = CALCULATORS[spec["calculator"]](spec, values, params, when, as_of, used)
        lines += calc_lines
    for s in policy.supplements:
        if s.when and not values.get(s.when):
            continue
        if s.unless and values.get(s.unless):
            continue
        unit = int(p(s.amount))
        if s.per:
            count = int(values.get(s.per) or 0)
            if count:
                lines.append(AmountLine(s.id, s.label.format(n=count), unit * count, count, unit, s.citation))
        else:
            lines.append(AmountLine(s.id, s.label, unit, None, None, s.citation))
    return lines, extra, any(not x.citation.verified for x in used)


def _deadline(policy: Policy, values: dict[str, Any], when: date) -> date | None:
    spec = policy.deadline
    if not spec:
        return None
    if "param" in spec:
        return policy.parameters[spec["param"]].at(when)  # type: ignore[no-any-return]
    value = values.get(spec.get("derived", ""))
    return value if isinstance(value, date) else None
