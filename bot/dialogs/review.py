"""/duyet: the officer's queue of applications, oldest first with their deadlines, then one
application (beside any other of the same person for the same policy) and the decision.

Steps: [queue effect] -> list -> [card effect] -> card
         card -> approve (amount shown) -> [amount -> amount_reason] -> [decide effect]
         card -> reject_reason (list, or typed) -> [reject_text] -> [decide effect]
         card -> return_paper (the policy's papers, or typed) -> [decide effect]
       -> the list again.

Pure: the effects (see ``bot.services.review_effects``) read and write; every decision is checked
again by the service, so a stale card or an officer removed meanwhile changes nothing.
"""

from __future__ import annotations

import html
from datetime import date, datetime
from typing import Any

from bot.dialogs import menu
from bot.dialogs.core import (
    Button, ButtonPress, DialogContext, DialogState, Effect, EffectResult, Event, Reply, Screen, TextInput,
)
from bot.i18n import Translator
from bot.parsing import ParseError, parse_money

NAME = "review"
QUEUE, CARD, DECIDE = "review_queue", "review_card", "review_decide"
STOP, LIST, PREV, NEXT = "stop", "list", "prev", "next"
APPROVE, REJECT, RETURN, CONFIRM, CHANGE = "approve", "reject", "return", "confirm", "change"
OPEN = "o:"  # o:<application id>
REASON = "r:"  # r:<RejectReason value>
PAPER = "p:"  # p:<index of the policy's paper>
PAGE = 10
MARKS = {"overdue": "⛔", "near": "⚠️", "on_time": "🕒"}
REJECT_REASONS = ("not_eligible", "already_supported", "wrong_place", "false_information", "duplicate", "other")
MAX_TEXT = 500


def reason_label(tr: Translator, code: str) -> str:
    """The words of a listed refusal reason, for the officer's buttons and the applicant's notice."""
    labels = {
        "not_eligible": tr._("Does not meet the conditions of the policy"),
        "already_supported": tr._("Already supported under this policy"),
        "wrong_place": tr._("Must apply where you live or work (another office)"),
        "false_information": tr._("Information does not match the papers"),
        "duplicate": tr._("A duplicate of another application"),
        "other": tr._("Other reason"),
    }
    return labels.get(code, code)


