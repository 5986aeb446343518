"""The application and eligibility flows as pure steps (issue 8 items 3 and 4): one set of answer
kinds, edits that cancel only themselves, answers carried from /kiemtra, late applications
warned, conditional verdicts for "không biết", distinct policy buttons."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.dialogs.apply import ApplyDialog
from bot.dialogs.core import ButtonPress, DialogContext, Reply, TextInput
from bot.dialogs.eligibility import EligibilityDialog
from bot.dialogs.policy_labels import policy_button_label
from bot.i18n import Translator
from bot.localapi.terminal import number_is_answer
from bot.rules import load_rulebook

RULES = load_rulebook()
CTX = DialogContext(tr=Translator("vi"), today=date(2026, 11, 25), rules=RULES, user_id=1, chat_id=1,
                    extras={"features": ("apply", "lookup")})
EN = DialogContext(tr=Translator("en"), today=date(2026, 11, 25), rules=RULES, user_id=1, chat_id=1)


def text_of(reply: Reply) -> str:
    return "\n".join(s.text for s in reply.screens)


def labels(reply: Reply) -> list[str]:
    return [b.label for s in reply.screens for row in s.buttons for b in row]


def run(dialog: Any, reply: Reply, *events: Any, ctx: DialogContext = CTX) -> Reply:
    for event in events:
        reply = dialog.handle(reply.state, TextInput(event) if isinstance(event, str) else event, ctx)
    return reply


def application_at_period(policy: str = "tctn_2025") -> Reply:
    """An application with every personal answer given, at the question of the period's start."""
    dialog = ApplyDialog()
    reply = dialog.start(CTX, {"policy_id": policy})
    if reply.state.step == "late":  # 2020-2021 support: the applicant was warned and goes on
        reply = run(dialog, reply, ButtonPress("late_go"))
    return run(dialog, reply, "Lê Thị Hoa", "2/3/1990", ButtonPress("c:female"),
               "001190012345", "0912345678", "phường Tân Định, TP HCM", "5 Lê Lợi", "Công ty A", "0")


# -- one set of answer kinds ------------------------------------------------------------------

def test_application_end_date_may_not_precede_its_start() -> None:
    dialog = ApplyDialog()
    reply = run(dialog, application_at_period("nq68_work_stoppage"), "15/8/2021")
    assert reply.state.data["current"] == "period_end"
    before = reply.state
    refused = run(dialog, reply, "1/8/2021")
    assert refused.state == before and "không thể trước ngày 15/08/2021" in text_of(refused)
    assert run(dialog, reply, "30/8/2021").state.data["answers"]["period_end"] == "2021-08-30"


def test_a_month_alone_makes_the_question_ask_for_the_day() -> None:
    dialog = ApplyDialog()
    reply = application_at_period()
    assert reply.state.data["current"] == "period_start"
    asked = run(dialog, reply, "tháng 10 năm 2026")
    assert "Ngày nào của tháng 10/2026?" in text_of(asked) and "period_start" not in asked.state.data["answers"]
    done = run(dialog, asked, "15")
    assert done.state.data["answers"]["period_start"] == "2026-10-15"


def test_addresses_after_2025_are_shown_with_todays_name_and_no_district() -> None:
    reply = application_at_period()
    unit = reply.state.data["answers"]["address_unit"]
    assert unit["current_label"] == "Phường Tân Định, Thành phố Hồ Chí Minh" and unit["era"] == "2025"
    question = ApplyDialog().render(reply.state.at("field", current="address_unit"), CTX)
    assert "phường Tân Định, TP Hồ Chí Minh" in text_of(question) and "quận" not in text_of(question).split("Địa chỉ cũ")[0]


def test_unknown_is_refused_where_the_rules_cannot_use_it_and_says_what_to_find_out() -> None:
    dialog = EligibilityDialog()
    reply = run(dialog, dialog.start(CTX), ButtonPress("s:contract_ended"))
    for _ in range(10):  # a lawful termination, no pension: the months of contributions come next
        fact = RULES.facts[reply.state.data["current"]]
        if str(fact.kind.value) == "months":
            break
        refusing = any(word in fact.id for word in ("pension", "new_job", "excluded"))
        reply = run(dialog, reply, {"date": "1/10/2026", "bool": ButtonPress("no" if refusing else "yes")}[
            str(fact.kind.value)])
    assert str(RULES.facts[reply.state.data["current"]].kind.value) == "months"
    before = reply.state
    unknown = run(dialog, reply, "không biết")
    assert unknown.state == before and "Tôi cần câu trả lời này" in text_of(unknown) and "VssID" in text_of(unknown)
    too_many = run(dialog, reply, "30 tháng")
    assert too_many.state == before and "chỉ tính tối đa 24 tháng" in text_of(too_many)


# -- the application's flows --------------------------------------------------------------------

