"""The /thongke and /trunglap steps without a database: periods, bad input, refusals, restart."""

from __future__ import annotations

from datetime import date

import pytest

from bot.dialogs.core import ButtonPress, DialogContext, EffectResult, TextInput
from bot.dialogs.duplicates import FIND, DuplicatesDialog, DuplicatesOutcome
from bot.dialogs.statistics import EXPORT, StatisticsDialog, StatisticsOutcome, parse_period
from bot.i18n import Translator
from bot.reports.figures import Period
from bot.reports.safe_cells import safe_cell, safe_text
from bot.rules import load_rulebook

CTX = DialogContext(tr=Translator("vi"), today=date(2026, 11, 25), rules=load_rulebook(), user_id=1, chat_id=1)


def test_periods_people_type() -> None:
    assert parse_period("2021", CTX.today) == Period(date(2021, 1, 1), date(2021, 12, 31))
    assert parse_period("1/7/2021 đến 31/12/2021", CTX.today) == Period(date(2021, 7, 1), date(2021, 12, 31))
    assert parse_period("01/07/2021 - 31/12/2021", CTX.today) == Period(date(2021, 7, 1), date(2021, 12, 31))
    for bad in ("hôm qua", "31/12/2021 - 01/07/2021", "01/07/2021"):
        with pytest.raises(ValueError):
            parse_period(bad, CTX.today)


def test_a_year_button_asks_for_the_export_and_bad_text_changes_nothing() -> None:
    dialog = StatisticsDialog()
    state = dialog.start(CTX).state
    assert state is not None
    again = dialog.handle(state, TextInput("tháng trước"), CTX)
    assert again.state == state and again.effect is None and "Chưa đọc được" in again.screens[0].text
    reply = dialog.handle(state, ButtonPress("y:2021"), CTX)
    assert reply.effect is not None and reply.effect.name == EXPORT
    assert reply.effect.payload == {"from": "2021-01-01", "to": "2021-12-31", "group_by": "commune"}


def test_someone_without_an_area_is_refused_and_a_restart_asks_again() -> None:
    dialog = StatisticsDialog()
    state = dialog.start(CTX).state
    assert state is not None
    loading = dialog.handle(state, ButtonPress("all"), CTX).state
    assert loading is not None
    refused = dialog.handle(loading, EffectResult(EXPORT, StatisticsOutcome(None, refused=True)), CTX)
    assert refused.state is None and "dành cho cán bộ" in refused.screens[0].text
    assert dialog.handle(loading, TextInput("?"), CTX).state.step == "period"  # type: ignore[union-attr]
    duplicates = DuplicatesDialog()
    start = duplicates.start(CTX)
    assert start.effect is not None and start.effect.name == FIND
    assert "dành cho cán bộ" in duplicates.handle(start.state, EffectResult(  # type: ignore[arg-type]
        FIND, DuplicatesOutcome(None, refused=True)), CTX).screens[0].text


def test_spreadsheet_text_never_becomes_a_formula() -> None:
    for text in ("=1+1", "+84 90", "-5", "@SUM(A1)", "\tx", "\rx"):
        assert safe_text(text) == "'" + text
    assert safe_text("Nguyễn Văn An") == "Nguyễn Văn An"
    assert safe_cell(3_710_000) == 3_710_000 and safe_cell(None) == ""


def test_in_kind_headers_are_recognised() -> None:
    from bot.lists.aliases import header_key, match_key

    for header, field in (("Gạo (kg)", "rice_kg"), ("Số kg gạo", "rice_kg"), ("Hiện vật", "in_kind_note"),
                          ("Số tiền hỗ trợ", "amount")):
        hit = match_key(header_key(header))
        assert hit is not None and hit.field == field, header
