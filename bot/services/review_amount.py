"""The amount the rules give for an application, from what the applicant told us.

An application holds fewer facts than the eligibility check asks (the office verifies the rest
on paper).  The facts come from /kiemtra's answers when the application started there, and from
the application's own answers (its period as the policy's dates, pregnancy, children, birth
date).  A yes/no fact still missing is taken as the officer's approval asserts it: the answer
under which the policy stays payable, and for a supplement the one that adds nothing; a missing
count is taken as 0 the same way.  When the rules still cannot compute an amount, there is none
and the officer types it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.rules import FactKind, RuleBook, Status, evaluate_policy

MAX_ASSUMPTIONS = 20


def application_facts(rules: RuleBook, policy_id: str, answers: dict[str, Any]) -> dict[str, Any]:
    """Rule facts from the stored answers (dates as ``date``; unknown answers left out)."""
    policy = rules.policies[policy_id]
    facts: dict[str, Any] = {}
    for fact_id, value in dict(answers.get("eligibility_facts") or {}).items():
        if value == "unknown" or fact_id not in rules.facts:
            continue
        is_date = rules.facts[fact_id].kind is FactKind.DATE
        facts[fact_id] = date.fromisoformat(value) if is_date and isinstance(value, str) else value
    for key in ("pregnant", "children_under_6"):
        if key in rules.facts and answers.get(key) is not None:
            facts.setdefault(key, answers[key])
    reference = policy.reference_date
    start, end = answers.get("period_start"), answers.get("period_end")
    if reference and reference not in facts and isinstance(start, str):
        facts[reference] = date.fromisoformat(start)
        if reference.endswith("_start") and isinstance(end, str):
            facts.setdefault(reference[: -len("_start")] + "_end", date.fromisoformat(end))
    return facts


def computed_amount(rules: RuleBook, policy_id: str, answers: dict[str, Any], as_of: date) -> int | None:
    """The total the rules give, or None when they cannot (unknown policy, not eligible, missing data)."""
    if policy_id not in rules.policies:
        return None
    try:
        facts = application_facts(rules, policy_id, answers)
        for _ in range(MAX_ASSUMPTIONS):
            verdict = evaluate_policy(rules, policy_id, facts, as_of)
            if verdict.status is Status.ELIGIBLE:
                return verdict.total
            if verdict.status is not Status.UNKNOWN or not verdict.next_fact:
                return None
            fact = rules.facts[verdict.next_fact]
            if fact.kind is FactKind.BOOL:
                candidates: tuple[Any, ...] = (False, True)
            elif fact.kind is FactKind.COUNT and (fact.min or 0) <= 0:
                candidates = (0,)
            else:
                return None  # a date, a sum of money…: only the applicant's papers can say
            chosen = next((value for value in candidates
                           if evaluate_policy(rules, policy_id, {**facts, fact.id: value}, as_of).status
                           is not Status.NOT_ELIGIBLE), None)
            if chosen is None:
                return None
            facts[fact.id] = chosen
    except (LookupError, ValueError, TypeError):  # a value outside the policy's dated parameters
        return None
    return None