def test_cancel_while_editing_one_answer_cancels_only_that_edit() -> None:
    dialog = ApplyDialog()
    summary = run(dialog, application_at_period(), "1/10/2026", "công ty giải thể", ButtonPress("c:cash"))
    assert summary.state.step == "summary"
    editing = run(dialog, summary, ButtonPress("edit"), ButtonPress("phone"))
    assert "Hủy việc sửa này" in labels(editing)
    cancelled = run(dialog, editing, ButtonPress("cancel"))
    assert cancelled.state is not None and cancelled.state.step == "summary"
    assert cancelled.state.data["answers"] == summary.state.data["answers"]
    assert "Đã hủy việc sửa" in text_of(cancelled)


def test_discarding_the_whole_application_needs_a_confirmation() -> None:
    dialog = ApplyDialog()
    reply = application_at_period()
    asked = run(dialog, reply, ButtonPress("cancel"))
    assert asked.state is not None and asked.state.step == "confirm_discard"
    assert "hủy bỏ toàn bộ hồ sơ" in text_of(asked)
    kept = run(dialog, asked, ButtonPress("keep"))
    assert kept.state.step == "field" and kept.state.data["answers"] == reply.state.data["answers"]
    discarded = run(dialog, asked, ButtonPress("discard"))
    assert discarded.state is None and "Đã hủy hồ sơ" in text_of(discarded)


def test_policy_buttons_are_distinct_and_readable() -> None:
    for ctx in (CTX, EN):
        picker = ApplyDialog().start(ctx)
        names = [b.label for row in picker.screens[0].buttons for b in row][:-1]
        assert len(names) == len(RULES.policies) == len(set(names))
        assert all(len(name) <= 48 and not name.endswith("…") for name in names)
    assert policy_button_label(RULES, "nq68_unpaid_leave", CTX.tr) != policy_button_label(RULES, "nq42_unpaid_leave",
                                                                                          CTX.tr)


def test_the_applicant_says_how_to_be_paid_and_a_bank_account_is_asked_only_for_a_transfer() -> None:
    asked = run(ApplyDialog(), application_at_period(), "1/10/2026", "công ty giải thể")
    assert asked.state.data["current"] == "payment_method" and "nhận tiền hỗ trợ bằng cách nào" in text_of(asked)
    cash = run(ApplyDialog(), asked, ButtonPress("c:cash"))
    assert cash.state.step == "summary" and "Nhận tiền mặt" in text_of(cash)
    assert not {"bank_name", "bank_account"} & set(cash.state.data["answers"])
    bank = run(ApplyDialog(), asked, "chuyen vao tai khoan ngan hang", "Vietcombank", "0071 0012 34567")
    assert bank.state.step == "summary" and bank.state.data["answers"]["bank_account"] == "0071001234567"
    shown = text_of(bank)
    assert "Vietcombank" in shown and "0071001234567" not in shown and "567" in shown  # masked in the summary


def test_a_late_application_is_warned_and_the_applicant_chooses() -> None:
    dialog = ApplyDialog()
    start = dialog.start(CTX, {"policy_id": "nq68_f0"})
    assert start.state.step == "late" and "Đã hết thời hạn nộp hồ sơ" in text_of(start)
    assert {"Vẫn tiếp tục", "Dừng tại đây"} <= set(labels(start))
    stopped = run(dialog, start, ButtonPress("late_stop"))
    assert stopped.state is None and "Chưa có gì được gửi đi" in text_of(stopped)
    going = run(dialog, start, ButtonPress("late_go"))
    assert going.state.step == "field" and going.state.data["current"] == "full_name"


def test_a_timely_termination_claim_is_not_warned_but_a_late_one_is_before_sending() -> None:
    dialog = ApplyDialog()
    timely = run(dialog, application_at_period(), "1/10/2026", "công ty giải thể")
    assert "hết thời hạn" not in text_of(timely).lower()
    facts = {"termination_date": "2026-01-05", "termination_lawful": True, "pension_eligible_2025": False,
             "bhtn_months_24": 20, "has_new_job": False, "tctn_excluded_case": False,
             "avg_bhtn_salary_6m": 8_000_000, "bhtn_months_unused": 40, "work_region": "r1",
             "pay_regime": "employer", "bhtn_last_month": "2025-12-01"}
    late = dialog.start(CTX, {"policy_id": "tctn_2025", "situation": "contract_ended", "facts": facts})
    assert late.state.step == "late"
    filled = run(dialog, late, ButtonPress("late_go"), "Lê Thị Hoa", "2/3/1990", ButtonPress("c:female"),
                 "001190012345", "0912345678", "phường Tân Định, TP HCM", "5 Lê Lợi", "Công ty A", "0", "giải thể",
                 ButtonPress("c:cash"))
    assert filled.state.step == "summary" and "đã kết thúc ngày 06/04/2026" in text_of(filled)
    sending = run(dialog, filled, ButtonPress("submit"))
    assert sending.effect is not None  # warned once at the start, the applicant chose to go on

    unwarned = filled.state.with_data(late_ok=False)
    warned = dialog.handle(unwarned, ButtonPress("submit"), CTX)
    assert warned.effect is None and warned.state.step == "late"
    kept = run(dialog, warned, ButtonPress("late_stop"))
    assert kept.state.step == "summary" and "Câu trả lời của bạn vẫn được giữ" in text_of(kept)


