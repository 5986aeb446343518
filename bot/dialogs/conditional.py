"""The verdict when some yes/no answers were "không biết": what the result depends on.

The eligibility dialog evaluates the rules once per combination of the unknown answers (a
:class:`Branch`).  Policies whose verdict and amount are the same in every branch are shown as
usual; for the others the person reads, per policy, under which answers they would qualify and
for how much, and what to find out.  The law decides each branch; we only refuse to guess.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.dialogs.core import DialogContext, Screen
from bot.rules import PolicyVerdict, SituationResult

MAX_UNKNOWN = 3  # 2**3 evaluations at most; beyond that the person should find out first


@dataclass(frozen=True)
class Branch:
    """One combination of assumed answers and the rules' result under it."""

    assumed: dict[str, bool]
    result: SituationResult


def _status(verdict: PolicyVerdict) -> str:
    return str(getattr(verdict.status, "value", verdict.status))


def _outcome(verdict: PolicyVerdict) -> tuple[str, int | None, bool]:
    return _status(verdict), verdict.total, verdict.deadline_passed


def conditional_screens(branches: Sequence[Branch], ctx: DialogContext,
                        render: Callable[[SituationResult, DialogContext], list[Screen]]) -> list[Screen]:
    """The usual verdict for what does not depend on the unknown answers, plus one message for what does."""
    first = branches[0].result
    stable: list[PolicyVerdict] = []
    depends: list[int] = []
    for index, verdict in enumerate(first.verdicts):
        outcomes = {_outcome(b.result.verdicts[index]) for b in branches}
        if len(outcomes) == 1:
            stable.append(verdict)
        else:
            depends.append(index)
    screens = render(SituationResult(first.situation_id, None, stable), ctx)
    if not depends:
        return screens
    tr = ctx.tr
    qualifies_anyway = any(_status(v) == "eligible" for v in stable)
    lines = [tr._("<b>Your result depends on answers you do not know yet</b>")]
    for index in depends:
        verdict = first.verdicts[index]
        lines.append("")
        lines.append(f"❓ <b>{html.escape(tr._(verdict.title), quote=False)}</b>")
        for branch in branches:
            shown = branch.result.verdicts[index]
            condition = "; ".join(
                tr._("“{question}”: {answer}").format(
                    question=html.escape(tr._(ctx.rules.facts[fact_id].question), quote=False),
                    answer=tr.pgettext("button", "Yes") if value else tr.pgettext("button", "No"))
                for fact_id, value in branch.assumed.items())
            if _status(shown) == "eligible" and shown.total:
                outcome = tr._("you would qualify, estimated {amount}").format(amount=tr.money(shown.total))
            elif _status(shown) == "eligible":
                outcome = tr._("you would qualify")
            else:
                outcome = tr._("you would not qualify")
            if shown.deadline_passed:
                outcome += " " + tr._("(but the time to apply has passed)")
            lines.append(tr._("  • If {condition}: {outcome}").format(condition=condition, outcome=outcome))
    lines.append("")
    lines.append(tr._("<b>What to find out</b>"))
    unknown = list(branches[0].assumed)
    for fact_id in unknown:
        fact = ctx.rules.facts[fact_id]
        line = "  – " + html.escape(tr._(fact.question), quote=False)
        if fact.help:
            line += " " + html.escape(tr._(fact.help), quote=False)
        lines.append(line)
    lines.append(tr._("Ask your employer or the People's Committee of your commune or ward; then run /kiemtra "
                      "again with the answer."))
    conditional = Screen("\n".join(lines))
    if not qualifies_anyway:  # "you do not qualify" would be wrong: it depends, so say that first
        return [conditional, *screens[1:]]
    return [*screens[:-1], conditional, screens[-1]]
