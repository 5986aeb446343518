"""Named amount calculators for benefits that are a formula rather than a fixed sum.

Unemployment benefit (trợ cấp thất nghiệp): 60% of the average monthly salary on which
unemployment insurance was paid in the last 6 months, capped at 5 times a reference wage,
paid for 3 months for 12 to 36 months of contributions plus one month per further 12 months,
at most 12 months (Luật Việc làm 2013 Điều 50; Luật Việc làm 2025 Điều 39).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from bot.rules.derivations import add_working_days
from bot.rules.model import AmountLine, Parameter

Calculator = Callable[[dict[str, Any], dict[str, Any], dict[str, Parameter], date, date, list[Parameter]],
                      tuple[list[AmountLine], dict[str, Any]]]


def benefit_months(contribution_months: int, *, base: int, per_extra: int, first_band: int, max_months: int) -> int:
    """3 months for 12–36 months of contributions, +1 for each further full 12 months, at most 12."""
    if contribution_months < 12:
        return 0
    extra = max(0, contribution_months - first_band) // per_extra
    return min(base + extra, max_months)


def unemployment_benefit(spec: dict[str, Any], values: dict[str, Any], params: dict[str, Parameter], when: date,
                         as_of: date, used: list[Parameter]) -> tuple[list[AmountLine], dict[str, Any]]:
    def p(name: str) -> Any:
        used.append(params[name])
        return params[name].at(when)

    salary = int(values["avg_salary_6m"])
    region = str(values.get("work_region") or "r1")
    if spec.get("state_regime_uses_base_salary") and values.get("pay_regime") == "state":
        reference = int(p("base_salary"))
    else:
        reference = int(p("regional_minimum_wage")[region])
    cap = int(p("cap_multiplier")) * reference
    monthly = min(salary * int(p("rate_percent")) // 100, cap)
    months = benefit_months(int(values.get("contribution_months_total") or 0), base=int(p("base_months")),
                            per_extra=12, first_band=36, max_months=int(p("max_months")))
    if spec.get("start_rule") == "working_days":
        start = add_working_days(as_of, int(p("start_after")))
    else:
        start = as_of + timedelta(days=int(p("start_after")))
    line = AmountLine("monthly", spec.get("label", "Trợ cấp thất nghiệp hằng tháng"), monthly * months, months,
                      monthly, params["rate_percent"].citation)
    return [line], {"monthly_amount": monthly, "months": months, "cap": cap, "payment_start": start,
                    "capped": salary * int(p("rate_percent")) // 100 > cap}


CALCULATORS: dict[str, Calculator] = {"unemployment_benefit": unemployment_benefit}
