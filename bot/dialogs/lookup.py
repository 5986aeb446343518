"""/tracuu: "was I approved / have I been paid?", answered only to someone who knows the person.

Steps: [gate] -> id -> [gate] -> birth_date (or: birth_year -> name) -> (phone) -> [lookup effect] -> result
The limits are checked first (the gate effect), so a chat that must wait is told before it types
anything, and an ID number paused after many failures asks for the phone number on file as well.
The answer for a wrong second fact is word for word the answer for an unknown number.  After a
successful lookup the person may ask to be told when the status changes (subscribe effect).
"""

from __future__ import annotations

from bot.parsing.text import ascii_digits

import html
from datetime import date, timedelta
from typing import Any

from bot.dialogs import menu
from bot.dialogs.core import (
    Button, ButtonPress, DialogContext, DialogState, Effect, EffectResult, Event, Reply, Screen, TextInput,
)
from bot.dialogs.parse_errors import parse_error_message
from bot.i18n import Translator
from bot.parsing import ParseError, normalize_name, normalize_phone, parse_date, parse_person_id
from bot.domain.applications import ApplicationStatus
from bot.domain.status import GateOutcome, LookupGate, LookupOutcome, Proof, StatusAnswer

NAME = "lookup"
LOOKUP_EFFECT = "status_lookup"
SUBSCRIBE_EFFECT = "status_subscribe"
GATE_EFFECT = "status_gate"
BACK, CANCEL, YEAR_ONLY, SUBSCRIBE, AGAIN = "back", "cancel", "year", "sub", "again"
PREVIOUS = {"birth_date": "id", "birth_year": "birth_date", "name": "birth_year", "phone": "birth_date"}


