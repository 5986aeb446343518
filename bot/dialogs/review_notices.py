"""What applicants and officers are told, unprompted, about the review: a decision on an
application (with the reason and what to do next) and the officer's daily digest."""

from __future__ import annotations

import html
from typing import Any

from bot.dialogs.core import Button, Screen
from bot.dialogs.review import reason_label
from bot.i18n import Translator
from bot.rules import RuleBook

SUPPLEMENT_BUTTON = "m:supplement"  # a global button: starts /bosung whatever the chat is doing
KINDS = frozenset({"application_approved", "application_rejected", "application_returned", "review_digest"})


def render_review_notice(kind: str, payload: dict[str, Any], tr: Translator, rules: RuleBook) -> Screen:
    if kind == "review_digest":
        return _digest(payload, tr)
    policy = rules.policies.get(payload.get("policy_id", ""))
    title = html.escape(tr._(policy.title) if policy else str(payload.get("policy_id", "")))
    code = html.escape(str(payload.get("reference_code", "")))
    note = html.escape(str(payload.get("reason") or ""))
    if kind == "application_approved":
        amount = int(payload.get("amount") or 0)
        text = tr._("✅ Your application {code} for {policy} has been approved.").format(code=code, policy=title)
        if amount:
            text += "\n" + tr._("Amount: {amount}.").format(amount=tr.money(amount))
        text += "\n" + tr._("Next: the office will pay you as you asked (bank account or cash); "
                            "send /tracuu to see when it is paid.")
    elif kind == "application_rejected":
        code_reason = str(payload.get("reason_code") or "")
        reason = note if code_reason in ("", "other") else html.escape(reason_label(tr, code_reason)) + \
            (f" ({note})" if note else "")
        text = tr._("Your application {code} for {policy} was not approved: {reason}").format(
            code=code, policy=title, reason=reason or "—")
        text += "\n" + tr._("Next: if you think this is wrong, bring your papers to the commune office "
                            "(UBND xã/phường) and quote the code {code}.").format(code=code)
    else:
        text = tr._("📎 Your application {code} for {policy} needs one more paper: {paper}").format(
            code=code, policy=title, paper=note or "—")
        text += "\n" + tr._("Next: press \"Add the paper\" (or send /bosung) and type what the office asked for; "
                            "the review continues at once, and its time limit counts from that day. You may also "
                            "bring the paper to the commune office (UBND xã/phường) and quote the code {code}.").format(
            code=code)
        return Screen(text + "\n\n" + tr._("Send /tracuu to see the full status."),
                      ((Button(tr.pgettext("button", "Add the paper"), SUPPLEMENT_BUTTON),),))
    return Screen(text + "\n\n" + tr._("Send /tracuu to see the full status."))


def _digest(payload: dict[str, Any], tr: Translator) -> Screen:
    overdue, near = int(payload.get("overdue") or 0), int(payload.get("near") or 0)
    lines = [tr._("📋 <b>Applications to decide today</b>"),
             tr.ngettext("⛔ {n} past its time limit", "⛔ {n} past their time limit", overdue).format(n=overdue),
             tr.ngettext("⚠️ {n} due within a working day", "⚠️ {n} due within a working day", near).format(n=near)]
    codes = [html.escape(str(c)) for c in payload.get("codes", [])]
    if codes:
        lines.append(", ".join(codes))
    lines.append(tr._("Send /duyet to review them."))
    return Screen("\n".join(lines))
