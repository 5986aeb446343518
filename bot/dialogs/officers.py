"""/canbo: an officer lists the officers of their area, invites new ones and removes them.

Steps: [list effect] -> list -> (invite -> role -> area? -> [invite effect] -> link)
                               | (remove:<id> -> confirm -> [remove effect] -> [list effect]).
The rights (who may invite whom, where) are decided by ``OfficerService``; this dialog only
offers what the officer's scope suggests and shows the service's answer.
"""

from __future__ import annotations

import html
from typing import Any

from bot.dialogs import menu
from bot.dialogs.core import (
    Button, ButtonPress, DialogContext, DialogState, Effect, EffectResult, Event, Reply, Screen, TextInput,
)
from bot.domain.areas import Area, OfficerScope, Role
from bot.i18n import Translator
from bot.parsing.area_names import area_name, resolve_area

NAME = "officers"
LIST, INVITE, REMOVE = "officers_list", "officers_invite", "officers_remove"
DONE, NEW, WHOLE, YES, NO = "done", "invite", "whole", "yes", "no"
RANK = {Role.PROVINCE: 2, Role.COMMUNE: 1, Role.SUPERVISOR: 0}


def role_label(tr: Translator, role: Role | str) -> str:
    labels = {Role.PROVINCE: tr._("province officer"), Role.COMMUNE: tr._("commune officer"),
              Role.SUPERVISOR: tr._("supervisor (read-only)")}
    return labels[Role(role)]


def refusal_text(tr: Translator, reason: str) -> str:
    texts = {
        "not_allowed": tr._("You may not do that: you can only manage officers at or below your own level, and "
                            "supervisors cannot manage anyone."),
        "outside_area": tr._("That area is outside your own area."),
        "bad_area": tr._("A commune officer needs a commune; a province officer needs the whole province."),
        "unknown_officer": tr._("That officer is no longer in the list."),
        "configured": tr._("This officer is set in the bot's configuration (BOT_ADMIN_IDS) and cannot be removed "
                           "here."),
    }
    return texts.get(reason, tr._("You may not do that."))


class OfficersDialog:
    name = NAME

    def start(self, ctx: DialogContext, args: dict[str, Any] | None = None) -> Reply:
        return Reply((), DialogState(NAME, "loading", 1, {}), Effect(LIST))

    def render(self, state: DialogState, ctx: DialogContext) -> Reply:
        if state.step == "list":
            return Reply((_list_screen(state.data.get("officers", []), ctx),), state)
        if state.step == "role":
            return Reply((_role_screen(ctx),), state)
        if state.step == "area":
            return Reply((_area_screen(ctx),), state)
        if state.step == "confirm":
            return Reply((_confirm_screen(state.data["target"], ctx),), state)
        return Reply((Screen(ctx.tr._("Please wait…")),), state)

    def handle(self, state: DialogState, event: Event, ctx: DialogContext) -> Reply:
        tr = ctx.tr
        if isinstance(event, EffectResult):
            return self._on_effect(state, event, ctx)
        if isinstance(event, ButtonPress) and event.value == DONE:
            return Reply((Screen(tr._("Done.")),), None)
        if state.step == "list" and isinstance(event, ButtonPress):
            if event.value == NEW and _scope(ctx) is not None and _scope(ctx).may_change_data:  # type: ignore[union-attr]
                return Reply((_role_screen(ctx),), state.at("role"))
            if event.value.startswith("rm:"):
                target = next((o for o in state.data.get("officers", []) if f"rm:{o['id']}" == event.value), None)
                if target is not None:
                    return Reply((_confirm_screen(target, ctx),), state.at("confirm", target=target))
        if state.step == "role" and isinstance(event, ButtonPress) and event.value in {r.value for r in Role}:
            return self._chose_role(state, Role(event.value), ctx)
        if state.step == "area":
            scope = _scope(ctx)
            if scope is None:
                return self.render(state, ctx)
            if isinstance(event, ButtonPress) and event.value == WHOLE:
                return _invite(state, Area(scope.area.province_code))
            if isinstance(event, TextInput) and event.text.strip():
                area = resolve_area(f"{event.text.strip()}, {area_name(Area(scope.area.province_code))}")
                if area is None or area.is_province:
                    return Reply((Screen(tr._("I could not find the commune \"{name}\" in your province. Type its "
                                              "name as on today's map, e.g. \"Xã Nam Cam Ranh\".").format(
                                                  name=html.escape(event.text.strip()[:60]))),
                                  _area_screen(ctx)), state)
                return _invite(state, area)
        if state.step == "confirm" and isinstance(event, ButtonPress):
            if event.value == YES:
                return Reply((), state.at("removing"), Effect(REMOVE, {"id": state.data["target"]["id"]}))
            if event.value == NO:
                return Reply((), state.at("loading"), Effect(LIST))
        if state.step in ("loading", "inviting", "removing"):  # interrupted by a restart
            return Reply((), state.at("loading"), Effect(LIST))
        return self.render(state, ctx)

    def _chose_role(self, state: DialogState, role: Role, ctx: DialogContext) -> Reply:
        scope = _scope(ctx)
        if scope is None:
            return self.render(state, ctx)
        if role is Role.PROVINCE or not scope.area.is_province:
            return _invite(state.with_data(role=role.value), scope.area)
        return Reply((_area_screen(ctx, whole=role is Role.SUPERVISOR),), state.at("area", role=role.value))

    def _on_effect(self, state: DialogState, event: EffectResult, ctx: DialogContext) -> Reply:
        tr = ctx.tr
        value = event.value or {}
        if event.name == LIST:
            officers = list(value.get("officers", []))
            return Reply((_list_screen(officers, ctx),), state.at("list", officers=officers))
        if event.name == INVITE:
            if value.get("refused"):
                return Reply((Screen(refusal_text(tr, value["refused"])),), state.at("loading"), Effect(LIST))
            link = f"https://t.me/{ctx.extras.get('bot_username') or 'ansinh_bot'}?start={value['code']}"
            text = tr._("Send this link to the new {role} of {area}. It works once, within 48 hours:\n{link}").format(
                role=role_label(tr, value["role"]), area=html.escape(value["area_name"]), link=link)
            return Reply((Screen(text, ((Button(tr.pgettext("button", "Done"), DONE),),)),), state.at("invited"))
        if value.get("refused"):
            return Reply((Screen(refusal_text(tr, value["refused"])),), state.at("loading"), Effect(LIST))
        return Reply((Screen(tr._("Removed. From now on they can no longer act as an officer.")),),
                     state.at("loading"), Effect(LIST))


