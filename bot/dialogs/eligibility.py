"""/kiemtra: find out which support a person qualifies for, how much, and on what legal basis.

The flow is driven by the rules engine, not by a fixed questionnaire: after the person says what
happened to them, the engine names the next fact it needs, the dialog asks it (buttons first,
free text understood), and so on until every relevant policy is decided.  The person then sees
their answers, may change any of them, and gets the verdict.

"Không biết" is accepted for yes/no questions: the dialog goes on with the questions either answer
would need, and the verdict says which policies depend on it and what each answer would mean
(:mod:`bot.dialogs.conditional`).  After the verdict, "Nộp hồ sơ ngay" hands the policy and every
answer to the application, which then asks only what is missing.

Steps (string ids, saved with the answers at every step):
  situation -> ask (one fact at a time) -> review -> [edit_pick -> ask -> review] -> verdict
  -> (apply: hands off to /nophoso)
"""

from __future__ import annotations

from itertools import product
from typing import Any

from bot.dialogs import menu
from bot.dialogs.answers import (
    UNKNOWN, AnswerError, answer_text, fact_buttons, kind_for_fact, parse_answer, question_for_fact,
)
from bot.dialogs.conditional import MAX_UNKNOWN, Branch, conditional_screens
from bot.dialogs.core import (
    Button, ButtonPress, DialogContext, DialogState, Event, Handoff, Reply, Screen, TextInput,
)
from bot.dialogs.policy_labels import policy_button_label
from bot.dialogs.verdict import render_verdicts
from bot.parsing import match_choice
from bot.rules import RuleBook, SituationResult, evaluate_situation

NAME = "eligibility"
APPLY_DIALOG = "apply"
BACK, CANCEL, SHOW, EDIT, DONE = "back", "cancel", "show", "edit", "done"
APPLY_PREFIX = "apply:"


