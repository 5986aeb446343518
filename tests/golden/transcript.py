"""A citizen's side of a conversation, written down as text, compared with a stored golden file.

Every message the citizen reads is recorded with its buttons, so a changed wording, a lost
translation (Vietnamese left in the English flow) or a missing button shows up as a diff.
``ANSINH_UPDATE_GOLDEN=1`` rewrites the golden files; without it a missing file is a failure, so a
new conversation is never silently accepted.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bot.localapi.client import SimMessage, SimUser

GOLDEN_DIR = Path(__file__).parent / "transcripts"
UPDATE_VARIABLE = "ANSINH_UPDATE_GOLDEN"
# Reference codes end in five random characters: the only part of a transcript that is not fixed.
_RANDOM_PARTS = (re.compile(r"\b(HS-\d{4}-)[0-9A-Z]{5}\b"),)


@dataclass
class Transcript:
    """Drives a :class:`SimUser` and writes down what they typed, pressed and read."""

    user: SimUser
    lines: list[str] = field(default_factory=list)

    async def say(self, text: str, until: str | None = None) -> str:
        self.lines.append(f">>> {text}")
        await self.user.send(text)
        return await self._read(until)

    async def tap(self, label: str, until: str | None = None) -> str:
        self.lines.append(f">>> [{label}]")
        await self.user.press(label)
        return await self._read(until)

    async def _read(self, until: str | None) -> str:
        messages = await self.user.replies(until=until)
        for message in messages:
            self.lines.extend(_render(message))
        return "\n".join(m.text for m in messages)

    def text(self) -> str:
        body = "\n".join(self.lines) + "\n"
        for pattern in _RANDOM_PARTS:
            body = pattern.sub(r"\g<1>XXXXX", body)
        return body


def _render(message: SimMessage) -> list[str]:
    lines = ["<<< (edited)" if message.edited else "<<<"]
    lines += [f"    {line}" if line else "" for line in message.text.splitlines()]
    if message.document:
        lines.append(f"    (file: {message.document.get('file_name', '')})")
    lines += ["    " + " ".join(f"[{label}]" for label in row) for row in message.buttons if row]
    return lines


def assert_matches_golden(name: str, transcript: Transcript) -> None:
    """Compare with ``transcripts/<name>.txt``; rewrite it instead when ANSINH_UPDATE_GOLDEN=1."""
    path = GOLDEN_DIR / f"{name}.txt"
    actual = transcript.text()
    if os.environ.get(UPDATE_VARIABLE) == "1":
        GOLDEN_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    if not path.is_file():
        pytest.fail(f"no golden transcript {path.name}; run the test with {UPDATE_VARIABLE}=1, read the file, "
                    "and commit it")
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(keepends=True), actual.splitlines(keepends=True),
                                            f"golden/{path.name}", "this run"))
        pytest.fail(f"the conversation differs from its golden transcript (set {UPDATE_VARIABLE}=1 to accept):\n"
                    f"{diff}")
