"""Legal test cases: one YAML file per rule document, each case named as a legal fact.

A case gives the "as of" date, the situation, the person's answers, and what the law says
should come out for some policies: status, total, a condition that must fail, deadline, the
unemployment-benefit figures…  Policies a case does not name are not checked by it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.rules import RuleBook, evaluate_situation, load_rulebook

CASES_DIR = Path(__file__).parent / "cases"
CHECKS = {"status", "total", "failing", "deadline", "deadline_passed", "unverified", "monthly_amount", "months",
          "payment_start", "lines", "next_fact", "late_filing", "no_figures_before", "not_added", "payable"}
# ``law``: the legal text the case follows, as a citizen would look it up (newer cases carry it)
CASE_KEYS = {"name", "law", "as_of", "situation", "facts", "expected", "next_fact"}


def load_cases() -> list[tuple[str, dict[str, Any]]]:
    cases = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]:
            cases.append((path.name, case))
    return cases


CASES = load_cases()


@pytest.mark.parametrize("case", [pytest.param(c, id=f"{f}: {c['name']}") for f, c in CASES])
def test_legal_case(book: RuleBook, case: dict[str, Any]) -> None:
    assert set(case) <= CASE_KEYS, set(case) - CASE_KEYS
    unknown = set(case["facts"]) - set(book.facts)
    assert not unknown, f"facts not in facts.yaml: {unknown}"
    result = evaluate_situation(book, case["situation"], case["facts"], case["as_of"])
    if "next_fact" in case:
        assert result.next_fact == case["next_fact"]
    verdicts = {v.policy_id: v for v in result.verdicts}
    for policy_id, want in case["expected"].items():
        assert set(want) <= CHECKS, set(want) - CHECKS
        verdict = verdicts[policy_id]
        explain = [(c.id, str(c.status)) for c in verdict.conditions]
        assert str(verdict.status) == want["status"], (policy_id, explain, verdict.next_fact)
        for key in ("total", "deadline", "deadline_passed", "unverified", "monthly_amount", "months",
                    "payment_start", "next_fact", "no_figures_before", "payable"):
            if key in want:
                assert getattr(verdict, key) == want[key], (policy_id, key)
        for key in ("late_filing", "not_added"):  # true: the verdict says it (text present); false: it does not
            if key in want:
                assert bool(getattr(verdict, key)) is want[key], (policy_id, key)
        if "law" in case:
            assert str(case["law"]).strip(), "a case's law: names the text it follows"
        if "failing" in want:
            failing = [c.id for c in verdict.conditions if str(c.status) == "unmet"]
            assert want["failing"] in failing, (policy_id, failing)
        if "lines" in want:
            assert {line.id: line.amount for line in verdict.amount_lines} == want["lines"], policy_id


def test_every_policy_has_at_least_four_cases(book: RuleBook) -> None:
    counts = {pid: 0 for pid in book.policies}
    for _, case in CASES:
        for pid in case["expected"]:
            counts[pid] += 1
    assert not {pid: n for pid, n in counts.items() if n < 4}


def test_every_document_has_a_case_file(book: RuleBook) -> None:
    for document in book.documents:
        assert (CASES_DIR / document.file).exists(), document.file


def test_every_case_is_preceded_by_a_comment_quoting_the_law() -> None:
    for path in sorted(CASES_DIR.glob("*.yaml")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for index, line in enumerate(lines):
            if line.lstrip().startswith("- name:"):
                before = next(lines[i] for i in range(index - 1, -1, -1) if lines[i].strip())
                assert before.lstrip().startswith("#"), f"{path.name}:{index + 1}: no comment before the case"


def test_case_names_are_vietnamese_facts_with_nfc_text() -> None:
    import unicodedata

    for file, case in CASES:
        assert unicodedata.is_normalized("NFC", case["name"]), (file, case["name"])
        assert isinstance(case["as_of"], date)


def test_cases_load_with_a_fresh_book() -> None:
    """The cases do not depend on state left by other tests (the book is pure data)."""
    fresh = load_rulebook()
    file, case = CASES[0]
    assert evaluate_situation(fresh, case["situation"], case["facts"], case["as_of"]).verdicts