class EligibilityDialog:
    name = NAME

    # -- entry points ---------------------------------------------------------------------

    def start(self, ctx: DialogContext, args: dict[str, Any] | None = None) -> Reply:
        state = DialogState(NAME, "situation", 1, {"situation": None, "answers": {}, "history": []})
        situation = (args or {}).get("situation")
        if situation and _situation_exists(ctx.rules, situation):
            return self._advance(state.with_data(situation=situation), ctx)
        return Reply((self._situation_screen(ctx),), state)

    def render(self, state: DialogState, ctx: DialogContext) -> Reply:
        if state.step == "situation":
            return Reply((self._situation_screen(ctx),), state)
        if state.step == "ask":
            return Reply((self._question_screen(state, ctx),), state)
        if state.step == "edit_pick":
            return Reply((self._edit_pick_screen(state, ctx),), state)
        if state.step == "verdict":
            return Reply((self._verdict_screens(state, ctx)[-1],), state)
        return Reply((self._review_screen(state, ctx),), state)

    def handle(self, state: DialogState, event: Event, ctx: DialogContext) -> Reply:
        if isinstance(event, ButtonPress) and event.value == CANCEL:
            return Reply((menu.cancelled(ctx.tr, had_dialog=True, features=_features(ctx)),), None)
        if isinstance(event, ButtonPress) and event.value == BACK:
            return self._back(state, ctx)
        step_handler = {
            "situation": self._on_situation,
            "ask": self._on_answer,
            "review": self._on_review,
            "edit_pick": self._on_edit_pick,
            "verdict": self._on_verdict,
        }.get(state.step)
        if step_handler is None:
            return self.render(state, ctx)
        return step_handler(state, event, ctx)

    # -- steps ------------------------------------------------------------------------------

    def _on_situation(self, state: DialogState, event: Event, ctx: DialogContext) -> Reply:
        choice = _choose_situation(ctx.rules, event, ctx)
        if choice is None:
            hint = ctx.tr._("Please choose one of the buttons, or type its number.")
            return Reply((Screen(hint), self._situation_screen(ctx)), state)
        return self._advance(state.with_data(situation=choice, answers={}, history=[]), ctx)

    def _on_answer(self, state: DialogState, event: Event, ctx: DialogContext) -> Reply:
        fact_id = state.data["current"]
        fact = ctx.rules.facts[fact_id]
        try:
            value = parse_answer(fact, event, ctx, answers=state.data["answers"], pending=state.data.get("pending"))
            others = [k for k, v in state.data["answers"].items() if v == UNKNOWN and k != fact_id]
            if value == UNKNOWN and len(others) >= MAX_UNKNOWN:
                raise AnswerError("unknown_too_many", n=MAX_UNKNOWN)
        except AnswerError as error:
            kept = state.with_data(pending=error.pending) if error.pending else state
            if error.code in ("unknown_not_allowed", "unknown_too_many") and fact.help:
                return Reply((Screen(error.message(ctx.tr) + "\n\n" + ctx.tr._(fact.help)),
                              self._question_screen(kept, ctx)), kept)
            return Reply((Screen(error.message(ctx.tr)), self._question_screen(kept, ctx)), kept)
        answers = dict(state.data["answers"])
        answers[fact_id] = value
        history = [f for f in state.data["history"] if f != fact_id] + [fact_id]
        return self._advance(state.with_data(answers=answers, history=history, pending=None), ctx)

    def _on_review(self, state: DialogState, event: Event, ctx: DialogContext) -> Reply:
        if isinstance(event, ButtonPress) and event.value == SHOW:
            shown = state.at("verdict")
            # the dialog stays open only while its "apply for this policy" buttons can be used
            return Reply(tuple(self._verdict_screens(shown, ctx)), shown if self._applicable(state, ctx) else None)
        if isinstance(event, ButtonPress) and event.value == EDIT:
            return Reply((self._edit_pick_screen(state, ctx),), state.at("edit_pick"))
        hint = ctx.tr._("Please use the buttons below the summary.")
        return Reply((Screen(hint), self._review_screen(state, ctx)), state)

    def _on_edit_pick(self, state: DialogState, event: Event, ctx: DialogContext) -> Reply:
        if isinstance(event, ButtonPress) and event.value == DONE:
            return Reply((self._review_screen(state, ctx),), state.at("review"))
        if isinstance(event, ButtonPress) and event.value == "situation":
            return Reply((self._situation_screen(ctx),), state.at("situation"))
        if isinstance(event, ButtonPress) and event.value in state.data["answers"]:
            asked = state.at("ask", current=event.value)
            return Reply((self._question_screen(asked, ctx),), asked)
        return Reply((self._edit_pick_screen(state, ctx),), state)

    def _on_verdict(self, state: DialogState, event: Event, ctx: DialogContext) -> Reply:
        """After the verdict: "apply for this policy" hands every answer to the application."""
        if isinstance(event, ButtonPress) and event.value.startswith(APPLY_PREFIX):
            policy_id = event.value[len(APPLY_PREFIX):]
            if policy_id in self._applicable(state, ctx):
                args = {"policy_id": policy_id, "situation": state.data["situation"],
                        "facts": dict(state.data["answers"])}
                return Reply((), None, handoff=Handoff(APPLY_DIALOG, args))
        return Reply((self._verdict_screens(state, ctx)[-1],), state)

    def _back(self, state: DialogState, ctx: DialogContext) -> Reply:
        """Undo the last answer and ask that question again."""
        history = list(state.data.get("history", []))
        if state.step in ("edit_pick", "verdict"):
            return Reply((self._review_screen(state, ctx),), state.at("review"))
        if not history:
            return Reply((self._situation_screen(ctx),), state.at("situation", answers={}, history=[]))
        last = history.pop()
        answers = {k: v for k, v in state.data["answers"].items() if k != last}
        asked = state.at("ask", current=last, answers=answers, history=history)
        return Reply((self._question_screen(asked, ctx),), asked)

    # -- helpers ----------------------------------------------------------------------------

    def _advance(self, state: DialogState, ctx: DialogContext) -> Reply:
        """Ask the next fact the engine needs, or show the summary when nothing is missing.

        With "không biết" answers, every combination of them is evaluated and the first fact any of
        them still needs is asked, so the verdict can say what each answer would mean."""
        answers = state.data["answers"]
        next_fact = next((b.result.next_fact for b in self._branches(state, ctx)
                          if b.result.next_fact and b.result.next_fact not in answers), None)
        if next_fact is not None:
            asked = state.at("ask", current=next_fact)
            return Reply((self._question_screen(asked, ctx),), asked)
        reviewed = state.at("review")
        return Reply((self._review_screen(reviewed, ctx),), reviewed)

    def _evaluate(self, state: DialogState, ctx: DialogContext) -> SituationResult:
        return self._branches(state, ctx)[0].result

    def _branches(self, state: DialogState, ctx: DialogContext) -> list[Branch]:
        """One evaluation per combination of the yes/no answers given as "không biết"."""
        answers = state.data["answers"]
        known = {k: _from_json(ctx.rules, k, v) for k, v in answers.items() if v != UNKNOWN}
        unknown = [k for k, v in answers.items() if v == UNKNOWN]
        branches = []
        for combo in product((True, False), repeat=len(unknown)):
            assumed = dict(zip(unknown, combo))
            result = evaluate_situation(ctx.rules, state.data["situation"], {**known, **assumed}, ctx.today)
            branches.append(Branch(assumed, result))
        return branches

    def _verdict_screens(self, state: DialogState, ctx: DialogContext) -> list[Screen]:
        branches = self._branches(state, ctx)
        if len(branches) == 1:
            screens = render_verdicts(branches[0].result, ctx)
        else:
            screens = conditional_screens(branches, ctx, render_verdicts)
        return _with_apply_buttons(screens, self._applicable(state, ctx), ctx)

    def _applicable(self, state: DialogState, ctx: DialogContext) -> list[str]:
        """Policies the person may qualify for under some answer: those they can apply for now."""
        if "apply" not in _features(ctx):
            return []
        found: list[str] = []
        for branch in self._branches(state, ctx):
            for verdict in branch.result.verdicts:
                if _status(verdict) == "eligible" and verdict.policy_id not in found:
                    found.append(verdict.policy_id)
        return found

    def _situation_screen(self, ctx: DialogContext) -> Screen:
        tr = ctx.tr
        rows = tuple((Button(tr._(s.label), f"s:{s.id}"),) for s in ctx.rules.situations)
        text = tr._("<b>Check whether you qualify for support</b>\n\nWhat happened to you? Choose the case "
                    "closest to yours; I will then ask only the questions needed.")
        return Screen(text, rows + ((_cancel_button(ctx),),))

    def _question_screen(self, state: DialogState, ctx: DialogContext) -> Screen:
        fact = ctx.rules.facts[state.data["current"]]
        tr = ctx.tr
        lines = [f"<b>{tr._(fact.question)}</b>"]
        hint = question_for_fact(fact).help_text(tr)
        if hint:
            lines.append(hint)
        current = state.data["answers"].get(fact.id)
        if current is not None:
            lines.append(tr._("Your previous answer: {answer}").format(
                answer=answer_text(fact, _from_json(ctx.rules, fact.id, current), tr)))
        rows = fact_buttons(fact, tr)
        pending = state.data.get("pending") or {}
        if pending.get("month"):
            year, month = pending["month"].split("-")
            lines.append(tr._("You typed the month {month}; now type the day.").format(month=f"{month}/{year}"))
        nav = (Button(tr.pgettext("button", "Back"), BACK), _cancel_button(ctx))
        return Screen("\n\n".join(lines), rows + (nav,))

    def _review_screen(self, state: DialogState, ctx: DialogContext) -> Screen:
        tr = ctx.tr
        lines = [tr._("<b>Please check your answers</b>")]
        situation = _situation(ctx.rules, state.data["situation"])
        lines.append(tr._("Your case: {situation}").format(situation=tr._(situation.label)))
        for fact_id in state.data["history"]:
            if fact_id not in state.data["answers"]:
                continue
            fact = ctx.rules.facts[fact_id]
            value = _from_json(ctx.rules, fact_id, state.data["answers"][fact_id])
            lines.append(f"• {tr._(fact.question)} <b>{answer_text(fact, value, tr)}</b>")
        rows = (
            (Button(tr.pgettext("button", "See the result"), SHOW),),
            (Button(tr.pgettext("button", "Change an answer"), EDIT),),
            (Button(tr.pgettext("button", "Back"), BACK), _cancel_button(ctx)),
        )
        return Screen("\n".join(lines), rows)

    def _edit_pick_screen(self, state: DialogState, ctx: DialogContext) -> Screen:
        tr = ctx.tr
        rows: list[tuple[Button, ...]] = [(Button(tr._("What happened to you"), "situation"),)]
        for fact_id in state.data["history"]:
            if fact_id in state.data["answers"]:
                rows.append((Button(_short(tr._(ctx.rules.facts[fact_id].question)), fact_id),))
        rows.append((Button(tr.pgettext("button", "Back to the summary"), DONE),))
        return Screen(tr._("Which answer do you want to change?"), tuple(rows))


