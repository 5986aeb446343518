"""The officer's import dialog as pure steps: what the database needs is asked before the preview, and a
preview overtaken by another import is shown again instead of imported."""

from __future__ import annotations

from datetime import date

from bot.dialogs.core import ButtonPress, DialogContext, EffectResult, TextInput
from bot.dialogs.officer_import import COMMIT, CONFIRM, INSPECT, STAGE, OfficerImportDialog
from bot.i18n import Translator
from bot.rules import load_rulebook

CTX = DialogContext(tr=Translator("vi"), today=date(2026, 11, 25), rules=load_rulebook(), user_id=1, chat_id=1)
SHAPE = {"recognised": {"id_number": "Số CCCD", "paid_amount": "Số tiền đã chi trả", "policy": "Chính sách"},
         "unrecognised": [], "has_policy": True, "has_decision": False, "has_paid_date": False}
PREVIEW = {"batch_id": 4, "kind": "paid", "read": 2, "valid": 2, "invalid": 0, "skipped": 0, "new": 2, "changed": 0,
           "unchanged": 0, "errors_by_code": {}}


def test_a_paid_list_without_payment_dates_asks_for_the_date_before_reading() -> None:
    dialog = OfficerImportDialog()
    reply = dialog.start(CTX, {"path": "/tmp/p.csv", "filename": "p.csv"})
    reply = dialog.handle(reply.state, ButtonPress("paid"), CTX)
    assert reply.effect is not None and reply.effect.name == INSPECT
    asked = dialog.handle(reply.state, EffectResult(INSPECT, {"shape": SHAPE}), CTX)
    assert asked.effect is None and "không có cột ngày chi trả" in asked.screens[-1].text
    wrong = dialog.handle(asked.state, TextInput("hôm qua"), CTX)
    assert wrong.effect is None and wrong.state == asked.state  # a bad date changes nothing
    staged = dialog.handle(asked.state, TextInput("5/9/2021"), CTX)
    assert staged.effect is not None and staged.effect.name == STAGE
    assert staged.effect.payload["paid_date"] == "2021-09-05"


def test_a_preview_overtaken_by_another_import_is_shown_again_not_imported() -> None:
    dialog = OfficerImportDialog()
    reply = dialog.start(CTX, {"path": "/tmp/p.csv", "filename": "p.csv"})
    reply = dialog.handle(reply.state, ButtonPress("paid"), CTX)
    reply = dialog.handle(reply.state, EffectResult(INSPECT, {"shape": {**SHAPE, "has_paid_date": True}}), CTX)
    confirm = dialog.handle(reply.state, EffectResult(STAGE, {"preview": PREVIEW}), CTX)
    committing = dialog.handle(confirm.state, ButtonPress(CONFIRM), CTX)
    assert committing.effect is not None and committing.effect.name == COMMIT
    fresh = {**PREVIEW, "new": 0, "unchanged": 2}
    stale = dialog.handle(committing.state, EffectResult(COMMIT, {"stale": True, "summary": fresh}), CTX)
    text = "\n".join(screen.text for screen in stale.screens)
    assert "Một lần nhập khác đã thay đổi danh sách" in text and "Đã có sẵn: 2" in text and "Mới: 0" in text
    assert stale.state is not None and stale.state.step == "confirm" and stale.effect is None


def test_a_list_titled_with_its_policy_is_not_asked_and_nq_68_alone_narrows_the_choice() -> None:
    from bot.services.policy_names import PolicyResolver

    resolver = PolicyResolver(CTX.rules)
    named = resolver.from_title("DANH SÁCH NGƯỜI LAO ĐỘNG TẠM HOÃN HỢP ĐỒNG LAO ĐỘNG THEO NGHỊ QUYẾT 68/NQ-CP")
    assert named[0] == "nq68_unpaid_leave"
    only_document = resolver.from_title("Danh sách hỗ trợ theo NQ 68")
    assert only_document[0] is None and set(only_document[1]) == {p for p in CTX.rules.policies if p.startswith("nq68")}
    dialog = OfficerImportDialog()
    reply = dialog.handle(dialog.start(CTX, {"path": "/tmp/a.xlsx", "filename": "a.xlsx"}).state,
                          ButtonPress("approved"), CTX)
    without_policy = {**SHAPE, "has_policy": False, "has_decision": True, "has_paid_date": True}
    told = dialog.handle(reply.state, EffectResult(INSPECT, {"shape": {**without_policy, "title_policy": named[0],
                                                                        "title_policies": list(named[1])}}), CTX)
    assert told.effect is not None and told.effect.name == STAGE and told.effect.payload["policy_id"] == named[0]
    assert any("theo tiêu đề" in screen.text for screen in told.screens)
    picker = dialog.handle(reply.state, EffectResult(INSPECT, {"shape": {**without_policy, "title_policy": None,
                                                                          "title_policies": list(only_document[1])}}),
                           CTX)
    labels = [b.label for row in picker.screens[-1].buttons for b in row]
    assert len(labels) == len(only_document[1]) + 2 and "NQ 42" not in " ".join(labels)  # + another, cancel
    widened = dialog.handle(picker.state, ButtonPress("p:*"), CTX)
    assert len([b for row in widened.screens[-1].buttons for b in row]) == len(CTX.rules.policies) + 1
