"""The engine's behaviour beyond single cases: date arithmetic, question order, combination, input checks."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bot.rules import RuleBook, RulebookError, Status, evaluate_policy, evaluate_situation, load_rulebook
from bot.rules.amounts import benefit_months
from bot.rules.derivations import (
    add_months, days, days_in_window, deadline_after_months, nth_day, nth_working_day, whole_months,
)
from bot.rules.model import Check, Group, Policy
from bot.rules.params import Citation

# -- date arithmetic ------------------------------------------------------------------------


def test_days_count_both_ends_and_unknowns_stay_unknown() -> None:
    assert days(date(2021, 8, 10), date(2021, 8, 29)) == 20
    assert days(date(2021, 8, 10), date(2021, 8, 10)) == 1
    assert days(date(2021, 8, 10), date(2021, 8, 9)) == 0
    assert days(None, date(2021, 8, 9)) is None


def test_days_in_window_clip_to_the_window() -> None:
    window = (date(2021, 5, 1), date(2021, 12, 31))
    assert days_in_window(date(2021, 4, 30), date(2021, 5, 14), *window) == 14
    assert days_in_window(date(2021, 12, 17), date(2022, 1, 31), *window) == 15
    assert days_in_window(date(2022, 1, 1), date(2022, 1, 31), *window) == 0
    assert days_in_window(date(2021, 1, 1), date(2021, 2, 1), *window) == 0


def test_whole_months_of_thirty_days() -> None:
    assert whole_months(91, 30) == 3
    assert whole_months(29, 30) == 0
    assert whole_months(None, 30) is None


def test_months_end_on_the_corresponding_day_or_the_month_end() -> None:
    assert add_months(date(2024, 3, 15), 3) == date(2024, 6, 15)
    assert add_months(date(2025, 11, 30), 3) == date(2026, 2, 28)
    assert add_months(date(2023, 11, 30), 3) == date(2024, 2, 29)
    assert add_months(date(2025, 10, 31), 3) == date(2026, 1, 31)


def test_a_deadline_on_a_weekend_moves_to_monday() -> None:
    assert deadline_after_months(date(2024, 3, 15), 3) == date(2024, 6, 17)  # Saturday 15/6
    assert deadline_after_months(date(2026, 3, 7), 3) == date(2026, 6, 8)  # Sunday 7/6
    assert deadline_after_months(date(2025, 1, 15), 3) == date(2025, 4, 15)  # Tuesday
    assert deadline_after_months(None, 3) is None


def test_nth_day_counts_the_filing_day_as_day_one() -> None:
    assert nth_day(date(2024, 4, 1), 16) == date(2024, 4, 16)


def test_nth_working_day_counts_monday_to_friday() -> None:
    assert nth_working_day(date(2026, 3, 10), 11) == date(2026, 3, 24)
    assert nth_working_day(date(2026, 3, 13), 11) == date(2026, 3, 27)
    assert nth_working_day(date(2026, 3, 14), 1) == date(2026, 3, 16)  # filed on a Saturday
    assert nth_working_day(date(2026, 3, 14), 11) == date(2026, 3, 30)


@pytest.mark.parametrize(("contributions", "months"), [
    (11, 0), (12, 3), (36, 3), (37, 3), (47, 3), (48, 4), (60, 5), (132, 11), (143, 11), (144, 12), (500, 12),
])
def test_benefit_months_bands(contributions: int, months: int) -> None:
    assert benefit_months(contributions, min_months=12, first_band_until=36, base_months=3, step_months=12,
                          max_months=12) == months


# -- citations, templates, reference dates ----------------------------------------------------


def test_citation_reads_as_vietnamese_legal_reference() -> None:
    assert str(Citation("Quyết định 23/2021/QĐ-TTg", "Điều 13")) == "Điều 13, Quyết định 23/2021/QĐ-TTg"
    assert str(Citation("Quyết định 23/2021/QĐ-TTg", "Điều 22", "khoản 2")) == \
        "khoản 2 Điều 22, Quyết định 23/2021/QĐ-TTg"
    assert str(Citation("Luật Việc làm 2025", verified=False, note="số điều chưa đối chiếu")) == "Luật Việc làm 2025"


def test_no_citation_a_citizen_sees_carries_an_internal_note(book: RuleBook) -> None:
    """Issue 8: "Điều 38 ((số điều chưa đối chiếu…))" reached citizens.  Doubts live in ``note``."""
    citations = [c.citation for p in book.policies.values() for c in p.conditions]
    citations += [s.citation for p in book.policies.values() for s in p.supplements]
    citations += [p.citation for p in book.policies.values()]
    for citation in citations:
        shown = str(citation)
        assert "((" not in shown and "chưa" not in shown and "đối chiếu" not in shown, shown


def test_a_citation_with_a_remark_in_its_clause_is_refused(tmp_path: Path) -> None:
    from bot.rules.loader import DOCUMENTS_DIR, FACTS_PATH
    for source in DOCUMENTS_DIR.glob("*.yaml"):
        (tmp_path / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    target = tmp_path / "tctn-luat-viec-lam-2013.yaml"
    text = target.read_text(encoding="utf-8").replace('clause: "khoản 4"', 'clause: "khoản 4 (chưa đối chiếu)"', 1)
    target.write_text(text, encoding="utf-8")
    with pytest.raises(RulebookError, match="clause must be a bare legal reference"):
        load_rulebook(tmp_path, FACTS_PATH)


def test_condition_texts_are_filled_and_keep_their_template(book: RuleBook) -> None:
    verdict = evaluate_policy(book, "nq68_unpaid_leave", {"leave_start": date(2021, 8, 1)}, date(2021, 9, 1))
    leave_days = next(c for c in verdict.conditions if c.id == "leave_days")
    assert "từ 15 ngày liên tục trở lên" in leave_days.text
    assert "01/05/2021 – 31/12/2021" in leave_days.text
    assert "{unpaid_leave_min_days}" in leave_days.template
    assert leave_days.params["unpaid_leave_min_days"] == "15"
    assert str(leave_days.citation) == "Điều 13, Quyết định 23/2021/QĐ-TTg"


def test_amount_labels_are_filled_and_keep_their_template(book: RuleBook) -> None:
    facts = {"was_f0": True, "f0_start": date(2021, 7, 1), "f0_end": date(2021, 8, 15), "covid_by_decision": True,
             "covid_person_group": "none"}
    line = evaluate_policy(book, "nq68_f0", facts, date(2021, 9, 1)).amount_lines[0]
    assert line.label == "Tiền ăn 80.000 đồng/ngày × 45 ngày điều trị (tối đa 45 ngày)"
    assert (line.quantity, line.unit_amount, line.amount) == (45, 80_000, 3_600_000)
    assert line.params["count"] == "45" and "{count}" in line.template


def test_values_are_looked_up_at_the_reference_date_not_as_of(book: RuleBook) -> None:
    facts = {"termination_date": date(2024, 6, 28), "termination_lawful": True, "receiving_pension": False,
             "bhtn_months_24": 24, "has_new_job": False, "tctn_excluded_case": False,
             "avg_bhtn_salary_6m": 50_000_000, "bhtn_months_unused": 36, "pay_regime": "employer",
             "work_region": "r1"}
    early = evaluate_policy(book, "tctn_2013", facts, date(2024, 7, 5))
    later = evaluate_policy(book, "tctn_2013", facts, date(2025, 9, 1))
    assert early.monthly_amount == later.monthly_amount == 5 * 4_680_000


def test_a_capped_benefit_says_so_in_its_label(book: RuleBook) -> None:
    facts = {"termination_date": date(2024, 7, 10), "termination_lawful": True, "receiving_pension": False,
             "bhtn_months_24": 24, "has_new_job": False, "tctn_excluded_case": False,
             "avg_bhtn_salary_6m": 50_000_000, "bhtn_months_unused": 36, "pay_regime": "employer",
             "work_region": "r1"}
    verdict = evaluate_policy(book, "tctn_2013", facts, date(2024, 7, 20))
    assert "mức tối đa" in verdict.amount_lines[0].label
    facts["avg_bhtn_salary_6m"] = 10_000_000
    assert "mức tối đa" not in evaluate_policy(book, "tctn_2013", facts, date(2024, 7, 20)).amount_lines[0].label


def test_state_pay_regime_is_not_asked_about_region(book: RuleBook) -> None:
    facts = {"termination_date": date(2024, 9, 2), "termination_lawful": True, "receiving_pension": False,
             "bhtn_months_24": 24, "has_new_job": False, "tctn_excluded_case": False,
             "avg_bhtn_salary_6m": 20_000_000, "bhtn_months_unused": 36, "pay_regime": "state"}
    verdict = evaluate_policy(book, "tctn_2013", facts, date(2024, 9, 10))
    assert verdict.status is Status.ELIGIBLE and verdict.monthly_amount == 5 * 2_340_000


# -- input checks -----------------------------------------------------------------------------


@pytest.mark.parametrize(("fact", "value", "error"), [
    ("leave_start", "2021-08-10", TypeError),
    ("pregnant", "yes", TypeError),
    ("children_under_6", "2", TypeError),
    ("children_under_6", 21, ValueError),
    ("children_under_6", True, TypeError),
    ("work_region", "r9", ValueError),
])
def test_answers_of_the_wrong_kind_are_refused(book: RuleBook, fact: str, value: Any, error: type) -> None:
    with pytest.raises(error, match=fact):
        evaluate_situation(book, "unpaid_leave", {fact: value}, date(2021, 9, 1))


def test_unknown_answer_keys_are_ignored_and_unknown_situations_refused(book: RuleBook) -> None:
    assert evaluate_situation(book, "unpaid_leave", {"old_fact": 1}, date(2021, 9, 1)).next_fact == "leave_start"
    with pytest.raises(KeyError):
        evaluate_situation(book, "no_such_situation", {}, date(2021, 9, 1))


def test_evaluation_does_not_change_the_answers(book: RuleBook) -> None:
    facts = {"leave_start": date(2021, 8, 10), "leave_end": date(2021, 8, 29)}
    before = dict(facts)
    evaluate_situation(book, "unpaid_leave", facts, date(2021, 9, 1))
    assert facts == before


# -- the order of questions -------------------------------------------------------------------


def _answer(book: RuleBook, fact_id: str) -> Any:
    """A plausible answer that keeps most policies alive (dates in 2021, yes to yes/no questions)."""
    fact = book.facts[fact_id]
    kind = fact.kind.value
    if kind == "bool":
        return fact_id not in {"receiving_pension", "pension_eligible_2025", "has_new_job", "tctn_excluded_case",
                               "other_qd23_support", "state_budget_employer", "child_support_other_parent"}
    if kind == "date":
        return date(2021, 8, 31) if fact_id.endswith("_end") else date(2021, 8, 1)
    if kind == "choice":
        return fact.choices[0][0]
    if kind == "money":
        return 10_000_000
    return min(max(fact.min or 0, 2), fact.max or 2)


def _condition_facts(book: RuleBook, policy: Policy) -> set[str]:
    names: set[str] = set()

    def add(name: str) -> None:
        derived = policy.source.derived.get(name)
        if derived is None:
            names.add(name)
        else:
            for _, arg in derived.args:
                add(arg)

    def walk(node: Check | Group) -> None:
        if isinstance(node, Check):
            add(node.subject)
        else:
            for item in node.items:
                walk(item)

    for condition in policy.conditions:
        walk(condition.test)
    return names


@pytest.mark.parametrize("situation_id", ["unpaid_leave", "work_stoppage", "contract_ended", "covid_f0_f1",
                                          "performing_artist", "tour_guide", "household_business",
                                          "freelance_worker", "poor_or_social_protection", "bhtn_participant"])
def test_a_dialog_asks_each_question_once_and_amount_questions_last(book: RuleBook, situation_id: str) -> None:
    facts: dict[str, Any] = {}
    as_of = date(2021, 9, 15)
    for _ in range(40):
        result = evaluate_situation(book, situation_id, facts, as_of)
        if result.next_fact is None:
            break
        asked = result.next_fact
        assert asked not in facts and book.facts[asked].asked
        wanting = [v for v in result.verdicts if v.next_fact == asked]
        assert wanting, "the next fact comes from a policy that still needs it"
        undecided_condition_facts = set().union(*(
            _condition_facts(book, book.policies[v.policy_id]) for v in result.verdicts
            if v.status is Status.UNKNOWN and any(str(c.status) == "unknown" for c in v.conditions)))
        if asked not in undecided_condition_facts:
            # an amount-only question: the policy asking it has every condition met
            assert any(all(str(c.status) == "met" for c in v.conditions) for v in wanting), asked
        facts[asked] = _answer(book, asked)
    else:
        pytest.fail("the dialog did not end")
    assert all(v.status is not Status.UNKNOWN for v in result.verdicts)


def test_policies_already_refused_are_not_asked_about(book: RuleBook) -> None:
    result = evaluate_situation(book, "unpaid_leave", {"leave_start": date(2021, 8, 10), "leave_end": date(2021, 8, 29),
                                                       "has_labour_contract": False}, date(2021, 9, 1))
    assert result.next_fact is None  # NQ 42 refused by the date, NQ 68 by the contract
    assert [str(v.status) for v in result.verdicts] == ["not_eligible", "not_eligible"]


def test_other_parent_is_asked_only_when_there_are_children(book: RuleBook) -> None:
    base = {"leave_start": date(2021, 8, 10), "leave_end": date(2021, 8, 29), "has_labour_contract": True,
            "social_insurance_before": True, "covid_case": True, "pregnant": False}
    assert evaluate_situation(book, "unpaid_leave", {**base, "children_under_6": 0}, date(2021, 9, 1)).next_fact is None
    assert evaluate_situation(book, "unpaid_leave", {**base, "children_under_6": 1},
                              date(2021, 9, 1)).next_fact == "child_support_other_parent"


# -- deadlines and combination ----------------------------------------------------------------


def test_a_passed_deadline_keeps_status_and_total(book: RuleBook) -> None:
    facts = {"guide_card_valid": True, "guide_employment_link": True, "other_qd23_support": False}
    before = evaluate_policy(book, "nq68_tour_guide", facts, date(2022, 1, 31))
    after = evaluate_policy(book, "nq68_tour_guide", facts, date(2030, 1, 1))
    assert (before.status, before.total, before.deadline_passed) == (Status.ELIGIBLE, 3_710_000, False)
    assert (after.status, after.total, after.deadline_passed) == (Status.ELIGIBLE, 3_710_000, True)


def test_an_unconfirmed_deadline_is_flagged_separately(book: RuleBook) -> None:
    facts = {"leave_start": date(2021, 8, 10), "leave_end": date(2021, 8, 29), "has_labour_contract": True,
             "social_insurance_before": True, "covid_case": True, "pregnant": False, "children_under_6": 0}
    verdict = evaluate_policy(book, "nq68_unpaid_leave", facts, date(2021, 9, 1))
    assert verdict.deadline == date(2022, 1, 31) and verdict.deadline_verified is False
    assert verdict.unverified is False
    household = {"closure_start": date(2021, 8, 1), "closure_end": date(2021, 8, 31), "business_registered": True,
                 "closure_by_order": True}
    assert evaluate_policy(book, "nq68_household_business", household, date(2021, 9, 1)).deadline_verified is True


def test_combination_notes_are_attached_and_the_covid_supplement_paid_once(book: RuleBook) -> None:
    facts = {"was_f0": True, "f0_start": date(2021, 7, 1), "f0_end": date(2021, 7, 10), "covid_by_decision": True,
             "was_f1": True, "f1_start": date(2021, 6, 20), "f1_end": date(2021, 6, 30),
             "covid_person_group": "elderly"}
    f0, f1 = evaluate_situation(book, "covid_f0_f1", facts, date(2021, 9, 1)).verdicts
    assert [line.id for line in f0.amount_lines] == ["base", "elderly"]
    assert [line.id for line in f1.amount_lines] == ["base"]
    assert f1.total == 11 * 80_000
    assert any("chỉ tính một lần" in note for note in f1.notes)
    alone = evaluate_policy(book, "nq68_f1", {**facts, "was_f0": False}, date(2021, 9, 1))
    assert [line.id for line in alone.amount_lines] == ["base", "elderly"]


def test_the_unconfirmed_nq42_rule_is_said_in_the_notes(book: RuleBook) -> None:
    result = evaluate_situation(book, "poor_or_social_protection",
                                {"poor_household_status": "poor", "household_size": 2, "merit_allowance": True,
                                 "social_allowance": False}, date(2020, 5, 1))
    eligible = [v for v in result.verdicts if v.status is Status.ELIGIBLE]
    assert len(eligible) == 2 and all(v.unverified for v in eligible)
    kept = [v for v in eligible if not v.not_added]
    assert len(kept) == 1 and any("chỉ nhận một khoản" in n for n in kept[0].notes)
    assert all("chỉ nhận một khoản" in (v.not_added or "") for v in eligible if v not in kept)
    assert sum(v.payable or 0 for v in eligible) == 1_500_000  # 500.000 × 3, not + 250.000 × 2 × 3


def test_the_f1_meal_support_cites_clause_2_of_article_26(book: RuleBook) -> None:
    """Issue 8: the F1 meal support cited khoản 1 Điều 26 (the F0 clause)."""
    facts = {"was_f0": False, "was_f1": True, "f1_start": date(2021, 10, 1), "f1_end": date(2021, 10, 10),
             "covid_by_decision": True, "covid_person_group": "none"}
    verdict = evaluate_policy(book, "nq68_f1", facts, date(2021, 12, 1))
    assert str(verdict.amount_lines[0].citation) == "khoản 2 Điều 26, Quyết định 23/2021/QĐ-TTg"
    assert {str(c.citation) for c in verdict.conditions} == {"khoản 2 Điều 26, Quyết định 23/2021/QĐ-TTg"}


def test_the_2025_law_start_is_not_cited_to_article_31(book: RuleBook) -> None:
    """Issue 8: Điều 31 khoản 1 is about who is insured, not when the law applies."""
    start = book.policies["tctn_2025"].conditions[0]
    assert start.id == "law_period" and "Điều 31" not in str(start.citation)
    assert str(start.citation) == "Luật Việc làm 2025 (Luật số 74/2025/QH15)"  # the article is not confirmed


def test_a_date_outside_the_data_never_raises(book: RuleBook) -> None:
    """Issue 8: a termination before 2020 ended in "something went wrong" (a LookupError)."""
    base = {"termination_lawful": True, "receiving_pension": False, "bhtn_months_24": 24, "has_new_job": False,
            "tctn_excluded_case": False, "avg_bhtn_salary_6m": 9_000_000, "bhtn_months_unused": 24,
            "pay_regime": "employer", "work_region": "r3"}
    for year in range(2010, 2026):
        verdict = evaluate_policy(book, "tctn_2013", {**base, "termination_date": date(year, 6, 30)},
                                  date(year, 7, 15))
        assert verdict.status in (Status.ELIGIBLE, Status.NOT_ELIGIBLE), year
