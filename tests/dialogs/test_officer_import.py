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
