"""/nhatky: read the audit trail of the officer's area, newest first, a page at a time, filtered
by kind of action, by officer or by day.  It only reads: nothing here can change the log.

Steps: [page effect] -> page -> (filter buttons | officer -> typed id | day -> typed date) -> page
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from bot.dialogs.core import (
    Button, ButtonPress, DialogContext, DialogState, Effect, EffectResult, Event, Reply, Screen, TextInput,
)
from bot.i18n import Translator
from bot.parsing import ParseError, parse_date

NAME = "audit_log"
PAGE_EFFECT = "audit_page"
STOP, OLDER, NEWER, BY_OFFICER, BY_DAY, CLEAR = "stop", "older", "newer", "officer", "day", "clear"
GROUP = "g:"  # g:<AuditGroup name>, g:all
GROUPS = ("DECISIONS", "IMPORTS", "LOOKUPS", "EXPORTS", "ACCOUNTS", "BROADCASTS")


def group_label(tr: Translator, name: str) -> str:
    return {"DECISIONS": tr._("Applications"), "IMPORTS": tr._("Imports"), "LOOKUPS": tr._("Lookups"),
            "EXPORTS": tr._("Exports"), "ACCOUNTS": tr._("Accounts"), "BROADCASTS": tr._("Broadcasts"),
            "all": tr._("All")}.get(name, name)


def action_label(tr: Translator, action: str) -> str:
    labels = {
        "application.view": tr._("viewed application"), "application.approve": tr._("approved application"),
        "application.reject": tr._("refused application"), "application.return": tr._("sent back application"),
        "person.lookup": tr._("looked up a person"), "import.preview": tr._("previewed a list"),
        "import.commit": tr._("imported a list"), "import.cancel": tr._("cancelled an import"),
        "export.file": tr._("exported"), "account.invite": tr._("invited an officer"),
        "account.add": tr._("added an officer"), "account.remove": tr._("removed an officer"),
        "account.join": tr._("joined as an officer"), "import.stale": tr._("previewed a list again"),
        "broadcast.send": tr._("sent a broadcast"),
    }
    if action in labels:
        return labels[action]
    family = action.split(".", 1)[0]
    return {"import": tr._("import"), "application": tr._("application")}.get(family, action)


class AuditLogDialog:
    name = NAME

    def start(self, ctx: DialogContext, args: dict[str, Any] | None = None) -> Reply:
        state = DialogState(NAME, "loading", 1, {"filters": {}, "page": 0})
        return Reply((), state, _load(state))

    def render(self, state: DialogState, ctx: DialogContext) -> Reply:
        tr = ctx.tr
        if state.step == "page":
            return Reply((_page_screen(state.data["result"], state.data["filters"], ctx),), state)
        if state.step == "officer":
            return Reply((Screen(tr._("Type the Telegram id of the officer (digits only).")),), state)
        if state.step == "day":
            return Reply((Screen(tr._("Type the day to show (e.g. 25/11/2026).")),), state)
        return Reply((Screen(tr._("Please wait…")),), state)

    def handle(self, state: DialogState, event: Event, ctx: DialogContext) -> Reply:
        tr = ctx.tr
        if isinstance(event, EffectResult):
            if event.value is None:
                return Reply((Screen(tr._("The activity log is for province officers and supervisors.")),), None)
            shown = state.at("page", result=event.value)
            return Reply((_page_screen(event.value, state.data["filters"], ctx),), shown)
        if isinstance(event, ButtonPress):
            filters = dict(state.data.get("filters") or {})
            page = int(state.data.get("page") or 0)
            value = event.value
            if value == STOP:
                return Reply((Screen(tr._("Closed the activity log.")),), None)
            if value in (OLDER, NEWER):
                return _reload(state, filters, max(0, page + (1 if value == OLDER else -1)))
            if value.startswith(GROUP):
                name = value[len(GROUP):]
                if name == "all":
                    filters.pop("group", None)
                elif name in GROUPS:
                    filters["group"] = name
                return _reload(state, filters, 0)
            if value == CLEAR:
                return _reload(state, {}, 0)
            if value in (BY_OFFICER, BY_DAY):
                shown = state.at("officer" if value == BY_OFFICER else "day")
                return Reply(self.render(shown, ctx).screens, shown)
        if isinstance(event, TextInput) and state.step in ("officer", "day"):
            filters = dict(state.data.get("filters") or {})
            text = event.text.strip()
            if state.step == "officer":
                if not text.isdigit() or len(text) > 15:
                    return Reply((Screen(tr._("A Telegram id is made of digits only, e.g. 777001.")),), state)
                filters["actor"] = int(text)
            else:
                try:
                    filters["day"] = parse_date(text, today=ctx.today).isoformat()
                except ParseError:
                    return Reply((Screen(tr._("Please type a date like 25/11/2026.")),), state)
            return _reload(state, filters, 0)
        if state.step == "loading":
            return Reply((), state, _load(state))
        return self.render(state, ctx)


def _load(state: DialogState) -> Effect:
    return Effect(PAGE_EFFECT, {**state.data.get("filters", {}), "page": state.data.get("page", 0)})


def _reload(state: DialogState, filters: dict[str, Any], page: int) -> Reply:
    loading = state.at("loading", filters=filters, page=page)
    return Reply((), loading, _load(loading))


def _page_screen(result: dict[str, Any], filters: dict[str, Any], ctx: DialogContext) -> Screen:
    tr = ctx.tr
    lines = [tr._("<b>Activity log</b> — page {page} of {pages}, {total} events, newest first").format(
        page=result["page"] + 1, pages=result["pages"], total=result["total"])]
    shown_filters = []
    if filters.get("group"):
        shown_filters.append(group_label(tr, filters["group"]))
    if filters.get("actor"):
        shown_filters.append(tr._("officer {id}").format(id=filters["actor"]))
    if filters.get("day"):
        shown_filters.append(tr.date(date.fromisoformat(filters["day"])))
    if shown_filters:
        lines.append(tr._("Filter: {filters}").format(filters=", ".join(shown_filters)))
    if not result["records"]:
        lines.append(tr._("No activity matches."))
    for record in result["records"]:
        at = datetime.fromisoformat(record["at"])
        where = record["ward_code"] or record["province_code"] or "—"
        count = tr.ngettext("{n} record", "{n} records", record["count"]).format(n=record["count"]) \
            if record["count"] else ""
        lines.append(f"{at:%d/%m %H:%M} · {record['actor'] or '—'} · {action_label(tr, record['action'])} "
                     f"{record['object_id']}".rstrip() + (f" · {count}" if count else "") + f" · {where}")
    rows: list[tuple[Button, ...]] = [
        tuple(Button(group_label(tr, g), f"{GROUP}{g}") for g in GROUPS[:3]),
        tuple(Button(group_label(tr, g), f"{GROUP}{g}") for g in GROUPS[3:]) + (Button(group_label(tr, "all"),
                                                                                       f"{GROUP}all"),),
        (Button(tr.pgettext("button", "By officer"), BY_OFFICER), Button(tr.pgettext("button", "By day"), BY_DAY),
         Button(tr.pgettext("button", "Clear filters"), CLEAR)),
    ]
    paging: list[Button] = []
    if result["page"] > 0:
        paging.append(Button(tr.pgettext("button", "◀ Newer"), NEWER))
    if result["page"] + 1 < result["pages"]:
        paging.append(Button(tr.pgettext("button", "Older ▶"), OLDER))
    rows.append((*paging, Button(tr.pgettext("button", "Stop"), STOP)))
    return Screen("\n".join(lines), tuple(rows))