class LookupDialog:
    name = NAME

    def start(self, ctx: DialogContext, args: dict[str, Any] | None = None) -> Reply:
        return Reply((), DialogState(NAME, "opening", 1, {}), Effect(GATE_EFFECT, {}))

    def _opened(self, state: DialogState, ctx: DialogContext) -> Reply:
        asked = state.at("id")
        intro = ctx.tr._("<b>Look up your approval and payment</b>\n\nTo protect everyone's data, I answer "
                         "only when you give both the ID number and the person's birth date.")
        question = self._ask(asked, ctx)
        return Reply((Screen(intro + "\n\n" + question.text, question.buttons),), asked)

    def render(self, state: DialogState, ctx: DialogContext) -> Reply:
        if state.step == "result":
            return Reply((self._result_buttons(ctx, subscribed=False),), state)
        return Reply((self._ask(state, ctx),), state)

    def handle(self, state: DialogState, event: Event, ctx: DialogContext) -> Reply:
        tr = ctx.tr
        if isinstance(event, ButtonPress) and event.value == CANCEL:
            return Reply((menu.cancelled(tr, had_dialog=True, features=_features(ctx)),), None)
        if isinstance(event, ButtonPress) and event.value == BACK and state.step in PREVIOUS:
            back = state.at(PREVIOUS[state.step])
            return Reply((self._ask(back, ctx),), back)
        if isinstance(event, EffectResult):
            if event.name == GATE_EFFECT:
                return self._on_gate(state, event.value, ctx)
            return self._on_effect(state, event, ctx)
        if state.step == "opening":  # interrupted before the gate answered: ask it again
            return Reply((), state, Effect(GATE_EFFECT, {}))
        if state.step == "checking":
            return Reply((), state, Effect(GATE_EFFECT, {"id_number": state.data["id_number"]}))
        if state.step == "result":
            return self._on_result_button(state, event, ctx)
        if isinstance(event, ButtonPress) and event.value == YEAR_ONLY and state.step == "birth_date":
            asked = state.at("birth_year")
            return Reply((self._ask(asked, ctx),), asked)
        if not isinstance(event, TextInput):
            return Reply((self._ask(state, ctx),), state)
        try:
            return self._on_text(state, event.text, ctx)
        except ParseError as error:
            return Reply((Screen(_id_error(tr, error)), self._ask(state, ctx)), state)

    def _on_text(self, state: DialogState, text: str, ctx: DialogContext) -> Reply:
        tr = ctx.tr
        if state.step == "id":
            pid = parse_person_id(text)
            checking = state.at("checking", id_number=pid.number)
            return Reply((), checking, Effect(GATE_EFFECT, {"id_number": pid.number}))
        if state.step == "birth_date":
            born = parse_date(text, today=ctx.today, allow_future=False)
            return self._proved(state.with_data(birth_date=born.isoformat(), birth_year=None, name=None), ctx)
        if state.step == "birth_year":
            year = text.strip()
            if not (ascii_digits(year) and 1900 <= int(year) <= ctx.today.year):
                return Reply((Screen(tr._("Please type a birth year with four digits, e.g. 1985.")),
                              self._ask(state, ctx)), state)
            asked = state.at("name", birth_year=int(year))
            return Reply((self._ask(asked, ctx),), asked)
        if state.step == "name":
            name = normalize_name(text)
            return self._proved(state.with_data(birth_date=None, name=name), ctx)
        if state.step == "phone":
            try:
                phone = normalize_phone(text)
            except ParseError:
                return Reply((Screen(tr._("That is not a Vietnamese phone number; type it as on the application, "
                                          "e.g. 0912 345 678.")), self._ask(state, ctx)), state)
            return self._lookup(state, phone)
        return Reply((self._ask(state, ctx),), state)

    def _proved(self, state: DialogState, ctx: DialogContext) -> Reply:
        """The second fact is in: look up, or first ask the phone when this ID number is paused."""
        if state.data.get("needs_phone"):
            asked = state.at("phone")
            return Reply((self._ask(asked, ctx),), asked)
        return self._lookup(state, None)

    def _lookup(self, state: DialogState, phone: str | None) -> Reply:
        born = state.data.get("birth_date")
        payload = {"id_number": state.data["id_number"], "birth_date": date.fromisoformat(born) if born else None,
                   "birth_year": state.data.get("birth_year") if not born else None,
                   "name": state.data.get("name") if not born else None, "phone": phone}
        return Reply((), state.at("searching"), Effect(LOOKUP_EFFECT, payload))

    def _on_gate(self, state: DialogState, gate: LookupGate, ctx: DialogContext) -> Reply:
        if gate.outcome is GateOutcome.CHAT_LIMITED:
            return Reply((Screen(_chat_limited_text(ctx.tr, gate), _home_rows(ctx)),), None)
        if state.step == "opening":
            return self._opened(state, ctx)
        minutes = _minutes(gate.retry_after)
        asked = state.at("birth_date", needs_phone=gate.outcome is GateOutcome.NEEDS_PHONE, wait_minutes=minutes)
        screens = (Screen(_paused_text(ctx.tr, minutes)),) if asked.data["needs_phone"] else ()
        return Reply((*screens, self._ask(asked, ctx)), asked)

    def _on_effect(self, state: DialogState, event: EffectResult, ctx: DialogContext) -> Reply:
        tr = ctx.tr
        if event.name == SUBSCRIBE_EFFECT:
            text = (tr._("Done. I will write to you here when this person's status changes: when a payment is "
                         "recorded or an application is decided.") if event.value
                    else tr._("You are already following this person's status."))
            return Reply((Screen(text, _home_rows(ctx)),), None)
        answer: StatusAnswer = event.value
        if answer.outcome is LookupOutcome.LIMITED:
            return Reply((Screen(_chat_limited_text(tr, LookupGate(GateOutcome.CHAT_LIMITED, answer.retry_after)),
                                 _home_rows(ctx)),), None)
        if answer.outcome is LookupOutcome.NEEDS_PHONE:  # paused since the gate was checked
            minutes = _minutes(answer.retry_after)
            asked = state.at("phone", needs_phone=True, wait_minutes=minutes)
            return Reply((Screen(_paused_text(tr, minutes)), self._ask(asked, ctx)), asked)
        if answer.outcome is not LookupOutcome.FOUND:
            return Reply((Screen(_not_found_text(tr), _retry_rows(ctx)),), None)
        done = state.at("result", id_number=state.data["id_number"], birth_date=None, birth_year=None,
                        name=None)
        buttons = self._result_buttons(ctx, subscribed=False)
        return Reply((Screen(_found_text(answer, ctx) + "\n\n" + buttons.text, buttons.buttons),), done)

    def _on_result_button(self, state: DialogState, event: Event, ctx: DialogContext) -> Reply:
        if isinstance(event, ButtonPress) and event.value == SUBSCRIBE:
            return Reply((), state.at("subscribing"), Effect(SUBSCRIBE_EFFECT, {"id_number": state.data["id_number"]}))
        if isinstance(event, ButtonPress) and event.value == AGAIN:
            return self.start(ctx)
        return Reply((self._result_buttons(ctx, subscribed=False),), state)

    def _result_buttons(self, ctx: DialogContext, *, subscribed: bool) -> Screen:
        tr = ctx.tr
        rows = (
            (Button(tr.pgettext("button", "Tell me when this changes"), SUBSCRIBE),),
            (Button(tr.pgettext("button", "Look up someone else"), AGAIN),),
            (Button(tr.pgettext("button", "Main menu"), menu.MENU_HOME),),
        )
        return Screen(tr._("Do you want me to tell you when the payment is made or the application is decided?"), rows)

    def _ask(self, state: DialogState, ctx: DialogContext) -> Screen:
        tr = ctx.tr
        nav = (Button(tr.pgettext("button", "Back"), BACK), Button(tr.pgettext("button", "Cancel"), CANCEL))
        if state.step == "id":
            return Screen(tr._("Type the ID number: the 12-digit CCCD or the old 9-digit CMND."),
                          ((Button(tr.pgettext("button", "Cancel"), CANCEL),),))
        if state.step == "birth_date":
            return Screen(tr._("Type the person's birth date, e.g. 15/7/1985."),
                          ((Button(tr.pgettext("button", "I only know the birth year"), YEAR_ONLY),), nav))
        if state.step == "birth_year":
            return Screen(tr._("Type the birth year, e.g. 1985."), (nav,))
        if state.step == "name":
            return Screen(tr._("Type the person's full name as on the ID card, e.g. Nguyễn Thị Lan."), (nav,))
        if state.step == "phone":
            return Screen(tr._("Type the phone number given in the application, e.g. 0912 345 678. If this person "
                               "has not applied through this bot, please try again in {minutes} minutes.").format(
                minutes=state.data.get("wait_minutes") or 60), (nav,))
        return Screen(tr._("Please wait…"))


