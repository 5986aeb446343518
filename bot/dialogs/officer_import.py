"""An officer sends an approved or paid list as a file; the bot previews it and imports on "Xác nhận".

Steps: kind -> [inspect] -> policy? -> decision_number? -> decision_date? -> paid_date? -> [stage]
-> confirm -> [commit | cancel].  Nothing reaches the live lists before the officer confirms the
preview; a file that cannot be used is explained and changes nothing.  What the database requires
and one answer can give for the whole list (the payment date of a paid list without that column)
is asked before the preview, so a valid preview never fails at "Xác nhận".  When another import
changed the same people between the preview and "Xác nhận", the new preview is shown instead.
"""

from __future__ import annotations

import html
from typing import Any

from bot.dialogs import menu
from bot.dialogs.core import (
    Button, ButtonPress, DialogContext, DialogState, Effect, EffectResult, Event, OutgoingDocument, Reply,
    Screen, TextInput,
)
from bot.dialogs.import_texts import column_label, refusal_text
from bot.dialogs.parse_errors import parse_error_message
from bot.i18n import Translator
from bot.parsing import ParseError, parse_date

NAME = "officer_import"
INSPECT, STAGE, COMMIT, CANCEL_BATCH = "import_inspect", "import_stage", "import_commit", "import_cancel"
CANCEL, CONFIRM = "cancel", "confirm"
KINDS = ("approved", "paid")


