"""The verdict of an eligibility check, as messages: one per policy, eligible ones first.

Each eligible policy shows the estimated amount with its breakdown, the conditions met with
their legal basis, and what to do next (who files, where, which forms and papers, by when).
A refusal names the condition not met and its legal basis.  Points the team could not confirm
against the official text are marked, so nobody mistakes an estimate for a decision.
"""

from __future__ import annotations

import html

from bot.dialogs import menu
from bot.dialogs.core import Button, DialogContext, Screen
from bot.i18n import Translator
from bot.rules import ConditionResult, PolicyVerdict, SituationResult

MAX_MESSAGE = 3900  # Telegram's limit is 4096; keep room for the HTML tags


def render_verdicts(result: SituationResult, ctx: DialogContext) -> list[Screen]:
    tr = ctx.tr
    eligible = [v for v in result.verdicts if _status(v) == "eligible"]
    refused = [v for v in result.verdicts if _status(v) == "not_eligible"]
    screens: list[Screen] = []
    if eligible:
        total = sum(v.total or 0 for v in eligible if not v.deadline_passed)
        head = tr.ngettext("<b>You appear to qualify for {n} support policy.</b>",
                           "<b>You appear to qualify for {n} support policies.</b>", len(eligible)).format(n=len(eligible))
        if total:
            head += "\n" + tr._("Estimated total you can still apply for: <b>{amount}</b>").format(amount=tr.money(total))
        screens.append(Screen(head))
        screens += [Screen(_fit(_eligible_text(v, tr))) for v in eligible]
    else:
        screens.append(Screen(tr._("<b>From your answers, you do not qualify for the support policies "
                                   "that match your case.</b>")))
    if refused:
        screens.append(Screen(_fit(_refused_text(refused, tr))))
    closing = tr._("This is an estimate based on your answers; the competent authority decides. "
                   "If you think a condition was judged wrongly, ask the commune People's Committee or the "
                   "district labour office (Phòng LĐ-TB&XH).")
    features = frozenset(ctx.extras.get("features", ()))
    rows: list[tuple[Button, ...]] = [(Button(tr.pgettext("button", "Check another case"), menu.MENU_CHECK),)]
    if eligible and "apply" in features:
        rows.insert(0, (Button(tr.pgettext("button", "Apply now"), menu.MENU_APPLY),))
    rows.append((Button(tr.pgettext("button", "Main menu"), menu.MENU_HOME),))
    screens.append(Screen(closing, tuple(rows)))
    return screens


def _status(verdict: PolicyVerdict) -> str:
    return str(getattr(verdict.status, "value", verdict.status))


def _eligible_text(v: PolicyVerdict, tr: Translator) -> str:
    lines = [f"✅ <b>{_t(tr, v.title)}</b>", f"<i>{_t(tr, v.document)}</i>"]
    if v.total is not None:
        lines.append(tr._("Estimated amount: <b>{amount}</b>").format(amount=tr.money(v.total)))
    for line in v.amount_lines:
        if line.quantity and line.unit_amount and line.quantity > 1:
            figure = f"{line.quantity} × {tr.money(line.unit_amount)} = {tr.money(line.amount)}"
        else:
            figure = tr.money(line.amount)
        lines.append(f"  • {_t(tr, line.label)}: {figure}")
    lines.append("")
    lines.append(tr._("<b>Conditions met</b>"))
    lines += [_condition_line(c, tr) for c in v.conditions if _cstatus(c) == "met"]
    lines += _notes(v, tr)
    lines.append("")
    lines += _filing(v, tr)
    return "\n".join(lines)


def _refused_text(verdicts: list[PolicyVerdict], tr: Translator) -> str:
    lines = [tr._("<b>Policies you do not qualify for, and why</b>")]
    for v in verdicts:
        lines.append("")
        lines.append(f"❌ <b>{_t(tr, v.title)}</b>")
        for c in v.conditions:
            if _cstatus(c) == "unmet":
                lines.append(_condition_line(c, tr, mark="✘"))
    return "\n".join(lines)


def _condition_line(c: ConditionResult, tr: Translator, mark: str = "✔") -> str:
    line = f"  {mark} {_t(tr, c.text)} — <i>{html.escape(str(c.citation))}</i>"
    if not c.verified:
        line += " " + tr._("(⚠ not yet confirmed against the official text)")
    return line


def _notes(v: PolicyVerdict, tr: Translator) -> list[str]:
    lines = [f"ℹ️ {_t(tr, note)}" for note in v.notes]
    if v.unverified:
        lines.append(tr._("⚠ Part of this result rests on a point we have not yet confirmed against the "
                          "official legal text; the amount may differ."))
    return [""] + lines if lines else []


def _filing(v: PolicyVerdict, tr: Translator) -> list[str]:
    f = v.filing
    lines = [tr._("<b>What to do next</b>")]
    if f is None:
        return []
    lines.append(tr._("Who files: {who}").format(who=_t(tr, f.who)))
    lines.append(tr._("Where: {where}").format(where=_t(tr, f.where)))
    if f.forms:
        lines.append(tr._("Forms: {forms}").format(forms=", ".join(_t(tr, x) for x in f.forms)))
    if f.papers:
        lines.append(tr._("Papers:"))
        lines += [f"  – {_t(tr, p)}" for p in f.papers]
    if v.deadline is not None:
        if v.deadline_passed:
            lines.append(tr._("⏰ The deadline to apply was {date}; it has passed. This shows what you were "
                              "entitled to.").format(date=tr.date(v.deadline)))
        else:
            lines.append(tr._("⏰ Apply by {date}.").format(date=tr.date(v.deadline)))
    elif f.deadline_text:
        lines.append("⏰ " + _t(tr, f.deadline_text))
    return lines


def _cstatus(c: ConditionResult) -> str:
    return str(getattr(c.status, "value", c.status))


def _t(tr: Translator, text: str) -> str:
    """Rule texts are Vietnamese msgids; other languages translate them when they can."""
    return html.escape(tr._(text), quote=False)


def _fit(text: str) -> str:
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 1] + "…"
