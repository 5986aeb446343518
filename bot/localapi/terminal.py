"""The terminal chat: the bot's messages as text, buttons as numbered choices.

A bare number presses the button with that number only when the question is a choice; when the
question asks for a number (its only buttons are navigation, or the counts 0-3), the number is
the answer, so "24" answers "how many months?" instead of pressing button 24 or 2.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from pathlib import Path

from bot.localapi.client import SimMessage, SimUser

ReadLine = Callable[[], Awaitable[str | None]]


def _tr():  # type: ignore[no-untyped-def]
    from bot.i18n import Translator

    return Translator("vi")
Write = Callable[[str], None]
# Dialog buttons that move around a question rather than answer it (see bot.dialogs).
NAVIGATION = frozenset({"back", "cancel"})


def number_is_answer(data: list[str]) -> bool:
    """True when a typed number answers the question whose buttons carry ``data``."""
    values = []
    for item in data:
        prefix, _, rest = item.partition(":")
        values.append(rest.partition(":")[2] if prefix == "d" else item)
    choices = [v for v in values if v and v not in NAVIGATION and not v.startswith("n:")]
    return not choices


def render(message: SimMessage) -> str:
    lines = [message.text]
    if message.document:
        lines.append(_tr()._("[file] {name}").format(name=message.document.get("file_name")))
    number = 1
    choices = []
    for row in message.buttons:
        cells = []
        for label in row:
            cells.append(f"[{number}] {label}")
            number += 1
        choices.append("  ".join(cells))
    return "\n".join(lines + choices)


async def run_terminal_chat(user: SimUser, *, read_line: ReadLine, write: Write,
                            download_dir: Path | None = None) -> None:
    """Loop: show what the bot said, read a line, act on it; ends on /quit or end of input."""
    buttons_message: SimMessage | None = None
    while True:
        line = await read_line()
        if line is None or line.strip() == "/quit":
            return
        line = line.strip()
        if not line:
            continue
        flat = [] if buttons_message is None else [
            d for row in buttons_message.data for d in row]
        if line.isdigit() and 1 <= int(line) <= len(flat) and not number_is_answer([d or "" for d in flat]):
            assert buttons_message is not None
            await user.press_data(buttons_message.message_id, flat[int(line) - 1] or "")
        elif line.startswith("'"):  # a number meant as an answer, not as a button: '24
            await user.send(line[1:])
        elif line.startswith("/file "):
            path = Path(line[len("/file "):].strip()).expanduser()
            if not path.is_file():
                write(_tr()._("(file not found: {path})").format(path=path))
                continue
            await user.upload(path.name, path.read_bytes())
        else:
            await user.send(line)
        for message in await user.replies(timeout=120):
            write("")
            write(re.sub(r"\n{3,}", "\n\n", render(message)))
            if message.buttons:
                buttons_message = message
            if message.document and download_dir is not None:
                download_dir.mkdir(parents=True, exist_ok=True)
                target = download_dir / str(message.document.get("file_name") or "tep")
                target.write_bytes(await user.download(message.document))
                write(_tr()._("(file saved: {path})").format(path=target))
