"""The rule files' schema: every rule is cited, money is integer đồng, mistakes are reported precisely."""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

import pytest

from bot.rules import Citation, RuleBook, RulebookError, load_rulebook
from bot.rules.loader import DOCUMENTS_DIR, FACTS_PATH
from bot.rules.model import Group, Check


def _tests(node: Check | Group) -> list[Check]:
    return [node] if isinstance(node, Check) else [t for item in node.items for t in _tests(item)]


def test_every_document_loads(book: RuleBook) -> None:
    files = {d.file for d in book.documents}
    assert files == {p.name for p in DOCUMENTS_DIR.glob("*.yaml")}
    assert len(book.policies) >= 20


def _placed(citation: Citation) -> bool:
    """A verified citation names its article or clause; an unverified one may name only the document
    (its doubt is in ``note``), which is more honest than an invented article."""
    return bool(citation.document) and bool(citation.article or citation.clause or citation.url
                                            or not citation.verified)


def test_every_rule_and_parameter_is_cited_with_an_article(book: RuleBook) -> None:
    for policy in book.policies.values():
        assert _placed(policy.citation), policy.id
        for condition in policy.conditions:
            assert _placed(condition.citation), (policy.id, condition.id)
        for supplement in policy.supplements:
            assert _placed(supplement.citation), (policy.id, supplement.id)
        for parameter in policy.parameters.values():
            for _, _, citation in parameter.entries:
                assert _placed(citation), (policy.id, parameter.id)


def test_money_is_integer_dong_everywhere(book: RuleBook) -> None:
    for document in book.documents:
        for parameter in document.parameters.values():
            if parameter.unit != "vnd":
                continue
            for _, value, _ in parameter.entries:
                values = value.values() if isinstance(value, dict) else [value]
                for v in values:
                    assert v is None or (type(v) is int and v > 0), (document.file, parameter.id, v)


def test_every_amount_and_threshold_is_a_named_parameter(book: RuleBook) -> None:
    """No bare numbers in rules: tests compare with parameters, amounts name parameters."""
    for policy in book.policies.values():
        for condition in policy.conditions:
            for test in _tests(condition.test):
                for name in (test.min, test.max, *(test.between or ())):
                    if name is not None:
                        assert name in policy.parameters, (policy.id, condition.id, name)
        for supplement in policy.supplements:
            assert supplement.amount in policy.parameters


def test_every_situation_leads_to_known_policies_and_labels_fit_a_button(book: RuleBook) -> None:
    expected = {"unpaid_leave", "work_stoppage", "contract_ended", "covid_f0_f1", "performing_artist", "tour_guide",
                "household_business", "freelance_worker", "poor_or_social_protection", "bhtn_participant"}
    assert {s.id for s in book.situations} == expected
    for situation in book.situations:
        assert len(situation.label) <= 40
        assert all(pid in book.policies for pid in situation.policy_ids)
    covered = {pid for s in book.situations for pid in s.policy_ids}
    assert covered == set(book.policies), "every policy is reachable from a situation"


def test_citizen_texts_are_nfc_vietnamese(book: RuleBook) -> None:
    for text, where in book.texts():
        assert unicodedata.is_normalized("NFC", text), where
        assert text == text.strip(), where
    for policy in book.policies.values():
        assert not policy.title.isascii(), f"{policy.id}: the title should be Vietnamese with diacritics"
    for fact in book.facts.values():
        assert not fact.question.isascii(), fact.id
        assert fact.question.endswith("?"), f"{fact.id}: a question ends with '?'"


def test_fact_bounds_are_sane(book: RuleBook) -> None:
    for fact in book.facts.values():
        if fact.kind.value in ("count", "money", "months"):
            assert fact.min is not None and fact.max is not None and 0 <= fact.min < fact.max, fact.id


def test_province_document_declares_its_scope(book: RuleBook) -> None:
    hcm = next(d for d in book.documents if d.file == "province-79-hcm-nq09-2021.yaml")
    assert hcm.scope["province_code"] == "79"
    assert book.policies["hcm_freelance_2021"].conditions[0].id == "province"


# -- broken files are refused with the file and the place -------------------------------------


@pytest.fixture()
def rules_copy(tmp_path: Path) -> Path:
    shutil.copytree(DOCUMENTS_DIR, tmp_path / "documents")
    shutil.copy(FACTS_PATH, tmp_path / "facts.yaml")
    return tmp_path


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _load(root: Path) -> RuleBook:
    return load_rulebook(root / "documents", root / "facts.yaml")


