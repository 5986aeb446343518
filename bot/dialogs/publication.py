"""/congkhai: show the officer's area's figures on the public web page, or hide them.

Steps: [state effect] -> choose (Publish / Hide, Close) -> [set effect] -> done.  Pure: which area
and whether the officer may change it are decided by ``bot.services.publication`` at each effect.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from bot.dialogs.core import (
    Button, ButtonPress, DialogContext, DialogState, Effect, EffectResult, Event, Reply, Screen,
)
from bot.i18n import Translator

NAME = "publication"
STATE = "publication_state"
SET = "publication_set"
PUBLISH, HIDE, CLOSE = "publish", "hide", "close"


class PublicationOutcome(StrEnum):
    SHOWN = "shown"          # the area's current state (after a change, or when asked)
    REFUSED = "refused"      # not an officer who may change data (supervisor, removed officer)


@dataclass(frozen=True)
class PublicationState:
    """What /congkhai shows: the officer's area and whether its figures are public now."""

    outcome: PublicationOutcome
    area_name: str = ""
    published: bool = False
    changed: bool = False


class PublicationDialog:
    name = NAME

    def start(self, ctx: DialogContext, args: dict[str, Any] | None = None) -> Reply:
        return Reply((), DialogState(NAME, "loading", 1, {}), Effect(STATE, {}))

    def render(self, state: DialogState, ctx: DialogContext) -> Reply:
        if state.step == "choose":
            return Reply((), state.at("loading"), Effect(STATE, {}))
        return Reply((Screen(ctx.tr._("Please wait…")),), state)

    def handle(self, state: DialogState, event: Event, ctx: DialogContext) -> Reply:
        tr = ctx.tr
        if isinstance(event, EffectResult) and event.name in (STATE, SET):
            answer: PublicationState = event.value
            if answer.outcome is PublicationOutcome.REFUSED:
                return Reply((Screen(tr._("Only province and commune officers can publish their area's figures.")),),
                             None)
            if event.name == SET:
                return Reply((Screen(_done_text(tr, answer)),), None)
            return Reply((_choice(tr, answer),), state.at("choose"))
        if isinstance(event, ButtonPress) and event.value in (PUBLISH, HIDE) and state.step == "choose":
            return Reply((), state.at("saving"), Effect(SET, {"published": event.value == PUBLISH}))
        if isinstance(event, ButtonPress) and event.value == CLOSE:
            return Reply((Screen(tr._("Nothing was changed.")),), None)
        return Reply((), state.at("loading"), Effect(STATE, {}))  # a stale press or typed text: show it again


def _choice(tr: Translator, answer: PublicationState) -> Screen:
    area = html.escape(answer.area_name)
    if answer.published:
        text = tr._("The figures of <b>{area}</b> are <b>shown</b> on the public web page (people approved and "
                    "paid, amounts, by policy and commune; never anyone's name or number).").format(area=area)
        action = Button(tr.pgettext("button", "Hide from the public page"), HIDE)
    else:
        text = tr._("The figures of <b>{area}</b> are <b>not shown</b> on the public web page. Publishing shows "
                    "people approved and paid and the amounts, by policy and commune; never anyone's name or "
                    "number.").format(area=area)
        action = Button(tr.pgettext("button", "Publish on the public page"), PUBLISH)
    return Screen(text, ((action,), (Button(tr.pgettext("button", "Close"), CLOSE),)))


def _done_text(tr: Translator, answer: PublicationState) -> str:
    area = html.escape(answer.area_name)
    if answer.published:
        return tr._("Done: the figures of <b>{area}</b> are now on the public web page; they follow each "
                    "imported list.").format(area=area)
    return tr._("Done: the figures of <b>{area}</b> are no longer on the public web page.").format(area=area)
