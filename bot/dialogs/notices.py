"""Messages the bot sends unprompted when a followed person's status changes."""

from __future__ import annotations

import html
from datetime import date
from typing import Any

from bot.dialogs.core import Screen
from bot.domain.notices import NoticeKind
from bot.dialogs.review_notices import KINDS as REVIEW_KINDS, render_review_notice
from bot.i18n import Translator
from bot.rules import RuleBook


def render_notice(kind: str, payload: dict[str, Any], tr: Translator, rules: RuleBook) -> Screen:
    if kind in REVIEW_KINDS:  # decisions of /duyet and the officers' digest
        return render_review_notice(kind, payload, tr, rules)
    policy = rules.policies.get(payload.get("policy_id", ""))
    title = html.escape(tr._(policy.title) if policy else str(payload.get("policy_id", "")))
    if kind == NoticeKind.PAID:
        payer = f" ({html.escape(payload['payer'])})" if payload.get("payer") else ""
        text = tr._("💵 Payment recorded: {amount} for {policy}, paid on {date}{payer}.").format(
            amount=tr.money(int(payload.get("amount") or 0)), policy=title,
            date=tr.date(date.fromisoformat(payload["paid_date"])), payer=payer)
    elif kind == NoticeKind.APPROVED:
        text = tr._("✅ The person you follow is now on the approved list for {policy} (decision {number}), "
                    "amount {amount}.").format(policy=title, number=html.escape(payload.get("decision_number") or "—"),
                                               amount=tr.money(int(payload.get("amount") or 0)))
    elif kind == NoticeKind.APPLICATION_APPROVED:
        text = tr._("✅ Your application {code} for {policy} has been approved.").format(
            code=payload.get("reference_code", ""), policy=title)
    elif kind == NoticeKind.APPLICATION_REJECTED:
        text = tr._("Your application {code} for {policy} was not approved: {reason}").format(
            code=payload.get("reference_code", ""), policy=title, reason=html.escape(payload.get("reason", "")))
    else:
        text = tr._("There is news about a status you follow. Send /tracuu to see it.")
    return Screen(text + "\n\n" + tr._("Send /tracuu to see the full status."))
