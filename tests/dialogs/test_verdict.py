"""What a citizen reads in a verdict (issue 8, item 1): pure rendering of the engine's results."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.dialogs.core import DialogContext
from bot.dialogs.verdict import render_verdicts
from bot.i18n import Translator
from bot.rules import evaluate_situation, load_rulebook

BOOK = load_rulebook()
TCTN_2013 = {"termination_date": date(2025, 1, 15), "termination_lawful": True, "receiving_pension": False,
             "bhtn_months_24": 24, "has_new_job": False, "tctn_excluded_case": False,
             "avg_bhtn_salary_6m": 10_000_000, "bhtn_months_unused": 36, "pay_regime": "employer",
             "work_region": "r1"}


def _read(situation: str, facts: dict[str, Any], as_of: date, locale: str = "vi") -> str:
    ctx = DialogContext(tr=Translator(locale), today=as_of, rules=BOOK, user_id=1, chat_id=1)
    screens = render_verdicts(evaluate_situation(BOOK, situation, facts, as_of), ctx)
    return "\n".join(screen.text for screen in screens)


def test_a_late_unemployment_claim_is_not_shown_as_claimable() -> None:
    """Termination 15/01/2025, asked 16/04/2025: the 3-month deadline passed."""
    text = _read("contract_ended", TCTN_2013, date(2025, 4, 16))
    assert "✅ <b>Trợ cấp thất nghiệp (Luật Việc làm 2013)" not in text
    assert "⏰ <b>Trợ cấp thất nghiệp (Luật Việc làm 2013)" in text
    assert "thời hạn nộp hồ sơ đã kết thúc ngày 15/04/2025" in text
    assert "không còn đủ điều kiện hưởng trợ cấp thất nghiệp cho lần nghỉ việc này" in text
    assert "bảo lưu" in text and "khoản 3 Điều 49, Luật Việc làm 2013" in text
    assert "chưa đối chiếu được với văn bản pháp luật gốc" in text  # the reserved-months point is unverified
    assert "Tổng số tiền dự kiến bạn còn có thể đề nghị" not in text  # nothing is added to a claimable total


def test_in_time_the_same_claim_is_eligible_with_the_amount_to_claim() -> None:
    text = _read("contract_ended", TCTN_2013, date(2025, 4, 15))
    assert "✅ <b>Trợ cấp thất nghiệp (Luật Việc làm 2013)" in text and "18.000.000 đ" in text
    assert "đã kết thúc" not in text


def test_no_figures_gives_a_plain_sentence_not_an_error() -> None:
    facts = {**TCTN_2013, "termination_date": date(2026, 1, 31), "pension_eligible_2025": False,
             "bhtn_last_month": date(2024, 5, 1)}
    text = _read("contract_ended", facts, date(2026, 2, 2))
    assert "Chúng tôi chưa có số liệu trước ngày 01/07/2024" in text


def test_citations_are_clean_and_doubt_is_one_plain_sentence() -> None:
    text = _read("contract_ended", TCTN_2013, date(2025, 2, 1))
    assert "((" not in text and "chưa đối chiếu)" not in text and "số điều" not in text
    assert "khoản 1 Điều 50, Luật Việc làm 2013" in text


def test_one_person_in_several_nq42_groups_is_not_paid_every_amount() -> None:
    facts = {"poor_household_status": "poor", "household_size": 4, "merit_allowance": True, "social_allowance": True}
    text = _read("poor_or_social_protection", facts, date(2020, 5, 1))
    assert "Tổng số tiền dự kiến bạn còn có thể đề nghị: <b>3.000.000 đ</b>" in text  # not 6.000.000
    assert text.count("Không cộng vào tổng số tiền của bạn") == 2


def test_the_late_verdict_reads_in_english_too() -> None:
    text = _read("contract_ended", TCTN_2013, date(2025, 4, 16), locale="en")
    assert "You met the conditions, but the time to file ended on" in text