class OfficerImportDialog:
    name = NAME

    def start(self, ctx: DialogContext, args: dict[str, Any] | None = None) -> Reply:
        args = args or {}
        state = DialogState(NAME, "kind", 1, {"path": args.get("path"), "filename": args.get("filename", "")})
        return Reply((self._kind_screen(state, ctx),), state)

    def render(self, state: DialogState, ctx: DialogContext) -> Reply:
        screens = {"kind": self._kind_screen, "policy": self._policy_screen, "decision_number": self._number_screen,
                   "decision_date": self._date_screen, "paid_date": self._paid_date_screen}
        if state.step in screens:
            return Reply((screens[state.step](state, ctx),), state)
        if state.step == "confirm":
            return Reply((self._confirm_buttons(ctx),), state)
        return Reply((Screen(ctx.tr._("Please wait, the file is being read…")),), state)

    def handle(self, state: DialogState, event: Event, ctx: DialogContext) -> Reply:
        tr = ctx.tr
        if isinstance(event, EffectResult):
            return self._on_effect(state, event, ctx)
        if isinstance(event, ButtonPress) and event.value == CANCEL:
            if state.step == "confirm":
                return Reply((), state.at("cancelling"), Effect(CANCEL_BATCH, {"batch_id": state.data["batch_id"]}))
            return Reply((Screen(tr._("Import cancelled. Nothing was changed.")),), None)
        if state.step == "kind":
            if isinstance(event, ButtonPress) and event.value in KINDS:
                inspecting = state.at("inspecting", kind=event.value)
                return Reply((), inspecting, Effect(INSPECT, _file_args(inspecting)))
            return Reply((self._kind_screen(state, ctx),), state)
        if state.step == "policy":
            policy_id = event.value[2:] if isinstance(event, ButtonPress) and event.value.startswith("p:") else None
            if policy_id == "*":  # the title's document was not the right one: every policy
                widened = state.with_data(title_policies=[])
                return Reply((self._policy_screen(widened, ctx),), widened)
            if policy_id not in ctx.rules.policies:
                return Reply((self._policy_screen(state, ctx),), state)
            return self._next(state.with_data(policy_id=policy_id), ctx)
        if state.step == "decision_number":
            if not isinstance(event, TextInput) or not event.text.strip() or len(event.text.strip()) > 60:
                return Reply((self._number_screen(state, ctx),), state)
            return Reply((self._date_screen(state, ctx),), state.at("decision_date", decision_number=event.text.strip()))
        if state.step == "decision_date":
            if not isinstance(event, TextInput):
                return Reply((self._date_screen(state, ctx),), state)
            try:
                decided = parse_date(event.text, today=ctx.today, allow_future=False)
            except ParseError as error:
                return Reply((Screen(parse_error_message(tr, error)), self._date_screen(state, ctx)), state)
            return self._next(state.with_data(decision_date=decided.isoformat()), ctx)
        if state.step == "paid_date":
            if not isinstance(event, TextInput):
                return Reply((self._paid_date_screen(state, ctx),), state)
            try:
                paid = parse_date(event.text, today=ctx.today, allow_future=False)
            except ParseError as error:
                return Reply((Screen(parse_error_message(tr, error)), self._paid_date_screen(state, ctx)), state)
            return self._next(state.with_data(paid_date=paid.isoformat()), ctx)
        if state.step == "committing":  # a restart interrupted the commit: committing again is safe
            return Reply((), state, Effect(COMMIT, {"batch_id": state.data["batch_id"]}))
        if state.step in ("inspecting", "staging", "cancelling"):
            # Only reachable when the bot stopped while working on the file: say so plainly.
            return Reply((Screen(tr._("Reading this file was interrupted by a restart; nothing was imported. "
                                      "Please send the file again.")),), None)
        if state.step == "confirm":
            if isinstance(event, ButtonPress) and event.value == CONFIRM:
                return Reply((Screen(tr._("Importing…")),), state.at("committing"),
                             Effect(COMMIT, {"batch_id": state.data["batch_id"]}))
            return Reply((self._confirm_buttons(ctx),), state)
        return self.render(state, ctx)

    # -- effects ----------------------------------------------------------------------------

    def _on_effect(self, state: DialogState, event: EffectResult, ctx: DialogContext) -> Reply:
        tr = ctx.tr
        value = event.value
        if event.name == INSPECT:
            if value.get("refused"):
                return Reply((Screen(refusal_text(tr, value["code"], value.get("params", {}))),), None)
            shape = value["shape"]
            columns = Screen(_columns_text(tr, shape))
            checked = state.with_data(has_policy=shape["has_policy"], has_decision=shape["has_decision"],
                                      has_paid_date=shape.get("has_paid_date", True),
                                      title_policies=shape.get("title_policies") or [])
            found: tuple[Screen, ...] = ()
            if not shape["has_policy"] and shape.get("title_policy") in ctx.rules.policies \
                    and not checked.data.get("policy_id"):
                checked = checked.with_data(policy_id=shape["title_policy"])
                found = (Screen(tr._("Policy, from the file's title: {policy}").format(
                    policy=html.escape(tr._(ctx.rules.policies[shape["title_policy"]].title)))),)
            reply = self._next(checked, ctx)
            return Reply((columns, *found, *reply.screens), reply.state, reply.effect)
        if event.name == STAGE:
            if value.get("refused"):
                return Reply((Screen(refusal_text(tr, value["code"], value.get("params", {}))),), None)
            preview = value["preview"]
            screens = [Screen(_preview_text(tr, preview))]
            if value.get("report_bytes"):
                screens.append(Screen(tr._("The rows that cannot be imported, with the reason for each:"),
                                      document=OutgoingDocument(value["report_name"], value["report_bytes"])))
            if preview["valid"] == 0:
                screens.append(Screen(tr._("No row can be imported; nothing was changed. Please correct the file and "
                                           "send it again.")))
                return Reply(tuple(screens), state.at("cancelling"),
                             Effect(CANCEL_BATCH, {"batch_id": preview["batch_id"], "quiet": True}))
            screens.append(self._confirm_buttons(ctx))
            return Reply(tuple(screens), state.at("confirm", batch_id=preview["batch_id"]))
        if event.name == COMMIT:
            if value.get("already"):
                return Reply((Screen(tr._("This list was already imported; nothing changed.")),), None)
            if value.get("refused"):
                return Reply((Screen(refusal_text(tr, value["code"], value.get("params", {}))),), None)
            if value.get("stale"):
                preview = value["summary"]
                screens = [Screen(tr._("Another import changed these lists after your preview, so nothing was "
                                       "imported yet. Here is the preview again, as the lists are now:")),
                           Screen(_preview_text(tr, preview))]
                if preview.get("valid", 0) <= 0:
                    screens.append(Screen(tr._("No row can be imported; nothing was changed. Please correct the "
                                               "file and send it again.")))
                    return Reply(tuple(screens), state.at("cancelling"),
                                 Effect(CANCEL_BATCH, {"batch_id": state.data["batch_id"], "quiet": True}))
                screens.append(self._confirm_buttons(ctx))
                return Reply(tuple(screens), state.at("confirm"))
            text = tr._("Imported. {new} new, {changed} updated, {unchanged} already present.").format(
                new=value["summary"].get("new", 0), changed=value["summary"].get("changed", 0),
                unchanged=value["summary"].get("unchanged", 0))
            if value.get("notifications"):
                text += "\n" + tr.ngettext("{n} person who asked to be told will get a message.",
                                           "{n} people who asked to be told will get a message.",
                                           value["notifications"]).format(n=value["notifications"])
            return Reply((Screen(text, ((Button(tr.pgettext("button", "Main menu"), menu.MENU_HOME),),)),), None)
        if event.name == CANCEL_BATCH:
            if (event.value or {}).get("quiet"):
                return Reply((), None)
            return Reply((Screen(tr._("Import cancelled. Nothing was changed.")),), None)
        return self.render(state, ctx)

    # -- helpers ----------------------------------------------------------------------------

    def _next(self, state: DialogState, ctx: DialogContext) -> Reply:
        """Ask what the file does not say, then read it into the preview."""
        if not state.data.get("has_policy") and not state.data.get("policy_id"):
            asked = state.at("policy")
            return Reply((self._policy_screen(asked, ctx),), asked)
        if state.data["kind"] == "approved" and not state.data.get("has_decision") \
                and not state.data.get("decision_number"):
            asked = state.at("decision_number")
            return Reply((self._number_screen(asked, ctx),), asked)
        if state.data["kind"] == "approved" and state.data.get("decision_number") \
                and not state.data.get("decision_date") and not state.data.get("has_decision"):
            asked = state.at("decision_date")
            return Reply((self._date_screen(asked, ctx),), asked)
        if state.data["kind"] == "paid" and not state.data.get("has_paid_date", True) \
                and not state.data.get("paid_date"):
            asked = state.at("paid_date")
            return Reply((self._paid_date_screen(asked, ctx),), asked)
        return self._stage(state, ctx)

    def _stage(self, state: DialogState, ctx: DialogContext) -> Reply:
        staging = state.at("staging")
        return Reply((Screen(ctx.tr._("Reading the file…")),), staging, Effect(STAGE, _file_args(staging)))

    def _kind_screen(self, state: DialogState, ctx: DialogContext) -> Screen:
        tr = ctx.tr
        text = tr._("File <b>{name}</b>: which list is it?").format(name=html.escape(state.data.get("filename", "")))
        return Screen(text, (
            (Button(tr.pgettext("button", "Approved list"), "approved"),),
            (Button(tr.pgettext("button", "Paid list"), "paid"),),
            (Button(tr.pgettext("button", "Cancel"), CANCEL),),
        ))

    def _policy_screen(self, state: DialogState, ctx: DialogContext) -> Screen:
        """The policy picker; a title naming a document ("NQ 68") narrows it to that document's policies."""
        tr = ctx.tr
        named = [pid for pid in state.data.get("title_policies") or [] if pid in ctx.rules.policies]
        shown = named or list(ctx.rules.policies)
        rows = tuple((Button(_short(tr._(ctx.rules.policies[pid].title)), f"p:{pid}"),) for pid in shown)
        text = (tr._("The file's title names the document but not which of its policies. Choose the policy:")
                if named else tr._("The file does not say which policy it is for. Choose the policy:"))
        if named:
            rows += ((Button(tr.pgettext("button", "Another policy"), "p:*"),),)
        return Screen(text, rows + ((Button(tr.pgettext("button", "Cancel"), CANCEL),),))

    def _number_screen(self, state: DialogState, ctx: DialogContext) -> Screen:
        tr = ctx.tr
        return Screen(tr._("The file has no decision number. Type the number of the approval decision, "
                           "e.g. 1234/QĐ-UBND."), ((Button(tr.pgettext("button", "Cancel"), CANCEL),),))

    def _date_screen(self, state: DialogState, ctx: DialogContext) -> Screen:
        tr = ctx.tr
        return Screen(tr._("Type the date of that decision, e.g. 20/8/2021."),
                      ((Button(tr.pgettext("button", "Cancel"), CANCEL),),))

    def _paid_date_screen(self, state: DialogState, ctx: DialogContext) -> Screen:
        tr = ctx.tr
        return Screen(tr._("The file has no payment-date column. Type the date these payments were made, for the "
                           "whole list, e.g. 5/9/2021. (If this is an approved list, press Cancel and send it again "
                           "as an approved list.)"), ((Button(tr.pgettext("button", "Cancel"), CANCEL),),))

    def _confirm_buttons(self, ctx: DialogContext) -> Screen:
        tr = ctx.tr
        return Screen(tr._("Import these rows into the list?"), (
            (Button(tr.pgettext("button", "Confirm"), CONFIRM), Button(tr.pgettext("button", "Cancel"), CANCEL)),))


