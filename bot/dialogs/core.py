"""The vocabulary every dialog speaks: state in, event in, new state and screen out.

A dialog is a pure object: ``start`` and ``handle`` take the saved :class:`DialogState`, the
user's :class:`Event` and a :class:`DialogContext` (translator, today's date, the rule book) and
return a :class:`Reply`.  They never touch Telegram or the database; the dialog service saves
the new state and the handlers render the messages.  State is plain JSON-able data with string
step ids, so a saved conversation survives a restart, a deploy that reorders steps, and being
served by another worker process.

Buttons carry short ASCII ``callback_data``: ``d:<seq>:<value>``.  ``seq`` counts the steps of
the dialog, so a button pressed on an old message is recognised as stale instead of being
applied to whatever step the user is on now.
"""

from __future__ import annotations

from bot.parsing.text import ascii_digits

from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from bot.i18n import Translator
    from bot.rules import RuleBook

CALLBACK_PREFIX = "d"
MAX_CALLBACK_BYTES = 64


@dataclass(frozen=True)
class Button:
    """An inline button; ``value`` is what the dialog receives when it is pressed."""

    label: str
    value: str


@dataclass(frozen=True)
class OutgoingDocument:
    """A file the bot sends (an error report, an export)."""

    filename: str
    content: bytes
    caption: str = ""


class MediaKind(StrEnum):
    """What a message carries besides text (an officer's announcement)."""

    PHOTO = "photo"
    DOCUMENT = "document"


@dataclass(frozen=True)
class MediaRef:
    """A photo or document Telegram already holds, sent again by its ``file_id`` (no upload)."""

    kind: MediaKind
    file_id: str


@dataclass(frozen=True)
class Screen:
    """One message to show: text (Telegram HTML) and rows of buttons.

    With ``media`` the text is the caption of that photo or document.
    """

    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()
    document: OutgoingDocument | None = None
    media: MediaRef | None = None


@dataclass(frozen=True)
class DialogState:
    """Where a chat is in a dialog.  ``data`` holds the answers so far, as JSON values."""

    dialog: str
    step: str
    seq: int = 0
    data: dict[str, Any] = field(default_factory=dict)

    def at(self, step: str, **changes: Any) -> DialogState:
        """The same dialog at ``step`` with ``data`` updated; ``seq`` moves on."""
        data = dict(self.data)
        data.update(changes)
        return replace(self, step=step, seq=self.seq + 1, data=data)

    def with_data(self, **changes: Any) -> DialogState:
        data = dict(self.data)
        data.update(changes)
        return replace(self, data=data)


@dataclass(frozen=True)
class TextInput:
    """The user typed something.

    ``html``: the message as Telegram HTML when the person formatted it in their Telegram app
    (bold, italics, links are entities on the message; the handler converts them), else "".
    """

    text: str
    html: str = ""


@dataclass(frozen=True)
class MediaInput:
    """The user sent a photo or a document; ``caption_html`` is its caption as Telegram HTML."""

    media: MediaRef
    caption_html: str = ""


@dataclass(frozen=True)
class ButtonPress:
    """The user pressed one of the buttons of the current step."""

    value: str


@dataclass(frozen=True)
class EffectResult:
    """The outcome of an :class:`Effect` the dialog asked for, handed back to it."""

    name: str
    value: Any


Event = TextInput | MediaInput | ButtonPress | EffectResult


@dataclass(frozen=True)
class Effect:
    """Something only the outside world can do (save an application, look a person up).

    The dialog service performs it and calls the dialog again with an :class:`EffectResult`,
    so the dialog stays pure and its tests need no database.
    """

    name: str
    payload: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Handoff:
    """Start another dialog when this one ends, with what this one learned (``args`` for its start).

    "Nộp hồ sơ ngay" after /kiemtra hands the policy and every answer to /nophoso this way, so the
    application asks only what is still missing.
    """

    dialog: str
    args: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Reply:
    """What a step produced: messages to show and the state to save (None ends the dialog)."""

    screens: tuple[Screen, ...]
    state: DialogState | None
    effect: Effect | None = None
    handoff: Handoff | None = None


@dataclass(frozen=True)
class DialogContext:
    """What a step may read besides its state; all of it is passed in, nothing is global."""

    tr: Translator
    today: date
    rules: RuleBook
    user_id: int = 0
    chat_id: int = 0
    extras: dict[str, Any] = field(default_factory=dict)


class Dialog(Protocol):
    """A conversation flow; see the module docstring."""

    name: str

    def start(self, ctx: DialogContext, args: dict[str, Any] | None = None) -> Reply: ...

    def handle(self, state: DialogState, event: Event, ctx: DialogContext) -> Reply: ...

    def render(self, state: DialogState, ctx: DialogContext) -> Reply:
        """Show the current step again without changing anything (resume, stale button)."""
        ...


def callback_data(seq: int, value: str) -> str:
    """Encode a dialog button; refuses values that would break Telegram's 64-byte limit."""
    data = f"{CALLBACK_PREFIX}:{seq}:{value}"
    if len(data.encode("utf-8")) > MAX_CALLBACK_BYTES:
        raise ValueError(f"callback data too long: {data!r}")
    return data


def parse_callback_data(data: str) -> tuple[int, str] | None:
    """Decode ``d:<seq>:<value>``; None for anything else."""
    prefix, _, rest = data.partition(":")
    seq_text, _, value = rest.partition(":")
    if prefix != CALLBACK_PREFIX or not ascii_digits(seq_text):
        return None
    return int(seq_text), value
