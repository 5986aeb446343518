"""The effects dialogs may ask for, mapped onto services.

A dialog returns ``Effect(name, payload)``; the dialog service looks the name up here, runs it
(inside the step's transaction when it takes the session) and hands the result back to the
dialog.  Results are plain values the dialog can show.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.dialogs.core import DialogContext, Effect
from bot.domain.status import Proof
from bot.services.dialogs import EffectHandler
from bot.services.imports import ImportOptions, ImportRefused, ImportService
from bot.services.status import StatusService


def status_effects(status: StatusService) -> dict[str, EffectHandler]:
    async def lookup(session: AsyncSession, effect: Effect, ctx: DialogContext) -> Any:
        p = effect.payload
        proof = Proof(birth_date=p.get("birth_date"), birth_year=p.get("birth_year"), name=p.get("name"),
                      phone=p.get("phone"))
        return await status.lookup(session, ctx.chat_id, p["id_number"], proof)

    async def gate(session: AsyncSession, effect: Effect, ctx: DialogContext) -> Any:
        return await status.gate(session, ctx.chat_id, effect.payload.get("id_number"))

    async def subscribe(session: AsyncSession, effect: Effect, ctx: DialogContext) -> Any:
        return await status.subscribe(session, ctx.chat_id, ctx.user_id, effect.payload["id_number"], ctx.tr.locale)

    return {"status_lookup": lookup, "status_subscribe": subscribe, "status_gate": gate}


def import_effects(imports: ImportService) -> dict[str, EffectHandler]:
    async def inspect(_session: AsyncSession, effect: Effect, ctx: DialogContext) -> Any:
        p = effect.payload
        try:
            shape = await imports.inspect(Path(p["path"]), p["kind"], p.get("filename"))
        except ImportRefused as refused:
            return {"refused": True, "code": refused.code, "params": refused.params}
        return {"shape": {"recognised": shape.recognised, "unrecognised": shape.unrecognised,
                          "has_policy": shape.has_policy, "has_decision": shape.has_decision,
                          "has_paid_date": shape.has_paid_date, "title_policy": shape.title_policy,
                          "title_policies": list(shape.title_policies)}}

    async def stage(_session: AsyncSession, effect: Effect, ctx: DialogContext) -> Any:
        p = effect.payload
        options = ImportOptions(kind=p["kind"], policy_id=p.get("policy_id") or "",
                                decision_number=p.get("decision_number") or "",
                                decision_date=date.fromisoformat(p["decision_date"]) if p.get("decision_date") else None,
                                paid_date=date.fromisoformat(p["paid_date"]) if p.get("paid_date") else None)
        try:
            preview = await imports.stage(Path(p["path"]), p.get("filename") or "", options, ctx.user_id,
                                          progress=ctx.extras.get("progress"), scope=ctx.extras.get("scope"))
        except ImportRefused as refused:
            return {"refused": True, "code": refused.code, "params": refused.params}
        result: dict[str, Any] = {"preview": preview.as_dict()}
        if preview.error_report is not None:
            result["report_name"] = preview.error_report.name
            result["report_bytes"] = preview.error_report.read_bytes()
        return result

    async def commit(_session: AsyncSession, effect: Effect, ctx: DialogContext) -> Any:
        try:
            done = await imports.commit(int(effect.payload["batch_id"]), ctx.user_id, scope=ctx.extras.get("scope"))
        except ImportRefused as refused:
            return {"refused": True, "code": refused.code, "params": refused.params}
        return {"already": done.already, "stale": done.stale, "summary": done.summary,
                "notifications": done.notifications}

    async def cancel(_session: AsyncSession, effect: Effect, ctx: DialogContext) -> Any:
        await imports.cancel(int(effect.payload["batch_id"]), ctx.user_id)
        return {"quiet": bool(effect.payload.get("quiet"))}

    return {"import_inspect": inspect, "import_stage": stage, "import_commit": commit, "import_cancel": cancel}