def _found_text(answer: StatusAnswer, ctx: DialogContext) -> str:
    tr = ctx.tr
    lines = [tr._("<b>Results for {name}</b>").format(name=html.escape(answer.masked_name))]
    paid_by_policy: dict[str, list[Any]] = {}
    for payment in answer.payments:
        paid_by_policy.setdefault(payment.policy_id, []).append(payment)
    for approval in answer.approvals:
        lines.append("")
        lines.append(tr._("✅ On the approved list: <b>{policy}</b>").format(policy=_policy_title(ctx, approval.policy_id)))
        decision = approval.decision_number or tr._("(no number)")
        when = tr.date(approval.decision_date) if approval.decision_date else tr._("(no date)")
        lines.append(tr._("Decision {number} of {date}; amount {amount}").format(
            number=html.escape(decision), date=when, amount=tr.money(approval.amount)))
        payments = paid_by_policy.pop(approval.policy_id, [])
        lines += [_payment_line(tr, p) for p in payments] or [tr._("💤 Not paid yet.")]
    for policy_id, payments in paid_by_policy.items():
        lines.append("")
        lines.append(tr._("Payment recorded for <b>{policy}</b>").format(policy=_policy_title(ctx, policy_id)))
        lines += [_payment_line(tr, p) for p in payments]
    for application in answer.applications:
        lines.append("")
        lines.append(tr._("📄 Application {code} for <b>{policy}</b>, sent on {date}: {status}").format(
            code=application.reference_code, policy=_policy_title(ctx, application.policy_id),
            date=tr.date(application.submitted_at.date()), status=application_status_text(tr, application.status)))
        if application.status == ApplicationStatus.REJECTED and application.status_note:
            lines.append(tr._("Reason given by the office: {reason}").format(reason=html.escape(application.status_note)))
    if not answer.approvals and not answer.applications:
        lines.append(tr._("Not on an approved list yet."))
    return "\n".join(lines)