def _features(ctx: DialogContext) -> menu.Menu:
    return ctx.extras.get("features") or menu.Menu()  # the person's menu, from the feature declarations


def _cancel_button(ctx: DialogContext) -> Button:
    return Button(ctx.tr.pgettext("button", "Cancel"), CANCEL)


def _situation_exists(rules: RuleBook, situation_id: str) -> bool:
    return any(s.id == situation_id for s in rules.situations)


def _situation(rules: RuleBook, situation_id: str):  # type: ignore[no-untyped-def]
    return next(s for s in rules.situations if s.id == situation_id)


def _choose_situation(rules: RuleBook, event: Event, ctx: DialogContext) -> str | None:
    """A situation button, its number typed as text, or text that names it ("tam hoan hop dong")."""
    if isinstance(event, ButtonPress) and event.value.startswith("s:"):
        value = event.value[2:]
        return value if _situation_exists(rules, value) else None
    if isinstance(event, TextInput):
        options = [(s.id, (s.label, ctx.tr._(s.label))) for s in rules.situations]
        return match_choice(event.text, options)
    return None


def _from_json(rules: RuleBook, fact_id: str, value: Any) -> Any:
    """Answers are saved as JSON; dates travel as ISO strings (a month as "2021-08")."""
    if value is None or value == UNKNOWN:
        return value
    return kind_for_fact(rules.facts[fact_id]).to_fact(value)


def _status(verdict: Any) -> str:
    return str(getattr(verdict.status, "value", verdict.status))


def _with_apply_buttons(screens: list[Screen], policy_ids: list[str], ctx: DialogContext) -> list[Screen]:
    """Replace the verdict's general "Apply now" by one button per policy the person may apply for,
    so the application starts with that policy and every answer already given."""
    if not screens:
        return screens
    last = screens[-1]
    rows = [row for row in last.buttons if not any(b.value == menu.MENU_APPLY for b in row)]
    apply_rows = [(Button(ctx.tr._("Apply: {policy}").format(policy=policy_button_label(ctx.rules, pid, ctx.tr)),
                          APPLY_PREFIX + pid),) for pid in policy_ids]
    return [*screens[:-1], Screen(last.text, tuple(apply_rows + rows), last.document)]


def _short(text: str, limit: int = 48) -> str:
    text = text.replace("<b>", "").replace("</b>", "")
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


__all__ = ["EligibilityDialog", "NAME"]
