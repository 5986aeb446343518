"""/bosung: an applicant whose application was sent back adds the missing paper's details.

Steps: [find effect] -> (pick, when several) -> answer (typed) -> confirm -> [send effect] -> done.
Pure: the effects are performed by ``bot.services.supplements``, which checks that the application
is the person's own and still waiting.  Reached by the command or by the button under the notice.
"""

from __future__ import annotations

import html
from typing import Any

from bot.dialogs.core import (
    Button, ButtonPress, DialogContext, DialogState, Effect, EffectResult, Event, Reply, Screen, TextInput,
)

NAME = "supplement"
FIND, SEND = "supplement_find", "supplement_send"
PICK, SENDIT, EDIT, CANCEL = "a:", "send", "edit", "cancel"
MAX_TEXT = 1000


class SupplementDialog:
    name = NAME

    def start(self, ctx: DialogContext, args: dict[str, Any] | None = None) -> Reply:
        return Reply((), DialogState(NAME, "loading", 1, {}), Effect(FIND))

    def render(self, state: DialogState, ctx: DialogContext) -> Reply:
        if state.step == "pick":
            return Reply((_pick_screen(state.data["waiting"], ctx),), state)
        if state.step == "answer":
            return Reply((_answer_screen(state.data["chosen"], ctx),), state)
        if state.step == "confirm":
            return Reply((_confirm_screen(state.data["chosen"], state.data["text"], ctx),), state)
        return Reply((Screen(ctx.tr._("Please wait…")),), state)

    def handle(self, state: DialogState, event: Event, ctx: DialogContext) -> Reply:
        tr = ctx.tr
        if isinstance(event, EffectResult):
            return self._on_effect(state, event, ctx)
        if isinstance(event, ButtonPress) and event.value == CANCEL:
            return Reply((Screen(tr._("Nothing was sent. Your application still waits for the paper.")),), None)
        if state.step == "pick" and isinstance(event, ButtonPress) and event.value.startswith(PICK):
            chosen = next((a for a in state.data["waiting"] if f"{PICK}{a['id']}" == event.value), None)
            if chosen is not None:
                return Reply((_answer_screen(chosen, ctx),), state.at("answer", chosen=chosen))
        if state.step == "answer" and isinstance(event, TextInput):
            text = event.text.strip()
            if not text:
                return self.render(state, ctx)
            if len(text) > MAX_TEXT:
                return Reply((Screen(tr._("That is too long: at most {n} characters. Please shorten it.").format(
                    n=MAX_TEXT)),), state)
            return Reply((_confirm_screen(state.data["chosen"], text, ctx),), state.at("confirm", text=text))
        if state.step == "confirm" and isinstance(event, ButtonPress):
            if event.value == SENDIT:
                return Reply((), state.at("sending"), Effect(SEND, {"id": state.data["chosen"]["id"],
                                                                    "text": state.data["text"]}))
            if event.value == EDIT:
                return Reply((_answer_screen(state.data["chosen"], ctx),), state.at("answer"))
        if state.step in ("loading", "sending"):  # interrupted by a restart: look again (sending twice is refused)
            return Reply((), state.at("loading"), Effect(FIND))
        return self.render(state, ctx)

    def _on_effect(self, state: DialogState, event: EffectResult, ctx: DialogContext) -> Reply:
        tr = ctx.tr
        if event.name == FIND:
            waiting = list(event.value or [])
            if not waiting:
                return Reply((Screen(tr._("None of your applications is waiting for a paper. "
                                          "Send /tracuu to see their status.")),), None)
            if len(waiting) == 1:
                return Reply((_answer_screen(waiting[0], ctx),), state.at("answer", waiting=waiting,
                                                                          chosen=waiting[0]))
            return Reply((_pick_screen(waiting, ctx),), state.at("pick", waiting=waiting))
        code = html.escape(state.data["chosen"]["reference_code"])
        if event.value == "back_in_queue":
            return Reply((Screen(tr._("Sent. Application {code} is back with the office, and its time limit counts "
                                      "from today. You will get a message when it is decided; /tracuu shows its "
                                      "status.").format(code=code)),), None)
        return Reply((Screen(tr._("Application {code} is no longer waiting for a paper; nothing was changed. "
                                  "Send /tracuu to see its status.").format(code=code)),), None)


def _pick_screen(waiting: list[dict[str, Any]], ctx: DialogContext) -> Screen:
    tr = ctx.tr
    rows = tuple((Button(a["reference_code"], f"{PICK}{a['id']}"),) for a in waiting)
    return Screen(tr._("Several of your applications wait for a paper. Which one do you answer?"),
                  rows + ((Button(tr.pgettext("button", "Cancel"), CANCEL),),))


def _answer_screen(chosen: dict[str, Any], ctx: DialogContext) -> Screen:
    tr = ctx.tr
    policy = ctx.rules.policies.get(chosen["policy_id"])
    return Screen(tr._("Application {code} ({policy}): the office asked for: {asked}\n\nType what you add: the "
                       "paper's number, date and who issued it, or the information asked for. Bring the original "
                       "when the office asks.").format(
        code=html.escape(chosen["reference_code"]), policy=html.escape(tr._(policy.title) if policy else
                                                                       chosen["policy_id"]),
        asked=html.escape(chosen["asked"] or "—")), ((Button(tr.pgettext("button", "Cancel"), CANCEL),),))


def _confirm_screen(chosen: dict[str, Any], text: str, ctx: DialogContext) -> Screen:
    tr = ctx.tr
    return Screen(tr._("Add this to application {code} and send it back to the office?\n\n{text}").format(
        code=html.escape(chosen["reference_code"]), text=html.escape(text)), (
        (Button(tr.pgettext("button", "Send"), SENDIT), Button(tr.pgettext("button", "Change it"), EDIT)),
        (Button(tr.pgettext("button", "Cancel"), CANCEL),)))