def application_status_text(tr: Translator, status: str) -> str:
    return {
        "submitted": tr._("received, waiting for review"),
        "approved": tr._("approved"),
        "rejected": tr._("not approved"),
        "returned": tr._("sent back: a paper is missing (see the message about it)"),
    }.get(status, status)


def _payment_line(tr: Translator, payment: Any) -> str:
    payer = f" ({html.escape(payment.payer)})" if payment.payer else ""
    return tr._("💵 Paid {amount} on {date}{payer}").format(
        amount=tr.money(payment.amount), date=tr.date(payment.paid_date), payer=payer)


def _minutes(wait: timedelta | None) -> int:
    return max(1, int(wait.total_seconds() // 60)) if wait else 60


def _chat_limited_text(tr: Translator, gate: LookupGate) -> str:
    return tr._("Too many unsuccessful lookups from this chat. To protect people's data, please try again "
                "in {minutes} minutes.").format(minutes=_minutes(gate.retry_after))


def _paused_text(tr: Translator, minutes: int) -> str:
    return tr._("Many unsuccessful lookups were made today for this ID number. To protect the person, I will "
                "also ask for the phone number on file, or you can try again in {minutes} minutes.").format(
        minutes=minutes)


def _not_found_text(tr: Translator) -> str:
    return tr._("I found no record matching both the ID number and the date you gave. If you applied recently, "
                "the list may not be updated yet. Please check the numbers, or ask the People's Committee of your "
                "commune or ward.")


def _policy_title(ctx: DialogContext, policy_id: str) -> str:
    policy = ctx.rules.policies.get(policy_id)
    return html.escape(ctx.tr._(policy.title) if policy else policy_id)


def _id_error(tr: Translator, error: ParseError) -> str:
    if error.code.startswith("id_"):
        return tr._("That is not a valid ID number: a CCCD has 12 digits, an old CMND 9 digits.")
    return parse_error_message(tr, error)


def _home_rows(ctx: DialogContext) -> tuple[tuple[Button, ...], ...]:
    return ((Button(ctx.tr.pgettext("button", "Main menu"), menu.MENU_HOME),),)


def _retry_rows(ctx: DialogContext) -> tuple[tuple[Button, ...], ...]:
    return ((Button(ctx.tr.pgettext("button", "Try again"), menu.MENU_LOOKUP),),) + _home_rows(ctx)


def _features(ctx: DialogContext) -> menu.Menu:
    return ctx.extras.get("features") or menu.Menu()  # the person's menu, from the feature declarations


# The wording the public web page (``/tra-cuu``, bot.web.lookup) shares with this dialog.
found_text = _found_text
not_found_text = _not_found_text
input_error_text = _id_error
paused_text = _paused_text
minutes_of = _minutes

__all__ = ["LookupDialog", "NAME", "LOOKUP_EFFECT", "SUBSCRIBE_EFFECT", "found_text", "not_found_text",
           "input_error_text", "paused_text", "minutes_of"]
