"""/thongbao as pure steps: bad HTML refused with a reason, the preview is the message itself, a province needs two yeses."""

from __future__ import annotations

from datetime import date, datetime

from bot.dialogs.broadcast import COUNT, CREATE, LIST, AudienceCount, BroadcastDialog, parse_when
from bot.dialogs.core import ButtonPress, DialogContext, EffectResult, TextInput
from bot.i18n import Translator
from bot.parsing.telegram_html import HtmlProblem, check_html
from bot.rules import load_rulebook

CTX = DialogContext(tr=Translator("vi"), today=date(2026, 11, 25), rules=load_rulebook(), user_id=1, chat_id=1)
TEXT = '<b>Chi trả</b> ngày 05/12, xem <a href="https://example.gov.vn">hướng dẫn</a> & mang <i>CCCD</i>.'


def _to_text_step():  # type: ignore[no-untyped-def]
    dialog = BroadcastDialog()
    reply = dialog.start(CTX)
    assert reply.effect is not None and reply.effect.name == LIST
    return dialog, dialog.handle(reply.state, EffectResult(LIST, []), CTX)


def test_bad_html_gets_a_vietnamese_reason_and_changes_nothing() -> None:
    dialog, reply = _to_text_step()
    before = reply.state
    for bad, words in (("<b>đậm", "chưa được đóng"), ("<script>x</script>", "không hiểu thẻ"),
                       ('<a href="javascript:x">a</a>', "https://")):
        refused = dialog.handle(before, TextInput(bad), CTX)
        assert refused.state == before
        assert words in refused.screens[0].text


def test_preview_shows_the_message_exactly_and_a_province_needs_a_second_confirmation() -> None:
    dialog, reply = _to_text_step()
    reply = dialog.handle(reply.state, TextInput(TEXT), CTX)
    reply = dialog.handle(reply.state, ButtonPress("everyone"), CTX)
    assert reply.effect is not None and reply.effect.name == COUNT
    reply = dialog.handle(reply.state, EffectResult(COUNT, AudienceCount(1234, province_wide=True)), CTX)
    assert "1234 người" in reply.screens[0].text
    reply = dialog.handle(reply.state, ButtonPress("now"), CTX)
    preview, summary = reply.screens
    assert preview.text == TEXT.replace(" & ", " &amp; ") and preview.buttons == ()
    assert "Xác nhận" in [b.label for row in summary.buttons for b in row]
    reply = dialog.handle(reply.state, ButtonPress("ok"), CTX)
    assert reply.effect is None and "toàn tỉnh" in reply.screens[0].text
    reply = dialog.handle(reply.state, ButtonPress("ok"), CTX)
    assert reply.effect is not None and reply.effect.name == CREATE
    assert reply.effect.payload["audience"] == "everyone" and reply.effect.payload["when"] is None
    done = dialog.handle(reply.state, EffectResult(CREATE, 7), CTX)
    assert done.state is None and "#7" in done.screens[0].text


def test_cancel_at_the_preview_sends_nothing() -> None:
    dialog, reply = _to_text_step()
    reply = dialog.handle(reply.state, TextInput("Họp dân 8 giờ"), CTX)
    reply = dialog.handle(reply.state, ButtonPress("applicants:pending"), CTX)
    reply = dialog.handle(reply.state, EffectResult(COUNT, AudienceCount(3, province_wide=False)), CTX)
    reply = dialog.handle(reply.state, TextInput("07:00 05/12"), CTX)
    assert reply.state.data["when"] == "2026-12-05T07:00"
    assert "lúc 07:00" in reply.screens[1].text
    cancelled = dialog.handle(reply.state, ButtonPress("no"), CTX)
    assert cancelled.state is None and cancelled.effect is None


def test_nobody_to_reach_sends_the_officer_back_to_the_choice() -> None:
    dialog, reply = _to_text_step()
    reply = dialog.handle(reply.state, TextInput("x"), CTX)
    reply = dialog.handle(reply.state, ButtonPress("applicants:rejected"), CTX)
    reply = dialog.handle(reply.state, EffectResult(COUNT, AudienceCount(0, province_wide=False)), CTX)
    assert reply.state.step == "audience" and "Không có ai" in reply.screens[0].text


def test_schedule_times() -> None:
    today = date(2026, 11, 25)
    assert parse_when("07:00 05/12", today) == datetime(2026, 12, 5, 7, 0)
    assert parse_when("7h30 5/12/2026", today) == datetime(2026, 12, 5, 7, 30)
    assert parse_when("08:00 02/01", today) == datetime(2027, 1, 2, 8, 0)   # already past this year: next year
    assert parse_when("25:00 05/12", today) is None
    assert parse_when("07:00 01/01/2020", today) is None
    assert parse_when("mai", today) is None


def test_html_checker_accepts_what_telegram_accepts() -> None:
    assert check_html(TEXT.replace(" & ", " &amp; ")).ok
    assert check_html("<b><i>x</i></b>").ok
    assert check_html("<b><i>x</b></i>").problem is HtmlProblem.UNOPENED
    assert check_html("a < b").problem is HtmlProblem.STRAY_BRACKET
    assert check_html("x" * 5000).problem is HtmlProblem.TOO_LONG