class ReviewDialog:
    name = NAME

    def start(self, ctx: DialogContext, args: dict[str, Any] | None = None) -> Reply:
        state = DialogState(NAME, "loading", 1, {"offset": 0})
        return Reply((), state, Effect(QUEUE, {"offset": 0}))

    def render(self, state: DialogState, ctx: DialogContext) -> Reply:
        screens = {
            "list": lambda: _list_screen(state.data["queue"], ctx),
            "card": lambda: _card_screen(state.data["card"], ctx),
            "approve": lambda: _approve_screen(state.data["card"], ctx),
            "amount": lambda: _ask(ctx.tr._("Type the amount to approve, in đồng (e.g. 3.710.000)."), ctx),
            "amount_reason": lambda: _ask(ctx.tr._("Why does the amount differ from what the rules give? "
                                                   "The applicant will read it."), ctx),
            "reject_reason": lambda: _reject_screen(ctx),
            "reject_text": lambda: _ask(ctx.tr._("Type the reason for the refusal; the applicant will read it."), ctx),
            "return_paper": lambda: _return_screen(state.data["card"], ctx),
        }
        if state.step in screens:
            return Reply((screens[state.step](),), state)
        return Reply((Screen(ctx.tr._("Please wait…")),), state)

    def handle(self, state: DialogState, event: Event, ctx: DialogContext) -> Reply:
        tr = ctx.tr
        if isinstance(event, EffectResult):
            return self._after_effect(state, event, ctx)
        if isinstance(event, ButtonPress) and event.value == STOP:
            return Reply((Screen(tr._("Review stopped.")),), None)
        if isinstance(event, ButtonPress) and event.value == LIST:
            return self._reload(state)
        step = state.step
        if step == "list" and isinstance(event, ButtonPress):
            return self._on_list(state, event.value)
        if step == "card" and isinstance(event, ButtonPress):
            return self._on_card(state, event.value, ctx)
        if step == "approve" and isinstance(event, ButtonPress):
            if event.value == CONFIRM:
                return self._decide(state, "approve")
            if event.value == CHANGE:
                shown = state.at("amount")
                return Reply(self.render(shown, ctx).screens, shown)
        if step == "amount" and isinstance(event, TextInput):
            try:
                amount = parse_money(event.text)
            except ParseError:
                amount = 0
            if amount <= 0:
                return Reply((Screen(tr._("Please type an amount in đồng, for example 3.710.000.")),), state)
            computed = state.data["card"].get("computed_amount")
            if computed is None or amount == computed:
                return self._decide(state, "approve", amount=amount)
            shown = state.at("amount_reason", amount=amount)
            return Reply(self.render(shown, ctx).screens, shown)
        if step == "amount_reason" and isinstance(event, TextInput) and event.text.strip():
            return self._decide(state, "approve", amount=state.data["amount"], amount_reason=event.text.strip()[:MAX_TEXT])
        if step == "reject_reason":
            if isinstance(event, ButtonPress) and event.value.startswith(REASON):
                code = event.value[len(REASON):]
                if code == "other":
                    shown = state.at("reject_text")
                    return Reply(self.render(shown, ctx).screens, shown)
                if code in REJECT_REASONS:
                    return self._decide(state, "reject", reason=code)
            if isinstance(event, TextInput) and event.text.strip():
                return self._decide(state, "reject", reason="other", note=event.text.strip()[:MAX_TEXT])
        if step == "reject_text" and isinstance(event, TextInput) and event.text.strip():
            return self._decide(state, "reject", reason="other", note=event.text.strip()[:MAX_TEXT])
        if step == "return_paper":
            papers = _papers(state.data["card"], ctx)
            if isinstance(event, ButtonPress) and event.value.startswith(PAPER):
                index = event.value[len(PAPER):]
                if index.isdigit() and int(index) < len(papers):
                    return self._decide(state, "return", note=papers[int(index)])
            if isinstance(event, TextInput) and event.text.strip():
                return self._decide(state, "return", note=event.text.strip()[:MAX_TEXT])
        if step in ("loading", "opening", "deciding"):  # interrupted by a restart: show the queue again
            return self._reload(state)
        return self.render(state, ctx)

    # -- steps ------------------------------------------------------------------------------

    def _reload(self, state: DialogState) -> Reply:
        offset = int(state.data.get("offset") or 0)
        return Reply((), state.at("loading"), Effect(QUEUE, {"offset": offset}))

    def _on_list(self, state: DialogState, value: str) -> Reply:
        queue = state.data["queue"]
        if value.startswith(OPEN) and value[len(OPEN):].isdigit():
            return Reply((), state.at("opening"), Effect(CARD, {"id": int(value[len(OPEN):])}))
        if value in (PREV, NEXT):
            step = PAGE if value == NEXT else -PAGE
            offset = min(max(0, int(queue["offset"]) + step), max(0, int(queue["total"]) - 1))
            return Reply((), state.at("loading", offset=offset), Effect(QUEUE, {"offset": offset}))
        return Reply((), state.at("loading"), Effect(QUEUE, {"offset": state.data.get("offset", 0)}))

    def _on_card(self, state: DialogState, value: str, ctx: DialogContext) -> Reply:
        card = state.data["card"]
        if value == APPROVE:
            step = "approve" if card.get("computed_amount") else "amount"
            shown = state.at(step)
            return Reply(self.render(shown, ctx).screens, shown)
        if value in (REJECT, RETURN):
            shown = state.at("reject_reason" if value == REJECT else "return_paper")
            return Reply(self.render(shown, ctx).screens, shown)
        if value.startswith(OPEN) and value[len(OPEN):].isdigit():
            return Reply((), state.at("opening"), Effect(CARD, {"id": int(value[len(OPEN):])}))
        return self.render(state, ctx)

    def _decide(self, state: DialogState, kind: str, *, reason: str = "", note: str = "", amount: int | None = None,
                amount_reason: str = "") -> Reply:
        payload = {"id": state.data["card"]["id"], "kind": kind, "reason": reason, "note": note,
                   "amount": amount, "amount_reason": amount_reason}
        return Reply((), state.at("deciding"), Effect(DECIDE, payload))

    def _after_effect(self, state: DialogState, event: EffectResult, ctx: DialogContext) -> Reply:
        tr = ctx.tr
        if event.name == QUEUE:
            queue = event.value
            if queue is None:
                return Reply((menu.officers_only(tr, features=frozenset()),), None)
            if not queue["items"]:
                return Reply((Screen(tr._("No application is waiting for review in your area."),
                                     ((Button(tr.pgettext("button", "Main menu"), menu.MENU_HOME),),)),), None)
            shown = state.at("list", queue=queue, offset=queue["offset"])
            return Reply((_list_screen(queue, ctx),), shown)
        if event.name == CARD:
            if event.value is None:
                return Reply((Screen(tr._("This application is not in your area or no longer exists.")),),
                             state.at("loading"), Effect(QUEUE, {"offset": state.data.get("offset", 0)}))
            shown = state.at("card", card=event.value)
            return Reply((_card_screen(event.value, ctx),), shown)
        outcome = str(event.value)
        notes = {
            "done": tr._("Decision recorded; the applicant will be told."),
            "already_decided": tr._("This application was already decided by someone else."),
            "not_found": tr._("This application is not in your area or no longer exists."),
            "not_officer": tr._("You may no longer decide applications."),
            "reason_needed": tr._("A reason is needed for this decision."),
            "amount_needed": tr._("The rules give no amount for this application: type the amount to approve."),
        }
        if outcome == "not_officer":
            return Reply((Screen(notes[outcome]),), None)
        if outcome == "amount_needed":
            shown = state.at("amount")
            return Reply((Screen(notes[outcome]),), shown)
        return Reply((Screen(notes.get(outcome, notes["done"])),), state.at("loading"),
                     Effect(QUEUE, {"offset": state.data.get("offset", 0)}))