def test_a_float_amount_is_refused(rules_copy: Path) -> None:
    _edit(rules_copy / "documents" / "nq68-qd23-2021.yaml", "2021-05-01: 1855000,", "2021-05-01: 1855000.5,")
    with pytest.raises(RulebookError, match=r"nq68-qd23-2021\.yaml: parameters\.unpaid_leave_amount_short"
                                           r"\.values\.2021-05-01: .*integer.*float"):
        _load(rules_copy)


def test_a_misspelt_key_is_refused(rules_copy: Path) -> None:
    _edit(rules_copy / "documents" / "nq68-qd23-2021.yaml", "min: unpaid_leave_min_days",
          "min_day: unpaid_leave_min_days")
    with pytest.raises(RulebookError, match=r"policies\[0\]\.conditions\[1\]: unknown key\(s\) min_day"):
        _load(rules_copy)


def test_an_unknown_parameter_is_refused(rules_copy: Path) -> None:
    _edit(rules_copy / "documents" / "nq68-qd23-2021.yaml", "min: stoppage_min_days", "min: stopage_min_days")
    with pytest.raises(RulebookError, match=r"nq68-qd23-2021\.yaml: policies\[1\]\.conditions\[0\]\.min: "
                                           r"unknown parameter 'stopage_min_days'"):
        _load(rules_copy)


def test_a_citation_without_article_is_refused(rules_copy: Path) -> None:
    url = '    url: "https://www.crowe.com/vn/news/guidance-on-implementation-of-the-policy-to-support-those-affected-by-the-covid-19-pandemic"\n'
    _edit(rules_copy / "documents" / "nq116-qd28-2021.yaml", '    article: "Điều 3"\n    clause: "khoản 1"\n' + url,
          '')
    with pytest.raises(RulebookError, match=r"sources\.qd28_d3_1: a verified source names its article or clause"):
        _load(rules_copy)


def test_a_citation_must_say_whether_it_is_verified(rules_copy: Path) -> None:
    _edit(rules_copy / "documents" / "nq116-qd28-2021.yaml", "    verified: true\n", "\n")
    with pytest.raises(RulebookError, match=r"sources\.nq116_a: missing verified"):
        _load(rules_copy)


def test_a_test_that_does_not_fit_the_fact_kind_is_refused(rules_copy: Path) -> None:
    _edit(rules_copy / "documents" / "nq68-qd23-2021.yaml", "fact: has_labour_contract\n        is: true",
          "fact: leave_start\n        is: true")
    with pytest.raises(RulebookError, match=r"'is' tests a yes/no fact; leave_start is fact:date"):
        _load(rules_copy)


def test_a_fact_used_by_no_policy_is_refused(rules_copy: Path) -> None:
    _edit(rules_copy / "facts.yaml", "facts:\n",
          "facts:\n  - id: forgotten\n    kind: bool\n    question: \"Có không?\"\n")
    with pytest.raises(RulebookError, match=r"facts\.yaml: facts: .*forgotten"):
        _load(rules_copy)


def test_a_long_situation_label_is_refused(rules_copy: Path) -> None:
    _edit(rules_copy / "facts.yaml", 'label: "Phải ngừng việc"',
          'label: "Phải ngừng việc vì nơi làm việc bị phong tỏa rất lâu"')
    with pytest.raises(RulebookError, match=r"situations\[1\]\.label: a button label has at most 40"):
        _load(rules_copy)


def test_decomposed_vietnamese_is_refused(rules_copy: Path) -> None:
    decomposed = unicodedata.normalize("NFD", "Phải ngừng việc")
    _edit(rules_copy / "facts.yaml", 'label: "Phải ngừng việc"', f'label: "{decomposed}"')
    with pytest.raises(RulebookError, match="NFC"):
        _load(rules_copy)


def test_parameters_without_a_common_period_are_refused(rules_copy: Path) -> None:
    _edit(rules_copy / "documents" / "nq68-qd23-2021.yaml", "values: {2021-05-01: 15}\n",
          "values: {2023-01-01: 15}\n")
    with pytest.raises(RulebookError, match=r"policies\[0\]: its parameters have no period in common"):
        _load(rules_copy)


def test_a_province_file_needs_its_choice_in_the_catalogue(rules_copy: Path) -> None:
    _edit(rules_copy / "documents" / "province-79-hcm-nq09-2021.yaml", 'province_code: "79"', 'province_code: "80"')
    with pytest.raises(RulebookError, match=r"scope\.province_code: add the choice '80'"):
        _load(rules_copy)
