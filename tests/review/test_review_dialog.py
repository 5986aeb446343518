"""/duyet and /nhatky as pure steps, and what applicants read about a decision, in Vietnamese and English."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.dialogs.audit_log import PAGE_EFFECT, AuditLogDialog
from bot.dialogs.core import ButtonPress, DialogContext, EffectResult, TextInput
from bot.dialogs.notices import render_notice
from bot.dialogs.review import CARD, DECIDE, QUEUE, ReviewDialog
from bot.i18n import Translator
from bot.rules import load_rulebook

RULES = load_rulebook()
CTX = DialogContext(tr=Translator("vi"), today=date(2026, 11, 25), rules=RULES, user_id=1, chat_id=1)
TIMING = {"deadline": "2026-12-02", "waited": 8, "left": -1, "mark": "overdue", "days": 7, "unit": "working",
          "default_limit": True}
QUEUE_RESULT = {"total": 2, "offset": 0, "items": [
    {"id": 5, "code": "HS-2611-AAAAA", "policy_id": "nq68_unpaid_leave", "name": "Nguyễn Văn An",
     "received": "2026-11-10", **TIMING},
    {"id": 6, "code": "HS-2611-BBBBB", "policy_id": "nq68_unpaid_leave", "name": "Lê Thị Cúc",
     "received": "2026-11-24", **{**TIMING, "mark": "on_time", "left": 5, "waited": 1}}]}
PERSON = {"id": 5, "reference_code": "HS-2611-AAAAA", "status": "submitted", "full_name": "Nguyễn Văn An",
          "birth_date": "1985-07-15", "masked_id": "*********001", "received": "2026-11-10", "same_chat": True,
          "address": "Phường X"}
CARD_RESULT: dict[str, Any] = {
    "id": 5, "person": PERSON, "policy_id": "nq68_unpaid_leave", "timing": TIMING, "computed_amount": 4_710_000,
    "employer": "", "what_happened": "", "period": ["2021-07-01", "2021-08-15"],
    "duplicates": [{**PERSON, "id": 7, "reference_code": "HS-2611-CCCCC", "masked_id": "******456",
                    "same_chat": False}]}


def open_card() -> Any:
    dialog = ReviewDialog()
    reply = dialog.start(CTX)
    assert reply.effect is not None and reply.effect.name == QUEUE
    listed = dialog.handle(reply.state, EffectResult(QUEUE, QUEUE_RESULT), CTX)
    text = listed.screens[0].text
    assert text.index("HS-2611-AAAAA") < text.index("HS-2611-BBBBB") and "⛔" in text and "QUÁ HẠN" in text
    opening = dialog.handle(listed.state, ButtonPress("o:5"), CTX)
    assert opening.effect is not None and (opening.effect.name, opening.effect.payload) == (CARD, {"id": 5})
    return dialog, dialog.handle(opening.state, EffectResult(CARD, CARD_RESULT), CTX)


def test_the_card_shows_the_possible_duplicate_beside_it_with_masked_numbers() -> None:
    _dialog, card = open_card()
    text = card.screens[0].text
    assert "HS-2611-AAAAA" in text and "Có thể trùng: hồ sơ HS-2611-CCCCC" in text
    assert "gửi từ tài khoản khác" in text and "******456" in text and "4.710.000" in text
    labels = [b.label for row in card.screens[0].buttons for b in row]
    assert "Mở HS-2611-CCCCC" in labels


def test_approving_at_the_computed_amount_asks_the_service_to_decide() -> None:
    dialog, card = open_card()
    confirm = dialog.handle(card.state, ButtonPress("approve"), CTX)
    assert "4.710.000" in confirm.screens[0].text
    deciding = dialog.handle(confirm.state, ButtonPress("confirm"), CTX)
    assert deciding.effect is not None and deciding.effect.name == DECIDE
    assert deciding.effect.payload["kind"] == "approve" and deciding.effect.payload["amount"] is None


def test_another_amount_needs_a_reason_and_bad_input_changes_nothing() -> None:
    dialog, card = open_card()
    amount = dialog.handle(dialog.handle(card.state, ButtonPress("approve"), CTX).state, ButtonPress("change"), CTX)
    wrong = dialog.handle(amount.state, TextInput("nhiều lắm"), CTX)
    assert wrong.state == amount.state and "3.710.000" in wrong.screens[0].text
    why = dialog.handle(amount.state, TextInput("3.710.000"), CTX)
    assert why.state is not None and why.state.step == "amount_reason"
    deciding = dialog.handle(why.state, TextInput("Con đã đủ 6 tuổi"), CTX)
    assert deciding.effect is not None and deciding.effect.payload["amount"] == 3_710_000
    assert deciding.effect.payload["amount_reason"] == "Con đã đủ 6 tuổi"


def test_reject_with_a_listed_or_typed_reason_and_send_back_for_a_paper() -> None:
    dialog, card = open_card()
    reasons = dialog.handle(card.state, ButtonPress("reject"), CTX)
    listed = dialog.handle(reasons.state, ButtonPress("r:already_supported"), CTX)
    assert listed.effect is not None and listed.effect.payload["reason"] == "already_supported"
    typed = dialog.handle(reasons.state, TextInput("Không cư trú tại xã"), CTX)
    assert typed.effect is not None and (typed.effect.payload["reason"], typed.effect.payload["note"]) == \
        ("other", "Không cư trú tại xã")
    papers = dialog.handle(card.state, ButtonPress("return"), CTX)
    assert "Mẫu số 05" in papers.screens[0].text
    back = dialog.handle(papers.state, ButtonPress("p:0"), CTX)
    assert back.effect is not None and back.effect.payload["kind"] == "return"
    assert back.effect.payload["note"].startswith("Mẫu số 05")


def test_after_a_decision_the_queue_comes_back_and_a_removed_officer_is_stopped() -> None:
    dialog, card = open_card()
    deciding = dialog.handle(card.state, ButtonPress("approve"), CTX)
    deciding = dialog.handle(deciding.state, ButtonPress("confirm"), CTX)
    done = dialog.handle(deciding.state, EffectResult(DECIDE, "done"), CTX)
    assert "Đã ghi nhận quyết định" in done.screens[0].text
    assert done.effect is not None and done.effect.name == QUEUE
    removed = dialog.handle(deciding.state, EffectResult(DECIDE, "not_officer"), CTX)
    assert removed.state is None


def test_the_applicant_reads_the_decision_in_their_language_with_what_to_do_next() -> None:
    approved = {"reference_code": "HS-1", "policy_id": "nq68_unpaid_leave", "reason": "", "reason_code": "",
                "amount": 4_710_000}
    vi = render_notice("application_approved", approved, Translator("vi"), RULES).text
    en = render_notice("application_approved", approved, Translator("en"), RULES).text
    assert "HS-1" in vi and "4.710.000 đ" in vi and "/tracuu" in vi and "được duyệt" in vi
    assert "has been approved" in en and "4,710,000" in en
    rejected = {**approved, "reason_code": "already_supported", "amount": 0}
    assert "Đã được hỗ trợ theo chính sách này" in render_notice("application_rejected", rejected,
                                                                 Translator("vi"), RULES).text
    assert "Already supported under this policy" in render_notice("application_rejected", rejected,
                                                                  Translator("en"), RULES).text
    returned = {**approved, "reason": "Giấy xác nhận của BHXH", "amount": 0}
    vi_back = render_notice("application_returned", returned, Translator("vi"), RULES).text
    en_back = render_notice("application_returned", returned, Translator("en"), RULES).text
    assert "cần bổ sung giấy tờ: Giấy xác nhận của BHXH" in vi_back and "UBND xã/phường" in vi_back
    assert "needs one more paper" in en_back


def test_the_audit_log_pages_and_filters_without_changing_anything() -> None:
    dialog = AuditLogDialog()
    reply = dialog.start(CTX)
    assert reply.effect is not None and reply.effect.name == PAGE_EFFECT
    page = {"total": 11, "page": 0, "pages": 2, "records": [
        {"at": "2026-11-25T09:30:00+07:00", "actor": 2, "action": "application.approve", "province_code": "56",
         "ward_code": "22333", "object_id": "HS-1", "count": 1}]}
    shown = dialog.handle(reply.state, EffectResult(PAGE_EFFECT, page), CTX)
    assert "25/11 09:30 · 2 · duyệt hồ sơ HS-1 · 1 bản ghi · 22333" in shown.screens[0].text
    older = dialog.handle(shown.state, ButtonPress("older"), CTX)
    assert older.effect is not None and older.effect.payload == {"page": 1}
    grouped = dialog.handle(shown.state, ButtonPress("g:IMPORTS"), CTX)
    assert grouped.effect is not None and grouped.effect.payload == {"group": "IMPORTS", "page": 0}
    asking = dialog.handle(shown.state, ButtonPress("officer"), CTX)
    assert dialog.handle(asking.state, TextInput("abc"), CTX).state == asking.state
    by_officer = dialog.handle(asking.state, TextInput("777001"), CTX)
    assert by_officer.effect is not None and by_officer.effect.payload == {"actor": 777001, "page": 0}
    refused = dialog.handle(reply.state, EffectResult(PAGE_EFFECT, None), CTX)
    assert refused.state is None and "cấp tỉnh" in refused.screens[0].text
