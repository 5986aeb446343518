"""Amount rules: how much, computed from parameters looked up at the policy's reference date.

Four kinds, named in the YAML under ``amount:`` — ``fixed``, ``tiers``, ``per_unit`` and the
one formula the laws write out, ``unemployment_benefit`` (Luật Việc làm 2013 Điều 50, Luật Việc
làm 2025 Điều 39: 60 % of the average insured salary, capped, for a number of months that grows
with the contribution months).  Every function reads values through the evaluation context,
which records the citations each amount rests on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from bot.rules.derivations import nth_day, nth_working_day
from bot.rules.model import AmountLine, AmountRule, Supplement
from bot.rules.params import Citation


class Values(Protocol):
    """What an amount rule may read (implemented by ``engine._Context``)."""

    trail: list[Citation]

    def value(self, name: str) -> Any: ...

    def param(self, name: str) -> Any: ...

    def param_at(self, name: str, day: date) -> Any: ...

    def citation(self, name: str) -> Citation: ...

    def fill(self, template: str, **extra: Any) -> tuple[str, dict[str, str]]: ...


@dataclass(frozen=True)
class Amount:
    lines: list[AmountLine]
    monthly_amount: int | None = None
    months: int | None = None
    payment_start: date | None = None


def needs(rule: AmountRule, values: Values) -> list[str]:
    """The names the base amount reads, in asking order (only what the current answers make relevant)."""
    if rule.kind == "tiers":
        return [rule.by] if rule.by else []
    if rule.kind == "per_unit":
        return [rule.count] if rule.count else []
    if rule.kind == "unemployment_benefit":
        names = [rule.input("salary"), rule.input("contribution_months")]
        regime = rule.input("pay_regime")
        if regime:
            names.append(regime)
        if not (regime and rule.input("base_salary") and values.value(regime) == "state"):
            names.append(rule.input("region"))
            names.append(rule.input("wage_month"))
        return [n for n in names if n]
    return []


def base_amount(rule: AmountRule, values: Values, filing_day: date | None) -> Amount:
    """The base amount line(s); every name in :func:`needs` is known when this is called."""
    values.trail = []
    if rule.kind == "fixed":
        amount = int(values.param(rule.amount))
        return Amount([_line("base", rule.label, values, values.citation(rule.amount), amount)])
    if rule.kind == "tiers":
        by = values.value(rule.by)
        chosen = rule.steps[0]
        for step in rule.steps[1:]:
            if step.from_ is not None and by >= values.param(step.from_):
                chosen = step
        values.trail = []  # only the chosen step's own values decide the amount (see docstring of tiers)
        if chosen.from_ is not None:
            values.param(chosen.from_)
        amount = int(values.param(chosen.amount))
        return Amount([_line("base", rule.label, values, values.citation(chosen.amount), amount)])
    if rule.kind == "per_unit":
        return Amount([_per_unit(rule, values)])
    return _unemployment_benefit(rule, values, filing_day)


def _line(line_id: str, template: str, values: Values, citation: Citation, amount: int,
          quantity: int | None = None, unit_amount: int | None = None, **extra: Any) -> AmountLine:
    """One line; it is unverified when any value read since the trail was reset is."""
    label, params = values.fill(template, **extra)
    verified = citation.verified and all(c.verified for c in values.trail)
    return AmountLine(line_id, label, amount, quantity, unit_amount, citation, verified, template, params)


def _per_unit(rule: AmountRule, values: Values) -> AmountLine:
    """rate × min(count, max_count) × times: 80.000 đ × days (at most 45), 250.000 đ × persons × 3."""
    count = int(values.value(rule.count) or 0)
    if rule.max_count:
        count = min(count, int(values.param(rule.max_count)))
    quantity = count * (int(values.param(rule.times)) if rule.times else 1)
    rate = int(values.param(rule.rate))
    return _line("base", rule.label, values, values.citation(rule.rate), rate * quantity, quantity, rate,
                 count=count)


def benefit_months(contributions: int, *, min_months: int, first_band_until: int, base_months: int,
                   step_months: int, max_months: int) -> int:
    """Months of benefit: ``base_months`` for min..first_band_until months of contributions, then one
    more per further full ``step_months``, at most ``max_months`` (3 for 12–36, +1 per 12, max 12)."""
    if contributions < min_months:
        return 0
    extra = max(0, contributions - first_band_until) // step_months
    return min(base_months + extra, max_months)


def _unemployment_benefit(rule: AmountRule, values: Values, filing_day: date | None) -> Amount:
    role = rule.input
    salary = int(values.value(role("salary")))
    raw = salary * int(values.param(role("percent"))) // 100
    regime = values.value(role("pay_regime")) if role("pay_regime") else None
    if regime == "state" and role("base_salary"):
        reference = int(values.param(role("base_salary")))
    elif role("wage_month"):  # Luật Việc làm 2025: the wage of the last month of contributions
        month = values.value(role("wage_month"))
        wages = values.param_at(role("regional_wage"), month.replace(day=1))
        reference = int(wages[values.value(role("region"))])
    else:  # Luật Việc làm 2013: the wage at termination (the reference date)
        reference = int(values.param(role("regional_wage"))[values.value(role("region"))])
    cap = int(values.param(role("cap_multiplier"))) * reference
    monthly = min(raw, cap)
    months = benefit_months(
        int(values.value(role("contribution_months"))), min_months=int(values.param(role("min_months"))),
        first_band_until=int(values.param(role("first_band_until"))),
        base_months=int(values.param(role("base_months"))), step_months=int(values.param(role("step_months"))),
        max_months=int(values.param(role("max_months"))))
    wait = int(values.param(role("wait")))
    start = None
    if filing_day is not None:
        start = nth_working_day(filing_day, wait) if role("wait_unit") == "working_days" else nth_day(filing_day, wait)
    template = rule.label_capped if raw > cap and rule.label_capped else rule.label
    line = _line("monthly", template, values, values.citation(role("percent")), monthly * months, months, monthly)
    return Amount([line], monthly, months, start)


def supplement_line(supplement: Supplement, values: Values) -> AmountLine | None:
    """The supplement's line, or None when it does not apply (answers already known)."""
    if supplement.when is not None:
        answer = values.value(supplement.when)
        if (answer not in supplement.when_in) if supplement.when_in else (answer is not True):
            return None
    if supplement.unless is not None and values.value(supplement.unless) is True:
        return None
    values.trail = []
    unit = int(values.param(supplement.amount))
    if supplement.per is None:
        return _line(supplement.id, supplement.label, values, supplement.citation, unit)
    count = int(values.value(supplement.per) or 0)
    if count <= 0:
        return None
    return _line(supplement.id, supplement.label, values, supplement.citation, unit * count, count, unit,
                 count=count)