def _invite(state: DialogState, area: Area) -> Reply:
    return Reply((), state.at("inviting"), Effect(INVITE, {"role": state.data["role"], "province_code":
                                                           area.province_code, "ward_code": area.ward_code}))


def _scope(ctx: DialogContext) -> OfficerScope | None:
    scope = ctx.extras.get("scope")
    return scope if isinstance(scope, OfficerScope) else None


def _list_screen(officers: list[dict[str, Any]], ctx: DialogContext) -> Screen:
    tr = ctx.tr
    scope = _scope(ctx)
    lines = [tr._("<b>Officers of {area}</b>").format(area=html.escape(area_name(scope.area)) if scope else "")]
    for officer in officers:
        lines.append(tr._("• {user} — {role}, {area}").format(
            user=officer["user_id"], role=role_label(tr, officer["role"]), area=html.escape(officer["area_name"])))
    if not officers:
        lines.append(tr._("No officer yet."))
    rows: list[tuple[Button, ...]] = []
    if scope is not None and scope.may_change_data:
        rows.append((Button(tr.pgettext("button", "Invite an officer"), NEW),))
        for officer in officers:
            if officer.get("removable"):
                rows.append((Button(tr._("Remove {user}").format(user=officer["user_id"]), f"rm:{officer['id']}"),))
    rows.append((Button(tr.pgettext("button", "Done"), DONE), Button(tr.pgettext("button", "Main menu"),
                                                                    menu.MENU_HOME)))
    return Screen("\n".join(lines), tuple(rows))


def _role_screen(ctx: DialogContext) -> Screen:
    tr = ctx.tr
    scope = _scope(ctx)
    rank = RANK[scope.role] if scope else -1
    roles = [r for r in (Role.PROVINCE, Role.COMMUNE, Role.SUPERVISOR) if RANK[r] <= rank
             and not (r is Role.PROVINCE and scope is not None and not scope.area.is_province)]
    rows = tuple((Button(role_label(tr, r), r.value),) for r in roles)
    return Screen(tr._("Which role will the new officer have?"), rows + ((Button(tr.pgettext("button", "Done"), DONE),),))


def _area_screen(ctx: DialogContext, *, whole: bool = True) -> Screen:
    tr = ctx.tr
    rows: tuple[tuple[Button, ...], ...] = ()
    if whole:
        rows = ((Button(tr._("The whole province"), WHOLE),),)
    return Screen(tr._("Type the name of the commune (xã, phường or đặc khu) of today, e.g. \"Xã Nam Cam Ranh\"."),
                  rows + ((Button(tr.pgettext("button", "Done"), DONE),),))


def _confirm_screen(target: dict[str, Any], ctx: DialogContext) -> Screen:
    tr = ctx.tr
    return Screen(tr._("Remove {user} ({role}, {area})? They lose access at once.").format(
        user=target["user_id"], role=role_label(tr, target["role"]), area=html.escape(target["area_name"])),
        ((Button(tr.pgettext("button", "Yes, remove"), YES), Button(tr.pgettext("button", "No"), NO)),))
