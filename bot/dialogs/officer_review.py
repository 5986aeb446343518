"""/duyet: officers go through submitted applications one at a time and decide them.

Steps: [next effect] -> card -> (approve | reason -> reject | skip) -> [decide effect] -> next card.
The applicant is told of the decision by the outbox; every decision is audited.  Applications
sharing policy and ID number with another one are shown with the others side by side, so the
officer decides who is who.  Pressing a decision re-checks that the user is still an officer
(here, and again in the service).
"""

from __future__ import annotations

import html
from datetime import date
from typing import Any

from bot.dialogs import menu
from bot.dialogs.core import (
    Button, ButtonPress, DialogContext, DialogState, Effect, EffectResult, Event, Reply, Screen, TextInput,
)
from bot.domain.applications import DecideOutcome
from bot.i18n import Translator
from bot.parsing import mask_id, mask_phone

NAME = "officer_review"
NEXT, DECIDE = "review_next", "review_decide"
APPROVE, REJECT, SKIP, STOP = "approve", "reject", "skip", "stop"


class OfficerReviewDialog:
    name = NAME

    def start(self, ctx: DialogContext, args: dict[str, Any] | None = None) -> Reply:
        state = DialogState(NAME, "loading", 1, {"after": 0})
        return Reply((), state, Effect(NEXT, {"after": 0}))

    def render(self, state: DialogState, ctx: DialogContext) -> Reply:
        if state.step == "card":
            return Reply((_card(state.data["item"], ctx),), state)
        if state.step == "reason":
            return Reply((_reason_screen(ctx),), state)
        return Reply((Screen(ctx.tr._("Please wait…")),), state)

    def handle(self, state: DialogState, event: Event, ctx: DialogContext) -> Reply:
        tr = ctx.tr
        if isinstance(event, EffectResult):
            if event.name == NEXT:
                if not event.value.get("allowed"):
                    return Reply((_not_officer(ctx),), None)
                item = event.value.get("item")
                if item is None:
                    return Reply((Screen(tr._("No application is waiting for review."),
                                         ((Button(tr.pgettext("button", "Main menu"), menu.MENU_HOME),),)),), None)
                shown = state.at("card", item=item, after=item["id"])
                return Reply((_card(item, ctx),), shown)
            outcome = DecideOutcome(event.value)
            if outcome is DecideOutcome.NOT_OFFICER:
                return Reply((_not_officer(ctx),), None)
            note = (tr._("Decision recorded; the applicant will be told.") if outcome is DecideOutcome.DECIDED
                    else tr._("This application was already decided by someone else."))
            return Reply((Screen(note),), state.at("loading"), Effect(NEXT, {"after": state.data["after"]}))
        deciding = (state.step == "card" and isinstance(event, ButtonPress) and event.value in (APPROVE, REJECT)) or (
            state.step == "reason" and isinstance(event, TextInput))
        if deciding and not ctx.extras.get("is_admin"):
            return Reply((_not_officer(ctx),), None)
        if isinstance(event, ButtonPress) and event.value == STOP:
            return Reply((Screen(tr._("Review stopped.")),), None)
        if state.step == "card" and isinstance(event, ButtonPress):
            item = state.data["item"]
            if event.value == APPROVE:
                return Reply((), state.at("deciding"), Effect(DECIDE, {"id": item["id"], "approve": True, "note": ""}))
            if event.value == REJECT:
                return Reply((_reason_screen(ctx),), state.at("reason"))
            if event.value == SKIP:
                return Reply((), state.at("loading"), Effect(NEXT, {"after": item["id"]}))
        if state.step == "reason" and isinstance(event, TextInput) and event.text.strip():
            item = state.data["item"]
            return Reply((), state.at("deciding"),
                         Effect(DECIDE, {"id": item["id"], "approve": False, "note": event.text.strip()[:500]}))
        if state.step in ("loading", "deciding"):  # interrupted by a restart: just show the next one
            return Reply((), state.at("loading"), Effect(NEXT, {"after": state.data.get("after", 0)}))
        return self.render(state, ctx)


def _card(item: dict[str, Any], ctx: DialogContext) -> Screen:
    tr = ctx.tr
    policy = ctx.rules.policies.get(item["policy_id"])
    answers = item.get("answers", {})
    lines = [
        tr._("<b>Application {code}</b> ({pending} waiting)").format(code=item["reference_code"], pending=item.get("pending", 1)),
        tr._("Policy: {policy}").format(policy=html.escape(tr._(policy.title) if policy else item["policy_id"])),
        tr._("Name: {name}, born {date}").format(name=html.escape(item["full_name"]),
                                                 date=tr.date(date.fromisoformat(item["birth_date"]))),
        tr._("ID number: {number}").format(number=mask_id(item["id_number"])),
    ]
    unit = answers.get("address_unit") or {}
    if unit.get("label"):
        lines.append(tr._("Address: {address}").format(address=html.escape(unit["label"])))
    if answers.get("employer_name"):
        lines.append(tr._("Employer: {employer}").format(employer=html.escape(answers["employer_name"])))
    if answers.get("reason"):
        lines.append(tr._("What happened: {reason}").format(reason=html.escape(answers["reason"])))
    others = item.get("others") or []
    if others:
        lines.append("")
        lines.append(tr._("⚠️ <b>Possible duplicate:</b> {count} other application(s) with the same policy and ID "
                          "number. Compare them before deciding; contact the applicants if needed.").format(
            count=len(others)))
        lines.append(_compare_line(tr, item, this=True))
        lines += [_compare_line(tr, other, this=False) for other in others]
    rows = ((Button(tr.pgettext("button", "Approve"), APPROVE), Button(tr.pgettext("button", "Reject"), REJECT)),
            (Button(tr.pgettext("button", "Skip"), SKIP), Button(tr.pgettext("button", "Stop"), STOP)))
    return Screen("\n".join(lines), rows)


def _compare_line(tr: Translator, item: dict[str, Any], *, this: bool) -> str:
    """One application in the side-by-side comparison: who, when, from which phone, what status."""
    text = tr._("{marker} {code}: {name}, born {date}, phone {phone}, sent {sent}, {status}").format(
        marker="▶" if this else "•", code=item["reference_code"], name=html.escape(item["full_name"]),
        date=tr.date(date.fromisoformat(item["birth_date"])), phone=mask_phone(item.get("phone") or ""),
        sent=tr.date(date.fromisoformat(item["submitted_at"][:10])), status=_status_text(tr, item.get("status", "")))
    return text


def _status_text(tr: Translator, status: str) -> str:
    return {"submitted": tr._("waiting for review"), "approved": tr._("approved"),
            "rejected": tr._("not approved")}.get(status, status)


def _not_officer(ctx: DialogContext) -> Screen:
    tr = ctx.tr
    return Screen(tr._("Only officers can review applications, and you are no longer registered as one. "
                       "Nothing was changed."), ((Button(tr.pgettext("button", "Main menu"), menu.MENU_HOME),),))


def _reason_screen(ctx: DialogContext) -> Screen:
    tr = ctx.tr
    return Screen(tr._("Type the reason for the refusal; the applicant will read it."),
                  ((Button(tr.pgettext("button", "Stop"), STOP),),))