def _file_args(state: DialogState) -> dict[str, Any]:
    keys = ("path", "filename", "kind", "policy_id", "decision_number", "decision_date", "paid_date")
    return {k: state.data.get(k) for k in keys}


def _columns_text(tr: Translator, shape: dict[str, Any]) -> str:
    lines = [tr._("<b>Columns recognised</b>")]
    lines += [f"  • {html.escape(str(header))} → {column_label(tr, field)}" for field, header in shape["recognised"].items()]
    if shape.get("unrecognised"):
        lines.append(tr._("Not used: {columns}").format(
            columns=", ".join(html.escape(str(c)) for c in shape["unrecognised"])))
    return "\n".join(lines)


def _preview_text(tr: Translator, p: dict[str, Any]) -> str:
    return "\n".join([
        tr._("<b>Preview</b>"),
        tr._("Rows read: {n}").format(n=tr.number(p["read"])),
        tr._("Valid: {n}").format(n=tr.number(p["valid"])),
        tr._("Invalid: {n}").format(n=tr.number(p["invalid"])),
        tr._("New: {n}").format(n=tr.number(p["new"])),
        tr._("Changed: {n}").format(n=tr.number(p["changed"])),
        tr._("Already present: {n}").format(n=tr.number(p["unchanged"])),
    ])


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
