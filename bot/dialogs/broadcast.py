"""/thongbao: an officer writes an announcement, picks who gets it, sees a preview and confirms.

Steps: [list effect] -> text (or a photo / document with its caption) -> audience (-> policy) -> [count effect] -> when -> preview
(-> confirm_again for a whole province) -> [create effect] -> end.  The audience is always
inside the officer's own area (the service cuts it); this dialog only names the kind.
Also the pure texts of the progress message, the final report and /tatthongbao, /batthongbao.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from bot.dialogs import menu
from bot.dialogs.core import (
    Button, ButtonPress, DialogContext, DialogState, Effect, EffectResult, Event, MediaInput, MediaKind, MediaRef,
    Reply, Screen, TextInput,
)
from bot.parsing.telegram_html import MAX_CAPTION, HtmlCheck, HtmlProblem, check_html, escape_stray_ampersands

NAME = "broadcast"
LIST, COUNT, CREATE = "broadcast_list", "broadcast_count", "broadcast_create"
CONFIRM, CANCEL, NOW, BACK = "ok", "no", "now", "back"
AUDIENCES = ("everyone", "approved_unpaid", "applicants:pending", "applicants:approved", "applicants:rejected")
CONTROL_PREFIX = "m:bc:"  # global buttons on the progress message: m:bc:<action>:<broadcast id>
PAUSE, RESUME, STOP = "pause", "resume", "cancel"
_WHEN = re.compile(r"^\s*(\d{1,2})[:hH.](\d{2})\s*(?:ngày\s*)?(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{4}))?\s*$")


@dataclass(frozen=True)
class BroadcastLine:
    """One broadcast in the officer's list (what the list effect returns)."""

    id: int
    status: str
    created_at: datetime
    scheduled_at: datetime
    total: int
    sent: int
    blocked: int
    failed: int
    remaining: int
    preview: str


@dataclass(frozen=True)
class AudienceCount:
    chats: int
    province_wide: bool


@dataclass(frozen=True)
class Progress:
    """Figures of a running broadcast, for the officer's progress message."""

    id: int
    status: str
    total: int
    sent: int
    failed: int
    blocked: int
    uncertain: int
    remaining: int
    eta_seconds: float


