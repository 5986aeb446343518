"""/trunglap: counts of possible duplicates in the officer's area in the chat, the rows in an .xlsx.

Steps: [find effect] -> counts and file, then the dialog ends.  Pure: the effect is performed by
``bot.services.duplicates``, which checks the area and masks numbers for supervisors.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from bot.dialogs.core import (
    DialogContext, DialogState, Effect, EffectResult, Event, OutgoingDocument, Reply, Screen,
)
from bot.i18n import Translator
from bot.reports.duplicates_xlsx import kind_label
from bot.reports.figures import DuplicateKind, DuplicatesReport

NAME = "duplicates"
FIND = "duplicates_find"


@dataclass(frozen=True)
class DuplicatesOutcome:
    report: DuplicatesReport | None
    xlsx: bytes = b""
    refused: bool = False


class DuplicatesDialog:
    name = NAME

    def start(self, ctx: DialogContext, args: dict[str, Any] | None = None) -> Reply:
        return Reply((), DialogState(NAME, "loading", 1, {}), Effect(FIND, {}))

    def render(self, state: DialogState, ctx: DialogContext) -> Reply:
        return Reply((Screen(ctx.tr._("Please wait…")),), state)

    def handle(self, state: DialogState, event: Event, ctx: DialogContext) -> Reply:
        if isinstance(event, EffectResult) and event.name == FIND:
            return Reply(_result(event.value, ctx.tr), None)
        return Reply((), state.at("loading"), Effect(FIND, {}))  # interrupted by a restart: search again


def counts_text(report: DuplicatesReport, tr: Translator) -> str:
    lines = [tr._("<b>Possible duplicates: {area}</b>").format(area=html.escape(report.area_name))]
    if not report.findings:
        lines.append(tr._("None found."))
        return "\n".join(lines)
    for kind in DuplicateKind:
        count = report.count(kind)
        if count:
            lines.append(f"• {kind_label(kind, tr)}: {tr.number(count)}")
    lines.append(tr._("The records are in the file below; check each one before acting."))
    return "\n".join(lines)


def _result(outcome: DuplicatesOutcome, tr: Translator) -> tuple[Screen, ...]:
    if outcome.refused or outcome.report is None:
        return (Screen(tr._("Duplicate checks are for officers with an area. Ask the province office "
                            "to add you.")),)
    report = outcome.report
    screens = [Screen(counts_text(report, tr))]
    if report.findings:
        slug = report.scope.area.ward_code or report.scope.area.province_code
        screens.append(Screen("", document=OutgoingDocument(f"trung-lap-{slug}.xlsx", outcome.xlsx,
                                                            tr._("Possible duplicates (.xlsx)"))))
    return tuple(screens)
