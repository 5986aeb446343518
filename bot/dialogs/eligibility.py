"""/kiemtra: find out which support a person qualifies for, how much, and on what legal basis.

The flow is driven by the rules engine, not by a fixed questionnaire: after the person says what
happened to them, the engine names the next fact it needs, the dialog asks it (buttons first,
free text understood), and so on until every relevant policy is decided.  The person then sees
their answers, may change any of them, and gets the verdict.

Steps (string ids, saved with the answers at every step):
  situation -> ask (one fact at a time) -> review -> [edit_pick -> ask -> review] -> verdict (ends)
"""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.dialogs import menu
from bot.dialogs.core import (
    Button, DialogContext, DialogState, Event, Reply, Screen, ButtonPress, TextInput,
)
from bot.dialogs.answers import AnswerError, answer_text, fact_buttons, kind_of, parse_answer
from bot.dialogs.verdict import render_verdicts
from bot.rules import RuleBook, SituationResult, evaluate_situation

NAME = "eligibility"
BACK, CANCEL, SHOW, EDIT, DONE = "back", "cancel", "show", "edit", "done"


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
        }.get(state.step)
        if step_handler is None:
            return self.render(state, ctx)
        return step_handler(state, event, ctx)

    # -- steps ------------------------------------------------------------------------------

    def _on_situation(self, state: DialogState, event: Event, ctx: DialogContext) -> Reply:
        choice = _choose_situation(ctx.rules, event)
        if choice is None:
            hint = ctx.tr._("Please choose one of the buttons, or type its number.")
            return Reply((Screen(hint), self._situation_screen(ctx)), state)
        return self._advance(state.with_data(situation=choice, answers={}, history=[]), ctx)

    def _on_answer(self, state: DialogState, event: Event, ctx: DialogContext) -> Reply:
        fact_id = state.data["current"]
        fact = ctx.rules.facts[fact_id]
        try:
            value = parse_answer(fact, event, ctx, answers=state.data["answers"])
        except AnswerError as error:
            return Reply((Screen(error.message(ctx.tr)), self._question_screen(state, ctx)), state)
        answers = dict(state.data["answers"])
        answers[fact_id] = value
        history = [f for f in state.data["history"] if f != fact_id] + [fact_id]
        return self._advance(state.with_data(answers=answers, history=history), ctx)

    def _on_review(self, state: DialogState, event: Event, ctx: DialogContext) -> Reply:
        if isinstance(event, ButtonPress) and event.value == SHOW:
            result = self._evaluate(state, ctx)
            screens = render_verdicts(result, ctx)
            return Reply(tuple(screens), None)
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

    def _back(self, state: DialogState, ctx: DialogContext) -> Reply:
        """Undo the last answer and ask that question again."""
        history = list(state.data.get("history", []))
        if state.step == "edit_pick":
            return Reply((self._review_screen(state, ctx),), state.at("review"))
        if not history:
            return Reply((self._situation_screen(ctx),), state.at("situation", answers={}, history=[]))
        last = history.pop()
        answers = {k: v for k, v in state.data["answers"].items() if k != last}
        asked = state.at("ask", current=last, answers=answers, history=history)
        return Reply((self._question_screen(asked, ctx),), asked)

    # -- helpers ----------------------------------------------------------------------------

    def _advance(self, state: DialogState, ctx: DialogContext) -> Reply:
        """Ask the next fact the engine needs, or show the summary when nothing is missing."""
        result = self._evaluate(state, ctx)
        if result.next_fact is not None:
            asked = state.at("ask", current=result.next_fact)
            return Reply((self._question_screen(asked, ctx),), asked)
        reviewed = state.at("review")
        return Reply((self._review_screen(reviewed, ctx),), reviewed)

    def _evaluate(self, state: DialogState, ctx: DialogContext) -> SituationResult:
        facts = {k: _from_json(ctx.rules, k, v) for k, v in state.data["answers"].items()}
        return evaluate_situation(ctx.rules, state.data["situation"], facts, ctx.today)

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
        if fact.help:
            lines.append(tr._(fact.help))
        current = state.data["answers"].get(fact.id)
        if current is not None:
            lines.append(tr._("Your previous answer: {answer}").format(
                answer=answer_text(fact, _from_json(ctx.rules, fact.id, current), tr)))
        rows = fact_buttons(fact, tr)
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


def _choose_situation(rules: RuleBook, event: Event) -> str | None:
    """A situation button, or its number typed as text."""
    if isinstance(event, ButtonPress) and event.value.startswith("s:"):
        value = event.value[2:]
        return value if _situation_exists(rules, value) else None
    if isinstance(event, TextInput) and event.text.strip().isdigit():
        index = int(event.text.strip()) - 1
        if 0 <= index < len(rules.situations):
            return rules.situations[index].id
    return None


def _from_json(rules: RuleBook, fact_id: str, value: Any) -> Any:
    """Answers are saved as JSON; dates travel as ISO strings."""
    if value is not None and kind_of(rules.facts[fact_id]) == "date":
        return date.fromisoformat(value)
    return value


def _short(text: str, limit: int = 48) -> str:
    text = text.replace("<b>", "").replace("</b>", "")
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


__all__ = ["EligibilityDialog", "NAME"]