class BroadcastDialog:
    name = NAME
    accepts_media = True  # a photo or document sent during /thongbao is the announcement, not a list

    def start(self, ctx: DialogContext, args: dict[str, Any] | None = None) -> Reply:
        return Reply((), DialogState(NAME, "loading", 1), Effect(LIST))

    def render(self, state: DialogState, ctx: DialogContext) -> Reply:
        tr = ctx.tr
        if state.step == "text":
            return Reply((_ask_text(ctx),), state)
        if state.step == "audience":
            return Reply((_audience_screen(ctx),), state)
        if state.step == "policy":
            return Reply((_policy_screen(ctx),), state)
        if state.step == "when":
            return Reply((_when_screen(ctx, state.data["count"]),), state)
        if state.step in ("preview", "confirm_again"):
            return Reply(_preview(ctx, state, again=state.step == "confirm_again"), state)
        return Reply((Screen(tr._("Please wait…")),), state)

    def handle(self, state: DialogState, event: Event, ctx: DialogContext) -> Reply:
        tr = ctx.tr
        if isinstance(event, EffectResult):
            return self._after_effect(state, event, ctx)
        if isinstance(event, ButtonPress) and event.value == CANCEL:
            return Reply((Screen(tr._("The announcement was discarded; nothing was sent.")),), None)
        if state.step == "text" and isinstance(event, TextInput):
            # Formatting made in the Telegram app arrives as entities (converted to HTML by the
            # handler); without any, the officer may have typed the tags themselves.
            text = event.html.strip() or escape_stray_ampersands(event.text.strip())
            checked = check_html(text)
            if not checked.ok:
                return Reply((Screen(html_problem(tr, checked)), _ask_text(ctx)), state)
            return Reply((_audience_screen(ctx),), state.at("audience", text=text, media_kind="", media_file_id=""))
        if state.step == "text" and isinstance(event, MediaInput):
            caption = event.caption_html.strip()
            checked = check_html(caption, limit=MAX_CAPTION) if caption else None
            if checked is not None and not checked.ok:
                return Reply((Screen(html_problem(tr, checked)), _ask_text(ctx)), state)
            return Reply((_audience_screen(ctx),), state.at("audience", text=caption, media_kind=event.media.kind.value,
                                                             media_file_id=event.media.file_id))
        if state.step == "audience" and isinstance(event, ButtonPress) and event.value in AUDIENCES:
            if event.value == "approved_unpaid":
                return Reply((_policy_screen(ctx),), state.at("policy", audience="approved_unpaid"))
            audience, _, arg = event.value.partition(":")
            return self._count(state.with_data(audience=audience, arg=arg))
        if state.step == "policy" and isinstance(event, ButtonPress):
            policies = _policies(ctx)
            if event.value.isdigit() and int(event.value) < len(policies):
                return self._count(state.with_data(arg=policies[int(event.value)][0]))
        if state.step == "when":
            if isinstance(event, ButtonPress) and event.value == NOW:
                return Reply(_preview(ctx, state.with_data(when=None)), state.at("preview", when=None))
            if isinstance(event, ButtonPress) and event.value == BACK:
                return Reply((_audience_screen(ctx),), state.at("audience"))
            if isinstance(event, TextInput):
                when = parse_when(event.text, ctx.today)
                if when is None:
                    return Reply((Screen(tr._("I could not read that time. Write it like <b>07:00 05/12</b> "
                                              "(hour:minute day/month), today or later.")),
                                  _when_screen(ctx, state.data["count"])), state)
                shown = state.with_data(when=when.isoformat(timespec="minutes"))
                return Reply(_preview(ctx, shown), state.at("preview", when=shown.data["when"]))
        if state.step in ("preview", "confirm_again") and isinstance(event, ButtonPress) and event.value == CONFIRM:
            if state.step == "preview" and state.data.get("province_wide"):
                return Reply(_preview(ctx, state, again=True), state.at("confirm_again"))
            return Reply((), state.at("creating"),
                         Effect(CREATE, {k: state.data.get(k) for k in ("text", "audience", "arg", "when", "media_kind",
                                                                        "media_file_id")}))
        if state.step in ("loading", "counting", "creating"):  # interrupted by a restart
            return self.start(ctx)
        return self.render(state, ctx)

    def _count(self, state: DialogState) -> Reply:
        return Reply((), state.at("counting"), Effect(COUNT, {"audience": state.data["audience"],
                                                              "arg": state.data.get("arg", "")}))

    def _after_effect(self, state: DialogState, event: EffectResult, ctx: DialogContext) -> Reply:
        tr = ctx.tr
        if event.name == LIST:
            lines: list[BroadcastLine] = list(event.value or [])
            return Reply((list_screen(tr, lines), _ask_text(ctx)), state.at("text"))
        if event.name == COUNT:
            counted: AudienceCount = event.value
            if counted.chats == 0:
                return Reply((Screen(tr._("Nobody in your area matches this choice. Choose other recipients.")),
                              _audience_screen(ctx)), state.at("audience"))
            return Reply((_when_screen(ctx, counted.chats),),
                         state.at("when", count=counted.chats, province_wide=counted.province_wide))
        broadcast_id = int(event.value)
        if state.data.get("when"):
            when = datetime.fromisoformat(state.data["when"])
            text = tr._("Announcement #{id} is scheduled for {time}. /thongbao shows it; it can be paused or "
                        "cancelled from its progress message once it starts.").format(
                id=broadcast_id, time=_when_label(tr, when))
        else:
            text = tr._("Announcement #{id} is being sent. A progress message follows.").format(id=broadcast_id)
        return Reply((Screen(text, ((Button(tr.pgettext("button", "Main menu"), menu.MENU_HOME),),)),), None)


def parse_when(text: str, today: date) -> datetime | None:
    """'07:00 05/12' (or '7h00 5/12/2026') as a local time, today or later; the year is this one."""
    match = _WHEN.match(text.replace("lúc", " "))
    if match is None:
        return None
    hour, minute, day, month = (int(match.group(i)) for i in range(1, 5))
    year = int(match.group(5)) if match.group(5) else today.year
    try:
        when = datetime.combine(date(year, month, day), time(hour, minute))
    except ValueError:
        return None
    if when.date() < today:
        if match.group(5):
            return None
        try:
            when = when.replace(year=year + 1)
        except ValueError:
            return None
    return when


