"""The amount the rules give for an application, from the answers the applicant stored.

An application holds fewer facts than the eligibility check asks (the office verifies the rest
on paper), so the facts the application lacks are taken as the officer's approval asserts them:
a yes/no condition is taken as met, a supplement the applicant did not claim as not claimed.
What the application does hold (dates, children, pregnancy) is used as given; when the rules
still cannot compute an amount, there is none and the officer types it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.rules import RuleBook
from bot.rules.engine import evaluate_policy
from bot.rules.model import Policy, Status

MAX_ASSUMPTIONS = 20


def application_facts(policy: Policy, answers: dict[str, Any]) -> dict[str, Any]:
    """Rule facts from the stored answers: the period feeds every ``days_in_window`` input pair."""
    facts: dict[str, Any] = {}
    for key in ("pregnant", "children_under_6"):
        if key in answers and answers[key] is not None:
            facts[key] = answers[key]
    if answers.get("birth_date"):
        facts["birth_date"] = date.fromisoformat(answers["birth_date"])
    start, end = answers.get("period_start"), answers.get("period_end")
    for spec in policy.derived.values():
        args = spec.get("days_in_window")
        if args and start and end:
            facts.setdefault(args[0], date.fromisoformat(start))
            facts.setdefault(args[1], date.fromisoformat(end))
    return facts


def computed_amount(rules: RuleBook, policy_id: str, answers: dict[str, Any], as_of: date) -> int | None:
    """The total the rules give, or None when they cannot (unknown policy, not eligible, missing data)."""
    policy = rules.policies.get(policy_id)
    if policy is None:
        return None
    facts = application_facts(policy, answers)
    supplement_facts = {f for s in policy.supplements for f in (s.when, s.per, s.unless) if f}
    for _ in range(MAX_ASSUMPTIONS):
        try:
            verdict = evaluate_policy(policy, facts, as_of)
        except (LookupError, ValueError, TypeError):  # a value outside the policy's dated parameters
            return None
        if verdict.status is Status.ELIGIBLE:
            return verdict.total
        if verdict.status is not Status.UNKNOWN or not verdict.next_fact:
            return None
        fact = verdict.next_fact
        asserted = next((c.test["is"] for c in policy.conditions if c.subject == fact and "is" in c.test), None)
        if asserted is not None:
            facts[fact] = asserted
        elif fact in supplement_facts:
            facts[fact] = 0 if fact in {s.per for s in policy.supplements} else False
        else:
            return None
    return None
