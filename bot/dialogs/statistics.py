"""/thongke: an officer picks a period and gets the figures of their area, an .xlsx and a chart.

Steps: period (buttons or typed "01/07/2021 - 31/12/2021" or a year) -> [export effect] -> done
(regroup by today's communes or by the old districts of the lists, or stop).  Pure: the effect
is performed by ``bot.services.statistics``, which checks the officer's area.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.dialogs.core import (
    Button, ButtonPress, DialogContext, DialogState, Effect, EffectResult, Event, OutgoingDocument, Reply,
    Screen, TextInput,
)
from bot.i18n import Translator
from bot.parsing.dates import parse_date
from bot.parsing.errors import ParseError
from bot.reports.figures import Figures, GroupBy, Period, StatisticsReport
from bot.reports.statistics_xlsx import period_text

NAME = "statistics"
EXPORT = "statistics_export"
STOP = "stop"
ALL = "all"
YEAR_PREFIX = "y:"
GROUP_PREFIX = "g:"


@dataclass(frozen=True)
class StatisticsOutcome:
    """What the export effect hands back: the files, or why there are none."""

    report: StatisticsReport | None
    xlsx: bytes = b""
    chart_png: bytes | None = None
    refused: bool = False  # the caller covers no area (not an officer, or no area known yet)


def parse_period(text: str, today: date) -> Period:
    """ "2021", "01/07/2021 - 31/12/2021", "1/7/2021 đến 31/12/2021"; ValueError when unreadable."""
    cleaned = text.strip()
    if re.fullmatch(r"(19|20)\d\d", cleaned):
        year = int(cleaned)
        return Period(date(year, 1, 1), date(year, 12, 31))
    parts = [p for p in re.split(r"\s*(?:-|–|—|đến|den|to|tới)\s*", cleaned, flags=re.IGNORECASE) if p]
    if len(parts) != 2:
        raise ValueError("a period is two dates")
    try:
        return Period(parse_date(parts[0], today=today), parse_date(parts[1], today=today))
    except ParseError as error:
        raise ValueError(str(error)) from error


class StatisticsDialog:
    name = NAME

    def start(self, ctx: DialogContext, args: dict[str, Any] | None = None) -> Reply:
        return Reply((_period_screen(ctx),), DialogState(NAME, "period", 1, {}))

    def render(self, state: DialogState, ctx: DialogContext) -> Reply:
        if state.step == "period":
            return Reply((_period_screen(ctx),), state)
        if state.step == "done":
            return Reply((Screen(ctx.tr._("Statistics sent above."), _done_buttons(ctx.tr, state)),), state)
        return Reply((Screen(ctx.tr._("Please wait…")),), state)

    def handle(self, state: DialogState, event: Event, ctx: DialogContext) -> Reply:
        tr = ctx.tr
        if isinstance(event, EffectResult) and event.name == EXPORT:
            return _result(state, event.value, ctx)
        if isinstance(event, ButtonPress) and event.value == STOP:
            return Reply((Screen(tr._("Statistics closed.")),), None)
        if state.step == "period":
            period = _chosen_period(event, ctx)
            if period is None:
                return Reply((Screen(tr._("I could not read that period. Type two dates like "
                                          "01/07/2021 - 31/12/2021, a year like 2021, or press a button.")),
                              _period_screen(ctx)), state)
            return _export(state, period, GroupBy.COMMUNE)
        if state.step == "done" and isinstance(event, ButtonPress) and event.value.startswith(GROUP_PREFIX):
            period = Period(_date(state.data.get("from")), _date(state.data.get("to")))
            return _export(state, period, GroupBy(event.value.removeprefix(GROUP_PREFIX)))
        if state.step == "loading":  # interrupted by a restart: ask again
            return Reply((_period_screen(ctx),), state.at("period"))
        return self.render(state, ctx)


def _date(value: object) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) and value else None


def _export(state: DialogState, period: Period, group_by: GroupBy) -> Reply:
    data = {"from": period.start.isoformat() if period.start else None,
            "to": period.end.isoformat() if period.end else None, "group_by": str(group_by)}
    return Reply((), state.at("loading", **data), Effect(EXPORT, data))


def _chosen_period(event: Event, ctx: DialogContext) -> Period | None:
    if isinstance(event, ButtonPress):
        if event.value == ALL:
            return Period()
        if event.value.startswith(YEAR_PREFIX) and event.value[2:].isdigit():
            year = int(event.value[2:])
            return Period(date(year, 1, 1), min(date(year, 12, 31), ctx.today))
        return None
    if isinstance(event, TextInput):
        try:
            return parse_period(event.text, ctx.today)
        except ValueError:
            return None
    return None


def _period_screen(ctx: DialogContext) -> Screen:
    tr = ctx.tr
    years = (ctx.today.year, ctx.today.year - 1, 2021, 2020)
    buttons = tuple(Button(str(y), f"{YEAR_PREFIX}{y}") for y in dict.fromkeys(years))
    return Screen(tr._("<b>Statistics of your area.</b> Choose the period, or type two dates "
                       "(01/07/2021 - 31/12/2021):"),
                  (buttons, (Button(tr.pgettext("button", "All time"), ALL),
                             Button(tr.pgettext("button", "Stop"), STOP))))


def _done_buttons(tr: Translator, state: DialogState) -> tuple[tuple[Button, ...], ...]:
    other = GroupBy.COMMUNE if state.data.get("group_by") == GroupBy.OLD_DISTRICT else GroupBy.OLD_DISTRICT
    label = (tr.pgettext("button", "By old district") if other is GroupBy.OLD_DISTRICT
             else tr.pgettext("button", "By commune of today"))
    return ((Button(label, GROUP_PREFIX + other), Button(tr.pgettext("button", "Done"), STOP)),)


def _result(state: DialogState, outcome: StatisticsOutcome, ctx: DialogContext) -> Reply:
    tr = ctx.tr
    if outcome.refused or outcome.report is None:
        return Reply((Screen(tr._("Statistics are for officers with an area. Ask the province office "
                                  "to add you.")),), None)
    report = outcome.report
    done = state.at("done")
    slug = f"thong-ke-{report.area.ward_code or report.area.province_code}"
    screens = [Screen(summary_text(report, tr)),
               Screen("", document=OutgoingDocument(f"{slug}.xlsx", outcome.xlsx, tr._("Report (.xlsx)")))]
    if outcome.chart_png is not None:
        screens.append(Screen("", document=OutgoingDocument(f"{slug}.png", outcome.chart_png,
                                                            tr._("Paid against approved, by area"))))
    screens.append(Screen(tr._("What next?"), _done_buttons(tr, done)))
    return Reply(tuple(screens), done)


def _line(tr: Translator, title: str, f: Figures) -> str:
    return tr._("• {title}: {approved} approved ({amount}), {paid} paid ({paid_amount})").format(
        title=html.escape(title), approved=tr.number(f.people_approved), amount=tr.money(f.amount_approved),
        paid=tr.number(f.people_paid), paid_amount=tr.money(f.amount_paid))


def summary_text(report: StatisticsReport, tr: Translator) -> str:
    """The figures in the chat: totals first, then per policy; the .xlsx has every sub-area."""
    t = report.total
    share = f"{100 * t.share_paid:.1f}" if t.share_paid is not None else "—"
    lines = [
        tr._("<b>Statistics: {area}</b>").format(area=html.escape(report.area_name)),
        tr._("Period: {period}").format(period=period_text(report, tr)),
        tr._("Applications: {received} received, {approved} approved, {rejected} rejected, "
             "{overdue} overdue (past the processing time of their policy, as in /duyet)").format(
            received=tr.number(t.received), approved=tr.number(t.approved_apps), rejected=tr.number(t.rejected),
            overdue=tr.number(t.overdue)),
        tr._("Approved: {people} people, {amount}").format(people=tr.number(t.people_approved),
                                                            amount=tr.money(t.amount_approved)),
        tr._("Paid: {people} people, {amount} ({share}% of the approved amount)").format(
            people=tr.number(t.people_paid), amount=tr.money(t.amount_paid), share=share),
        tr._("In kind: {rice} kg of rice approved, {rice_paid} kg handed over, {gifts} other gifts").format(
            rice=tr.number(t.rice_kg_approved), rice_paid=tr.number(t.rice_kg_paid), gifts=tr.number(t.gifts)),
    ]
    if report.policies:
        lines.append(tr._("By policy:"))
        lines += [_line(tr, tr._(report.policy_name(p)), report.of_policy(p)) for p in report.policies]
    return "\n".join(lines)