def html_problem(tr: Any, checked: HtmlCheck) -> str:
    """What is wrong with the officer's text, in words they can act on."""
    detail = html.escape(checked.detail)
    if checked.problem is HtmlProblem.EMPTY:
        return tr._("The announcement is empty. Write the text to send.")
    if checked.problem is HtmlProblem.UNKNOWN_TAG:
        return tr._("Telegram does not know the tag <code>{tag}</code>. Use <code>&lt;b&gt;</code> for bold, "
                    "<code>&lt;i&gt;</code> for italics and <code>&lt;a href=\"https://…\"&gt;</code> for "
                    "links.").format(tag=detail)
    if checked.problem is HtmlProblem.UNCLOSED:
        return tr._("The tag <code>{tag}</code> is opened but never closed.").format(tag=detail)
    if checked.problem is HtmlProblem.UNOPENED:
        return tr._("The tag <code>/{tag}</code> closes something that was not opened.").format(tag=detail)
    if checked.problem is HtmlProblem.BAD_LINK:
        return tr._("A link needs an address starting with https:// or http://, written as "
                    "<code>&lt;a href=\"https://…\"&gt;text&lt;/a&gt;</code>.")
    if checked.problem is HtmlProblem.STRAY_BRACKET:
        return tr._("The text has a &lt; or &gt; that is not part of a tag; write &amp;lt; or &amp;gt; instead.")
    return tr._("The announcement is too long: {length} characters, at most {limit}.").format(
        length=checked.visible_length, limit=checked.detail)


def _ask_text(ctx: DialogContext) -> Screen:
    tr = ctx.tr
    return Screen(tr._("Write the announcement as your next message, formatted as you like in Telegram (bold, "
                       "italics, links), or send a photo or a document with the text as its caption. You may also "
                       "type <code>&lt;b&gt;bold&lt;/b&gt;</code>, <code>&lt;i&gt;italics&lt;/i&gt;</code> and "
                       "<code>&lt;a href=\"https://…\"&gt;links&lt;/a&gt;</code>."),
                  ((Button(tr.pgettext("button", "Cancel"), CANCEL),),))


def _audience_labels(tr: Any) -> dict[str, str]:
    return {
        "everyone": tr._("Everyone who has used the bot in my area"),
        "approved_unpaid": tr._("Approved for a policy, not yet paid"),
        "applicants:pending": tr._("Applicants waiting for a decision"),
        "applicants:approved": tr._("Applicants whose application was approved"),
        "applicants:rejected": tr._("Applicants whose application was rejected"),
    }


def _audience_screen(ctx: DialogContext) -> Screen:
    tr = ctx.tr
    labels = _audience_labels(tr)
    rows = tuple((Button(labels[value], value),) for value in AUDIENCES)
    return Screen(tr._("Who should receive it?"), rows + ((Button(tr.pgettext("button", "Cancel"), CANCEL),),))


def _policies(ctx: DialogContext) -> list[tuple[str, str]]:
    return sorted(((pid, ctx.tr._(p.title)) for pid, p in ctx.rules.policies.items()), key=lambda item: item[0])


def _policy_screen(ctx: DialogContext) -> Screen:
    tr = ctx.tr
    rows = tuple((Button(title[:60], str(i)),) for i, (_pid, title) in enumerate(_policies(ctx)))
    return Screen(tr._("Which policy's approved list?"), rows + ((Button(tr.pgettext("button", "Cancel"), CANCEL),),))


def _when_screen(ctx: DialogContext, count: int) -> Screen:
    tr = ctx.tr
    reach = tr.ngettext("This reaches {n} chat.", "This reaches {n} chats.", count).format(n=count)
    return Screen(reach + "\n" + tr._("Send it now, or write a time such as <b>07:00 05/12</b> to schedule it."),
                  ((Button(tr.pgettext("button", "Send now"), NOW),),
                   (Button(tr.pgettext("button", "Back"), BACK), Button(tr.pgettext("button", "Cancel"), CANCEL))))


def _when_label(tr: Any, when: datetime) -> str:
    return f"{when:%H:%M} {tr.date(when.date())}"


