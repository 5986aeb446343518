"""The rule files, checked against cases taken from the legal texts, and their schema."""

from __future__ import annotations

import ast
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.rules import RulebookError, Status, evaluate_situation, load_rulebook
from bot.rules.loader import DOCUMENTS_DIR, RULES_DIR

CASES_DIR = Path(__file__).parent / "cases"
BOOK = load_rulebook()


def _cases() -> list[Any]:
    params = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]:
            params.append(pytest.param(case, id=f"{path.stem}: {case['name']}"))
    return params


@pytest.mark.parametrize("case", _cases())
def test_legal_case(case: dict[str, Any]) -> None:
    result = evaluate_situation(BOOK, case["situation"], case["facts"], case["as_of"])
    expected = dict(case["expect"])
    if "next_fact" in expected:
        assert result.next_fact == expected.pop("next_fact")
    verdicts = {v.policy_id: v for v in result.verdicts}
    for policy_id, want in expected.items():
        v = verdicts[policy_id]
        assert v.status.value == want["status"], [(c.id, c.status.value) for c in v.conditions]
        if "total" in want:
            assert v.total == want["total"]
        if "failed" in want:
            assert want["failed"] in [c.id for c in v.conditions if c.status is Status.UNMET]
        if "deadline_passed" in want:
            assert v.deadline_passed is want["deadline_passed"]
        if "deadline" in want:
            assert v.deadline == want["deadline"]
        for key in ("months", "payment_start"):
            if key in want:
                assert v.extra[key] == want[key]
        if "monthly" in want:
            assert v.extra["monthly_amount"] == want["monthly"]


def test_every_policy_has_at_least_four_cases_and_every_document_a_case_file() -> None:
    counts: dict[str, int] = {}
    for path in CASES_DIR.glob("*.yaml"):
        for case in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]:
            for policy_id in case["expect"]:
                counts[policy_id] = counts.get(policy_id, 0) + 1
    documents = {p.stem for p in DOCUMENTS_DIR.glob("*.yaml")}
    assert documents == {p.stem for p in CASES_DIR.glob("*.yaml")}
    per_document: dict[str, int] = {}
    for policy in BOOK.policies.values():
        per_document[policy.source_file] = per_document.get(policy.source_file, 0) + counts.get(policy.id, 0)
        assert counts.get(policy.id, 0) >= 1, f"{policy.id} has no case"
    assert all(n >= 4 for n in per_document.values()), per_document


def test_every_condition_amount_and_parameter_cites_an_article() -> None:
    for policy in BOOK.policies.values():
        assert policy.citation.article
        for condition in policy.conditions:
            assert condition.citation.article and condition.citation.document, (policy.id, condition.id)
        for parameter in policy.parameters.values():
            assert parameter.citation.article, (policy.id, parameter.name)


def test_money_must_be_integer_dong(tmp_path: Path) -> None:
    bad = (DOCUMENTS_DIR / "nq68-qd23-2021.yaml").read_text(encoding="utf-8").replace(
        "2021-05-01: 1855000", "2021-05-01: 1855000.5")
    (tmp_path / "bad.yaml").write_text(bad, encoding="utf-8")
    with pytest.raises(RulebookError, match="integer"):
        load_rulebook(tmp_path, RULES_DIR / "facts.yaml")


def test_every_situation_reaches_a_verdict_for_some_answers() -> None:
    for situation in BOOK.situations:
        result = evaluate_situation(BOOK, situation.id, {}, date(2026, 11, 25))
        assert result.next_fact in BOOK.facts


def test_the_rules_import_no_framework_and_never_read_the_clock() -> None:
    code = ("import sys, bot.rules; bad=[m for m in sys.modules if m.split('.')[0] in "
            "('telegram','sqlalchemy','aiohttp')]; print(bad); sys.exit(1 if bad else 0)")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True).returncode == 0
    for path in RULES_DIR.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in ("today", "now", "utcnow"):
                raise AssertionError(f"{path.name} reads the clock")
