"""The effects of the /duyet and /nhatky dialogs, mapped onto the review and audit-log services.

The services return typed results; dialogs keep JSON in their saved state, so the results are
flattened here (dates as ISO strings, times in local time).  Each effect looks the officer's
scope up through ``scope_of`` on every call: nothing is trusted from the saved dialog state.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.dialogs.audit_log import PAGE_EFFECT
from bot.dialogs.core import DialogContext, Effect
from bot.dialogs.review import CARD, DECIDE, QUEUE
from bot.domain.processing_times import Timeliness
from bot.services.audit_log import AuditLogService, AuditQuery
from bot.services.clock import Clock
from bot.services.dialogs import EffectHandler
from bot.services.officer_scope import ScopeOf
from bot.services.review import ApplicationCard, Decision, DecisionKind, PersonView, RejectReason, ReviewService
from storage.repositories.audit import AuditGroup


def _timing(t: Timeliness) -> dict[str, Any]:
    return {"deadline": t.deadline.isoformat(), "waited": t.waited, "left": t.left, "mark": str(t.mark),
            "days": t.limit.days, "unit": str(t.limit.unit), "default_limit": t.limit.is_default}


def _person(p: PersonView) -> dict[str, Any]:
    data = asdict(p)
    data["birth_date"], data["received"] = p.birth_date.isoformat(), p.received.isoformat()
    return data


def _card(card: ApplicationCard) -> dict[str, Any]:
    return {"id": card.person.id, "person": _person(card.person), "policy_id": card.policy_id,
            "timing": _timing(card.timing), "computed_amount": card.computed_amount, "employer": card.employer,
            "what_happened": card.what_happened, "period": list(card.period) if card.period else None,
            "duplicates": [_person(d) for d in card.duplicates],
            "payment": list(card.payment) if card.payment else None,
            "supplements": [list(s) for s in card.supplements]}


def review_effects(review: ReviewService, audit_log: AuditLogService, scope_of: ScopeOf,
                   clock: Clock) -> dict[str, EffectHandler]:
    async def queue(session: AsyncSession, effect: Effect, ctx: DialogContext) -> Any:
        scope = await scope_of(session, ctx.user_id)
        if scope is None:
            return None
        result = await review.queue(session, scope, offset=int(effect.payload.get("offset") or 0))
        return {"total": result.total, "offset": result.offset,
                "items": [{"id": i.id, "code": i.reference_code, "policy_id": i.policy_id, "name": i.full_name,
                           "received": i.received.isoformat(), **_timing(i.timing)} for i in result.items]}

    async def card(session: AsyncSession, effect: Effect, ctx: DialogContext) -> Any:
        scope = await scope_of(session, ctx.user_id)
        if scope is None:
            return None
        found = await review.card(session, scope, int(effect.payload["id"]))
        return _card(found) if found is not None else None

    async def decide(session: AsyncSession, effect: Effect, ctx: DialogContext) -> Any:
        p = effect.payload
        reason = RejectReason(p["reason"]) if p.get("reason") in set(RejectReason) else None
        decision = Decision(int(p["id"]), DecisionKind(p["kind"]), reason, str(p.get("note") or ""),
                            p.get("amount"), str(p.get("amount_reason") or ""))
        return str(await review.decide(session, ctx.user_id, decision))

    async def audit_page(session: AsyncSession, effect: Effect, ctx: DialogContext) -> Any:
        scope = await scope_of(session, ctx.user_id)
        if scope is None:
            return None
        p = effect.payload
        query = AuditQuery(group=AuditGroup[p["group"]] if p.get("group") in AuditGroup.__members__ else None,
                           actor_user_id=int(p["actor"]) if p.get("actor") else None,
                           day=date.fromisoformat(p["day"]) if p.get("day") else None, page=int(p.get("page") or 0))
        page = await audit_log.read(session, scope, query)
        if page is None:
            return None
        return {"total": page.total, "page": page.page, "pages": page.pages,
                "records": [{"at": r.at.astimezone(clock.tz).isoformat(), "actor": r.actor_user_id,
                             "action": r.action, "province_code": r.province_code, "ward_code": r.ward_code,
                             "object_id": r.object_id, "count": r.count} for r in page.records]}

    return {QUEUE: queue, CARD: card, DECIDE: decide, PAGE_EFFECT: audit_page}