def _preview(ctx: DialogContext, state: DialogState, *, again: bool = False) -> tuple[Screen, ...]:
    tr = ctx.tr
    data = state.data
    audience = _audience_labels(tr).get(data["audience"] if data["audience"] != "applicants"
                                        else f"applicants:{data.get('arg', '')}", data["audience"])
    if data["audience"] == "approved_unpaid":
        titles = dict(_policies(ctx))
        audience += f" — {html.escape(titles.get(data.get('arg', ''), data.get('arg', '')))}"
    when = (tr._("at {time}").format(time=_when_label(tr, datetime.fromisoformat(data["when"])))
            if data.get("when") else tr._("now"))
    summary = tr._("Above is the announcement exactly as people will see it.\nRecipients: {audience}\n"
                   "Chats: {count}\nSending: {when}").format(audience=audience, count=data["count"], when=when)
    if again:
        summary = tr._("<b>This goes to the whole province ({count} chats).</b> Confirm once more to send it.").format(
            count=data["count"])
    buttons = ((Button(tr.pgettext("button", "Confirm"), CONFIRM), Button(tr.pgettext("button", "Cancel"), CANCEL)),)
    if again:
        return (Screen(summary, buttons),)
    return (announcement_screen(data["text"], data.get("media_kind", ""), data.get("media_file_id", "")),
            Screen(summary, buttons))


def announcement_screen(text: str, media_kind: str = "", media_file_id: str = "") -> Screen:
    """The announcement as every recipient gets it: HTML text, or the photo / document with its caption."""
    media = MediaRef(MediaKind(media_kind), media_file_id) if media_kind and media_file_id else None
    return Screen(text, media=media)


def list_screen(tr: Any, lines: list[BroadcastLine]) -> Screen:
    """/thongbao's list of recent broadcasts of the officer's area with their figures."""
    if not lines:
        return Screen(tr._("No announcement has been sent in your area yet."))
    out = [tr._("<b>Recent announcements</b>")]
    for line in lines:
        out.append(tr._("#{id} {status}: {sent} of {total} sent, {blocked} blocked, {failed} failed, "
                        "{remaining} left — {preview}").format(
            id=line.id, status=status_label(tr, line.status), sent=line.sent, total=line.total,
            blocked=line.blocked, failed=line.failed, remaining=line.remaining,
            preview=html.escape(line.preview)))
    return Screen("\n".join(out))


def status_label(tr: Any, status: str) -> str:
    return {"scheduled": tr._("scheduled"), "sending": tr._("sending"), "paused": tr._("paused"),
            "cancelled": tr._("cancelled"), "done": tr._("finished")}.get(status, status)


def progress_screen(tr: Any, progress: Progress) -> Screen:
    """The one progress message of a running broadcast, edited as it goes."""
    minutes, seconds = divmod(int(progress.eta_seconds + 0.5), 60)
    text = tr._("<b>Announcement #{id}</b> ({status})\nSent: {sent} · failed: {failed} · blocked: {blocked}\n"
                "Remaining: {remaining} · about {minutes} min {seconds} s left").format(
        id=progress.id, status=status_label(tr, progress.status), sent=progress.sent, failed=progress.failed,
        blocked=progress.blocked, remaining=progress.remaining, minutes=minutes, seconds=seconds)
    if progress.status == "paused":
        first = Button(tr.pgettext("button", "Resume"), f"{CONTROL_PREFIX}{RESUME}:{progress.id}")
    else:
        first = Button(tr.pgettext("button", "Pause"), f"{CONTROL_PREFIX}{PAUSE}:{progress.id}")
    stop = Button(tr.pgettext("button", "Stop sending"), f"{CONTROL_PREFIX}{STOP}:{progress.id}")
    return Screen(text, ((first, stop),))


def final_screen(tr: Any, progress: Progress) -> Screen:
    """The report when a broadcast ends (finished or cancelled)."""
    head = (tr._("<b>Announcement #{id} was cancelled.</b>") if progress.status == "cancelled"
            else tr._("<b>Announcement #{id} is finished.</b>")).format(id=progress.id)
    body = tr._("Sent: {sent} of {total}\nBlocked the bot or no longer on Telegram: {blocked}\nFailed: {failed}\n"
                "Not known whether delivered (interrupted by a restart): {uncertain}").format(
        sent=progress.sent, total=progress.total, blocked=progress.blocked, failed=progress.failed,
        uncertain=progress.uncertain)
    return Screen(f"{head}\n{body}")


def control_answer(tr: Any, action: str, changed: bool) -> str:
    if not changed:
        return tr._("This announcement can no longer be changed.")
    return {PAUSE: tr._("Paused."), RESUME: tr._("Sending again."), STOP: tr._("Cancelled.")}.get(action, "")


def announcements_switched(tr: Any, wanted: bool) -> Screen:
    """/tatthongbao and /batthongbao."""
    if wanted:
        return Screen(tr._("You will receive announcements again. To stop them, send /tatthongbao."))
    return Screen(tr._("You will no longer receive announcements. Messages about your own application or "
                       "payment still reach you. To receive announcements again, send /batthongbao."))