# -- screens ---------------------------------------------------------------------------------

def _policy_title(ctx: DialogContext, policy_id: str) -> str:
    policy = ctx.rules.policies.get(policy_id)
    return html.escape(ctx.tr._(policy.title) if policy else policy_id)


def _timing_line(item: dict[str, Any], ctx: DialogContext) -> str:
    tr = ctx.tr
    deadline = tr.date(date.fromisoformat(item["deadline"]))
    if item["unit"] == "working":
        limit = tr.ngettext("{n} working day", "{n} working days", item["days"]).format(n=item["days"])
    else:
        limit = tr.ngettext("{n} day", "{n} days", item["days"]).format(n=item["days"])
    text = tr._("waited {waited} of {limit}, due {deadline}").format(
        waited=tr.ngettext("{n} working day", "{n} working days", item["waited"]).format(n=item["waited"]),
        limit=limit, deadline=deadline)
    if item["mark"] == "overdue":
        text += " — " + tr._("OVERDUE")
    elif item["mark"] == "near":
        text += " — " + tr._("due soon")
    return text


def _list_screen(queue: dict[str, Any], ctx: DialogContext) -> Screen:
    tr = ctx.tr
    total, offset = int(queue["total"]), int(queue["offset"])
    lines = [tr.ngettext("<b>{n} application waits for review in your area</b> (oldest first)",
                         "<b>{n} applications wait for review in your area</b> (oldest first)", total).format(n=total)]
    rows: list[tuple[Button, ...]] = []
    for item in queue["items"]:
        mark = MARKS.get(item["mark"], "")
        lines.append(f"{mark} <b>{item['code']}</b> · {html.escape(item['name'])} · {_policy_title(ctx, item['policy_id'])}"
                     f"\n    {_timing_line(item, ctx)}")
        rows.append((Button(f"{mark} {item['code']}", f"{OPEN}{item['id']}"),))
    paging: list[Button] = []
    if offset > 0:
        paging.append(Button(tr.pgettext("button", "◀ Previous"), PREV))
    if offset + len(queue["items"]) < total:
        paging.append(Button(tr.pgettext("button", "Next ▶"), NEXT))
    if paging:
        rows.append(tuple(paging))
    rows.append((Button(tr.pgettext("button", "Stop"), STOP),))
    if any(item.get("default_limit") for item in queue["items"]):
        lines.append(tr._("<i>Time limits marked as defaults are not set by the policy's document.</i>"))
    return Screen("\n".join(lines), tuple(rows))


def _person_lines(person: dict[str, Any], ctx: DialogContext) -> list[str]:
    tr = ctx.tr
    lines = [tr._("Name: {name}, born {date}").format(name=html.escape(person["full_name"]),
                                                     date=tr.date(date.fromisoformat(person["birth_date"]))),
             tr._("ID number: {number}").format(number=person["masked_id"])]
    if person.get("address"):
        lines.append(tr._("Address: {address}").format(address=html.escape(person["address"])))
    return lines


