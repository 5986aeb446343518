"""Each dialog step is a pure function: state + input -> new state + what to show.  No bot, no database."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from bot.dialogs.apply import ApplyDialog
from bot.dialogs.core import ButtonPress, DialogContext, EffectResult, TextInput
from bot.dialogs.eligibility import EligibilityDialog
from bot.dialogs.lookup import GATE_EFFECT, LOOKUP_EFFECT, LookupDialog
from bot.dialogs.officer_import import INSPECT, OfficerImportDialog
from bot.domain.status import ApplicationRecord, GateOutcome, LookupGate, LookupOutcome, Proof, StatusAnswer
from bot.i18n import Translator
from bot.rules import load_rulebook

CTX = DialogContext(tr=Translator("vi"), today=date(2026, 11, 25), rules=load_rulebook(), user_id=1, chat_id=1)


def test_eligibility_happy_path_to_the_verdict() -> None:
    dialog = EligibilityDialog()
    reply = dialog.start(CTX)
    reply = dialog.handle(reply.state, ButtonPress("s:bhtn_participant"), CTX)
    assert reply.state.data["current"] == "bhtn_at_30_9_2021"
    for event in (ButtonPress("yes"), TextInput("không"), TextInput("24")):
        reply = dialog.handle(reply.state, event, CTX)
    assert reply.state.step == "review"
    verdict = dialog.handle(reply.state, ButtonPress("show"), CTX)
    assert verdict.state is None  # the dialog ends with the verdict
    text = "\n".join(s.text for s in verdict.screens)
    assert "2.100.000 đ" in text and "Nghị quyết 116/NQ-CP" in text


def test_eligibility_cancel_and_wrong_answer_change_nothing() -> None:
    dialog = EligibilityDialog()
    reply = dialog.handle(dialog.start(CTX).state, ButtonPress("s:unpaid_leave"), CTX)
    before = reply.state
    wrong = dialog.handle(before, TextInput("hôm kia"), CTX)
    assert wrong.state == before and "Tôi không đọc được ngày này" in wrong.screens[0].text
    cancelled = dialog.handle(before, ButtonPress("cancel"), CTX)
    assert cancelled.state is None and "Đã hủy" in cancelled.screens[0].text


def lookup_started(dialog: LookupDialog, number: str | None = None, gate: LookupGate = LookupGate(GateOutcome.OPEN)):  # type: ignore[no-untyped-def]
    """/tracuu up to the birth-date question; the gate effects answered with ``gate`` for the ID."""
    reply = dialog.start(CTX)
    assert reply.effect is not None and reply.effect.name == GATE_EFFECT
    reply = dialog.handle(reply.state, EffectResult(GATE_EFFECT, LookupGate(GateOutcome.OPEN)), CTX)
    if number is None:
        return reply
    reply = dialog.handle(reply.state, TextInput(number), CTX)
    assert reply.effect is not None and reply.effect.payload == {"id_number": number.replace(" ", "")}
    return dialog.handle(reply.state, EffectResult(GATE_EFFECT, gate), CTX)


def test_lookup_by_birth_year_and_name_asks_the_service_and_shows_a_masked_name() -> None:
    dialog = LookupDialog()
    reply = lookup_started(dialog, "056 185 001 234")
    reply = dialog.handle(reply.state, ButtonPress("year"), CTX)
    reply = dialog.handle(reply.state, TextInput("1985"), CTX)
    reply = dialog.handle(reply.state, TextInput("nguyen thi lan"), CTX)
    assert reply.effect is not None and reply.effect.name == LOOKUP_EFFECT
    assert reply.effect.payload == {"id_number": "056185001234", "birth_date": None, "birth_year": 1985,
                                    "name": "Nguyen Thi Lan", "phone": None}
    found = StatusAnswer(LookupOutcome.FOUND, masked_name="Nguyễn T. L.")
    shown = dialog.handle(reply.state, EffectResult(LOOKUP_EFFECT, found), CTX)
    assert "Nguyễn T. L." in shown.screens[0].text and shown.state.step == "result"
    missing = dialog.handle(reply.state, EffectResult(LOOKUP_EFFECT, StatusAnswer(LookupOutcome.NOT_FOUND)), CTX)
    assert missing.state is None and "Không tìm thấy" in missing.screens[0].text
    assert Proof(birth_year=1985, name="x").birth_date is None


def test_lookup_refuses_a_malformed_id_without_moving_on() -> None:
    dialog = LookupDialog()
    start = lookup_started(dialog)
    reply = dialog.handle(start.state, TextInput("12345"), CTX)
    assert reply.state == start.state and "12 chữ số" in reply.screens[0].text


def test_a_chat_that_must_wait_is_told_before_typing_anything() -> None:
    dialog = LookupDialog()
    reply = dialog.start(CTX)
    assert reply.screens == ()  # nothing asked yet
    limited = LookupGate(GateOutcome.CHAT_LIMITED, timedelta(minutes=42))
    told = dialog.handle(reply.state, EffectResult(GATE_EFFECT, limited), CTX)
    assert told.state is None and "42 phút" in told.screens[0].text and "quá nhiều lần" in told.screens[0].text


def test_a_paused_id_number_asks_for_the_phone_on_file_after_the_birth_date() -> None:
    dialog = LookupDialog()
    reply = lookup_started(dialog, "001085012345", LookupGate(GateOutcome.NEEDS_PHONE, timedelta(minutes=30)))
    assert "số điện thoại" in reply.screens[0].text and "30 phút" in reply.screens[0].text
    reply = dialog.handle(reply.state, TextInput("1/2/1985"), CTX)
    assert reply.state.step == "phone" and reply.effect is None
    wrong = dialog.handle(reply.state, TextInput("12"), CTX)
    assert wrong.state == reply.state and wrong.effect is None
    reply = dialog.handle(reply.state, TextInput("0912.345.678"), CTX)
    assert reply.effect is not None and reply.effect.payload["phone"] == "+84912345678"
    assert reply.effect.payload["birth_date"] == date(1985, 2, 1)


def test_a_rejected_application_shows_the_reason() -> None:
    dialog = LookupDialog()
    reply = lookup_started(dialog, "001085012345")
    reply = dialog.handle(reply.state, TextInput("1/2/1985"), CTX)
    rejected = ApplicationRecord("HS-2611-ABCDE", "nq116_participant", "Nguyễn Văn An", "nguyen van an",
                                 date(1985, 2, 1), "rejected", datetime(2026, 11, 20, 3, 0, tzinfo=timezone.utc),
                                 status_note="Không có tên trong danh sách của doanh nghiệp")
    found = StatusAnswer(LookupOutcome.FOUND, masked_name="Nguyễn V. A.", applications=[rejected])
    shown = dialog.handle(reply.state, EffectResult(LOOKUP_EFFECT, found), CTX)
    assert "Không có tên trong danh sách của doanh nghiệp" in shown.screens[0].text


def test_apply_asks_only_what_the_policy_needs() -> None:
    dialog = ApplyDialog()
    reply = dialog.start(CTX, {"policy_id": "nq116_participant"})
    assert reply.state.step == "late"  # NQ 116 was paid in 2021: the applicant is warned first
    reply = dialog.handle(reply.state, ButtonPress("late_go"), CTX)
    answers = [TextInput("Lê Thị Hoa"), TextInput("2/3/1990"), ButtonPress("c:female"), TextInput("001190012345"),
               TextInput("0912345678"), TextInput("phường 1, quận 3, hồ chí minh"), TextInput("5 Lê Lợi"),
               TextInput("Công ty A"), TextInput("0"), ButtonPress("c:cash")]
    for event in answers:
        reply = dialog.handle(reply.state, event, CTX)
    assert reply.state.step == "summary"
    asked = set(reply.state.data["answers"])
    assert "pregnant" not in asked and "children_under_6" not in asked and "period_start" not in asked
    submit = dialog.handle(reply.state, ButtonPress("submit"), CTX)
    assert submit.effect is not None and submit.effect.payload["draft"]["id_number"] == "001190012345"


def test_officer_import_refusal_is_explained_and_ends() -> None:
    dialog = OfficerImportDialog()
    reply = dialog.start(CTX, {"path": "/tmp/x.csv", "filename": "x.csv"})
    reply = dialog.handle(reply.state, ButtonPress("approved"), CTX)
    assert reply.effect is not None and reply.effect.name == INSPECT
    refused = dialog.handle(reply.state, EffectResult(INSPECT, {"refused": True, "code": "missing_columns",
                                                               "params": {"missing": ["id_number"], "recognised": {}}}), CTX)
    assert refused.state is None and "không tìm thấy cột số CCCD/CMND" in refused.screens[0].text