# -- from /kiemtra to the application -----------------------------------------------------------

def verdict_of_unpaid_leave(*answers: Any) -> Reply:
    dialog = EligibilityDialog()
    reply = run(dialog, dialog.start(CTX), "tam hoan hop dong", *answers)
    assert reply.state.step == "review", reply.state.data.get("current")
    return run(dialog, reply, ButtonPress("show"))


def test_apply_now_carries_the_policy_and_every_answer() -> None:
    verdict = verdict_of_unpaid_leave("10/8/2021", "30/9/2021", "dạ có ạ", "vâng", "ừ", "có", "2 con", "không")
    assert verdict.state is not None and verdict.state.step == "verdict"
    apply_button = next(b for s in verdict.screens for row in s.buttons for b in row if b.value.startswith("apply:"))
    assert apply_button.label == "Nộp hồ sơ: NQ 68: tạm hoãn HĐLĐ, nghỉ không lương"
    handed = EligibilityDialog().handle(verdict.state, ButtonPress(apply_button.value), CTX)
    assert handed.state is None and handed.handoff is not None and handed.handoff.dialog == "apply"
    started = ApplyDialog().start(CTX, handed.handoff.args)
    answers = started.state.data["answers"]
    assert started.state.data["policy_id"] == "nq68_unpaid_leave"
    assert answers["period_start"] == "2021-08-10" and answers["period_end"] == "2021-09-30"
    assert answers["pregnant"] is True and answers["sex"] == "female" and answers["children_under_6"] == 2
    going = run(ApplyDialog(), started, ButtonPress("late_go"))
    asked: list[str] = []
    while going.state.step == "field":
        asked.append(going.state.data["current"])
        going = run(ApplyDialog(), going, {"full_name": "Lê Thị Hoa", "birth_date": "2/3/1990",
                                           "id_number": "001190012345", "phone": "0912345678",
                                           "address_unit": "phường An Hội, tỉnh Vĩnh Long",
                                           "address_street": "5 Lê Lợi", "employer_name": "Công ty A",
                                           "employer_tax_code": "0", "reason": "dịch",
                                           "payment_method": ButtonPress("c:cash")}[asked[-1]])
    assert not {"period_start", "period_end", "pregnant", "children_under_6", "sex"} & set(asked)
    assert going.state.step == "summary"


def test_not_knowing_gives_a_verdict_that_says_what_it_depends_on() -> None:
    verdict = verdict_of_unpaid_leave("10/8/2021", "30/9/2021", "có", "không biết", "có", "không", "0")
    shown = text_of(verdict)
    assert "Kết quả của bạn phụ thuộc" in shown
    assert "bảo hiểm xã hội bắt buộc không?”: Có: bạn đủ điều kiện, ước tính 3.710.000 đ" in shown
    assert "bảo hiểm xã hội bắt buộc không?”: Không: bạn không đủ điều kiện" in shown
    assert "Những điều cần tìm hiểu" in shown
    assert "không đủ điều kiện hưởng các chính sách" not in shown  # not a flat "no"


def test_yes_no_questions_offer_i_dont_know_and_choices_read_words() -> None:
    dialog = EligibilityDialog()
    reply = run(dialog, dialog.start(CTX), "tam hoan hop dong", "10/8/2021", "30/9/2021")
    assert "Không biết" in labels(reply)
    reply = run(dialog, EligibilityDialog().start(CTX), ButtonPress("s:contract_ended"))
    for _ in range(15):  # a lawful termination, no pension, no new job, no excluded case: the region comes
        if reply.state.data["current"] == "work_region":
            break
        fact = RULES.facts[reply.state.data["current"]]
        value = {"date": "1/10/2026", "months": "20", "money": "8 triệu"}.get(str(fact.kind.value))
        refusing = any(word in fact.id for word in ("pension", "new_job", "excluded"))
        reply = run(dialog, reply, value or ButtonPress("no" if refusing else "yes"))
    assert run(dialog, reply, "vung 1").state.data["answers"]["work_region"] == "r1"


def test_the_terminal_reads_a_bare_number_as_an_answer_when_the_question_asks_for_one() -> None:
    assert number_is_answer(["d:3:back", "d:3:cancel"])  # "how many months?": only navigation
    assert number_is_answer(["d:3:n:0", "d:3:n:1", "d:3:n:2", "d:3:n:3", "d:3:back", "d:3:cancel"])
    assert not number_is_answer(["d:3:yes", "d:3:no", "d:3:back"])
    assert not number_is_answer(["m:check", "m:apply"])
