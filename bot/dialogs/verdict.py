"""The verdict of an eligibility check, as messages: one per policy, eligible ones first.

Each eligible policy shows the estimated amount with its breakdown, the conditions met with
their legal basis, and what to do next (who files, where, which forms and papers, by when).
A refusal names the condition not met and its legal basis.  Points the team could not confirm
against the official text are said in one plain sentence, so nobody mistakes an estimate for a
decision.  Where the conditions are met but the time to file has passed, the verdict says so
plainly and what the law says follows (never a ✅ with an amount still to claim); an amount a
combination rule does not add (NQ 42: one support per person) is shown but not totalled.
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
    late = [v for v in result.verdicts if _status(v) == "eligible" and v.deadline_passed]
    eligible = [v for v in result.verdicts if _status(v) == "eligible" and not v.deadline_passed]
    refused = [v for v in result.verdicts if _status(v) == "not_eligible"]
    screens: list[Screen] = []
    if eligible:
        total = sum(v.payable or 0 for v in eligible)
        head = tr.ngettext("<b>You appear to qualify for {n} support policy.</b>",
                           "<b>You appear to qualify for {n} support policies.</b>", len(eligible)).format(n=len(eligible))
        if total:
            head += "\n" + tr._("Estimated total you can still apply for: <b>{amount}</b>").format(amount=tr.money(total))
        screens.append(Screen(head))
        screens += [Screen(_fit(_eligible_text(v, tr))) for v in eligible]
    elif late:
        screens.append(Screen(tr._("<b>You met the conditions, but the time to file has passed.</b>")))
    else:
        screens.append(Screen(tr._("<b>From your answers, you do not qualify for the support policies "
                                   "that match your case.</b>")))
    screens += [Screen(_fit(_eligible_text(v, tr))) for v in late]
    if refused:
        screens.append(Screen(_fit(_refused_text(refused, tr))))
    closing = tr._("This is an estimate based on your answers; the competent authority decides. "
                   "If you think a condition was judged wrongly, ask the People's Committee of your commune or "
                   "ward.")
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
    """An eligible policy; when its filing deadline passed, the same facts under a plain warning."""
    late = v.deadline_passed
    lines = [f"{'⏰' if late else '✅'} <b>{_t(tr, v.title)}</b>", f"<i>{_t(tr, v.document)}</i>"]
    if late:
        lines += _late_lines(v, tr)
    lines += _amount(v, tr)
    if v.not_added:
        lines.append("ℹ️ " + tr._("Not added to your total: {reason}").format(reason=_t(tr, v.not_added)))
    lines.append("")
    lines.append(tr._("<b>Conditions met</b>"))
    lines += [_condition_line(c, tr) for c in v.conditions if _cstatus(c) == "met"]
    lines += _notes(v, tr)
    lines.append("")
    lines += _filing(v, tr)  # also when late: the employer or a facility may have filed in time
    return "\n".join(lines)


def _late_lines(v: PolicyVerdict, tr: Translator) -> list[str]:
    """Conditions met, deadline passed: say it plainly and what the law in force says follows."""
    assert v.deadline is not None
    lines = [tr._("You met the conditions, but the time to file ended on {date}.").format(date=tr.date(v.deadline))]
    if v.late_filing is not None:
        lines.append(f"{_t(tr, v.late_filing.text)} — <i>{html.escape(str(v.late_filing.citation))}</i>")
        if not v.late_filing.citation.verified:
            lines.append(tr._("⚠ We have not yet confirmed this consequence against the official legal text."))
    else:
        lines.append(tr._("An application filed after the deadline is not accepted."))
    return lines


def _amount(v: PolicyVerdict, tr: Translator) -> list[str]:
    if v.no_figures_before is not None:
        return [tr._("We have no figures before {date}, so we cannot estimate the amount; the employment "
                     "service centre will calculate it.").format(date=tr.date(v.no_figures_before))]
    lines = []
    if v.total is not None and v.deadline_passed:
        lines.append(tr._("For reference, the amount had you filed in time: {amount}").format(
            amount=tr.money(v.total)))
    elif v.total is not None:
        lines.append(tr._("Estimated amount: <b>{amount}</b>").format(amount=tr.money(v.total)))
    for line in v.amount_lines:
        if line.quantity and line.unit_amount and line.quantity > 1:
            figure = f"{line.quantity} × {tr.money(line.unit_amount)} = {tr.money(line.amount)}"
        else:
            figure = tr.money(line.amount)
        cited = f" — <i>{html.escape(str(line.citation))}</i>" if line.citation else ""
        lines.append(f"  • {_filled(tr, line.label, line.template, line.params)}: {figure}{cited}")
    return lines


def _refused_text(verdicts: list[PolicyVerdict], tr: Translator) -> str:
    lines = [tr._("<b>Policies you do not qualify for, and why</b>")]
    for v in verdicts:
        lines.append("")
        lines.append(f"❌ <b>{_t(tr, v.title)}</b>")
        for c in v.conditions:
            if _cstatus(c) == "unmet":
                lines.append(_condition_line(c, tr, mark="✘"))
        if v.unverified:
            lines.append(tr._("⚠ This refusal rests on a point we have not yet confirmed against the official "
                              "legal text; ask the office that handles this support."))
    return "\n".join(lines)


def _condition_line(c: ConditionResult, tr: Translator, mark: str = "✔") -> str:
    """A condition and its clean citation; doubts are said once per verdict (see ``_notes``)."""
    return f"  {mark} {_filled(tr, c.text, c.template, c.params)} — <i>{html.escape(str(c.citation))}</i>"


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
    if v.deadline is not None and v.deadline_passed:
        lines.append(tr._("⏰ The deadline to apply was {date}; it has passed. This shows what you were "
                          "entitled to.").format(date=tr.date(v.deadline)))
    elif v.deadline is not None:
        lines.append(tr._("⏰ Apply by {date}.").format(date=tr.date(v.deadline)))
    elif f.deadline_text:
        lines.append("⏰ " + _t(tr, f.deadline_text))
    return lines


def _cstatus(c: ConditionResult) -> str:
    return str(getattr(c.status, "value", c.status))


def _t(tr: Translator, text: str) -> str:
    """Rule texts are Vietnamese msgids; other languages translate them when they can."""
    return html.escape(tr._(text), quote=False)


def _filled(tr: Translator, text: str, template: str, params: dict[str, str]) -> str:
    """A rule text with values filled in: the catalog knows the template, not the filled text, so
    translate the template and fill it again (the filled Vietnamese text is the fallback)."""
    if not template or template == text:
        return _t(tr, text)
    try:
        return html.escape(tr._(template).format(**params), quote=False)
    except (KeyError, IndexError, ValueError):
        return _t(tr, text)


def _fit(text: str) -> str:
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 1] + "…"