def _card_screen(card: dict[str, Any], ctx: DialogContext) -> Screen:
    tr = ctx.tr
    person = card["person"]
    lines = [tr._("<b>Application {code}</b>, received {date}").format(
                code=person["reference_code"], date=tr.date(date.fromisoformat(person["received"]))),
             tr._("Policy: {policy}").format(policy=_policy_title(ctx, card["policy_id"])),
             MARKS.get(card["timing"]["mark"], "") + " " + _timing_line(card["timing"], ctx),
             *_person_lines(person, ctx)]
    if card.get("period"):
        lines.append(tr._("Period: {start} – {end}").format(start=tr.date(date.fromisoformat(card["period"][0])),
                                                            end=tr.date(date.fromisoformat(card["period"][1]))))
    if card.get("employer"):
        lines.append(tr._("Employer: {employer}").format(employer=html.escape(card["employer"])))
    if card.get("what_happened"):
        lines.append(tr._("What happened: {reason}").format(reason=html.escape(card["what_happened"])))
    if card.get("payment"):
        method, bank, account = card["payment"]
        lines.append(tr._("Paid to the bank account {account} at {bank}").format(
            account=html.escape(account), bank=html.escape(bank)) if method == "bank"
            else tr._("Paid in cash (post office or commune)"))
    for asked, added, at in card.get("supplements") or []:
        lines.append(tr._("📎 Sent back for: {asked}; the applicant added on {date}: {added}").format(
            asked=html.escape(asked or "—"), added=html.escape(added),
            date=tr.date(datetime.fromisoformat(at).date()) if at else "—"))
    if card.get("computed_amount"):
        lines.append(tr._("Amount by the rules: {amount}").format(amount=tr.money(int(card["computed_amount"]))))
    rows: list[tuple[Button, ...]] = []
    for other in card.get("duplicates", []):
        lines.append("")
        lines.append(tr._("⚠️ <b>Possible duplicate: application {code}</b> ({status}), received {date}, {who}").format(
            code=other["reference_code"], status=_status_label(tr, other["status"]),
            date=tr.date(date.fromisoformat(other["received"])),
            who=tr._("same chat") if other["same_chat"] else tr._("sent from another chat")))
        lines.extend("    " + line for line in _person_lines(other, ctx))
        if other["status"] == "submitted":
            rows.append((Button(tr.pgettext("button", "Open {code}").format(code=other["reference_code"]),
                                f"{OPEN}{other['id']}"),))
    if card.get("duplicates"):
        lines.append("")
        lines.append(tr._("Decide which application is genuine; refuse the other as a duplicate."))
    rows[:0] = [(Button(tr.pgettext("button", "Approve"), APPROVE), Button(tr.pgettext("button", "Reject"), REJECT)),
                (Button(tr.pgettext("button", "Send back for a paper"), RETURN),)]
    rows.append((Button(tr.pgettext("button", "Back to the list"), LIST), Button(tr.pgettext("button", "Stop"), STOP)))
    return Screen("\n".join(lines), tuple(rows))


def _status_label(tr: Translator, status: str) -> str:
    return {"submitted": tr._("waiting"), "approved": tr._("approved"), "rejected": tr._("refused"),
            "returned": tr._("sent back")}.get(status, status)


def _approve_screen(card: dict[str, Any], ctx: DialogContext) -> Screen:
    tr = ctx.tr
    amount = tr.money(int(card["computed_amount"]))
    return Screen(tr._("Approve application {code} for {amount}, as the rules compute from the answers?").format(
        code=card["person"]["reference_code"], amount=amount),
        ((Button(tr.pgettext("button", "Approve {amount}").format(amount=amount), CONFIRM),),
         (Button(tr.pgettext("button", "Another amount"), CHANGE),),
         (Button(tr.pgettext("button", "Back to the list"), LIST),)))


def _reject_screen(ctx: DialogContext) -> Screen:
    tr = ctx.tr
    rows = tuple((Button(reason_label(tr, code), f"{REASON}{code}"),) for code in REJECT_REASONS)
    return Screen(tr._("Why is it refused? Choose a reason or type it; the applicant will read it."),
                  rows + ((Button(tr.pgettext("button", "Back to the list"), LIST),),))


def _papers(card: dict[str, Any], ctx: DialogContext) -> list[str]:
    policy = ctx.rules.policies.get(card["policy_id"])
    if policy is None or policy.filing is None:
        return []
    return [*policy.filing.forms, *policy.filing.papers][:8]


def _return_screen(card: dict[str, Any], ctx: DialogContext) -> Screen:
    tr = ctx.tr
    papers = _papers(card, ctx)
    lines = [tr._("Which paper is missing? Choose it or type what the applicant must bring.")]
    lines.extend(f"{i + 1}. {html.escape(p)}" for i, p in enumerate(papers))
    rows = tuple((Button(f"{i + 1}. {p[:40]}", f"{PAPER}{i}"),) for i, p in enumerate(papers))
    return Screen("\n".join(lines), rows + ((Button(tr.pgettext("button", "Back to the list"), LIST),),))


def _ask(text: str, ctx: DialogContext) -> Screen:
    return Screen(text, ((Button(ctx.tr.pgettext("button", "Back to the list"), LIST),),))
