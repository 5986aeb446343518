"""Checks an officer's announcement as Telegram will parse it (``parse_mode=HTML``), before anyone gets it.

Telegram refuses a whole message over one bad tag, so a broadcast with one would fail for every
recipient; the officer is told what to fix instead.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from enum import StrEnum

ALLOWED_TAGS = frozenset({"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "code", "pre", "a",
                          "tg-spoiler", "blockquote", "span"})
MAX_TEXT = 4096
MAX_CAPTION = 1024
_TAG = re.compile(r"<(/?)([a-zA-Z-]*)([^<>]*)>")
_HREF = re.compile(r"""^\s*href\s*=\s*(["'])(https?://[^"'\s]+|tg://[^"'\s]+)\1\s*$""")
_SPOILER = re.compile(r"""^\s*class\s*=\s*(["'])tg-spoiler\1\s*$""")  # how Telegram's apps write a spoiler
_ENTITY = re.compile(r"&(?!(?:lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);)")


class HtmlProblem(StrEnum):
    EMPTY = "empty"
    UNKNOWN_TAG = "unknown_tag"
    UNCLOSED = "unclosed"
    UNOPENED = "unopened"
    BAD_LINK = "bad_link"
    STRAY_BRACKET = "stray_bracket"
    TOO_LONG = "too_long"


@dataclass(frozen=True)
class HtmlCheck:
    """``problem`` None: Telegram will accept the text; ``detail`` names the tag at fault."""

    problem: HtmlProblem | None
    detail: str = ""
    visible_length: int = 0

    @property
    def ok(self) -> bool:
        return self.problem is None


def check_html(text: str, *, limit: int = MAX_TEXT) -> HtmlCheck:
    """Validate ``text`` as Telegram HTML: known tags only, properly nested, links with an http(s) href."""
    if not text.strip():
        return HtmlCheck(HtmlProblem.EMPTY)
    stack: list[str] = []
    for match in _TAG.finditer(text):
        closing, tag, attrs = match.group(1) == "/", match.group(2).lower(), match.group(3)
        if tag not in ALLOWED_TAGS:
            return HtmlCheck(HtmlProblem.UNKNOWN_TAG, tag or match.group(0))
        if closing:
            if not stack or stack[-1] != tag:
                return HtmlCheck(HtmlProblem.UNOPENED, tag)
            stack.pop()
            continue
        if tag == "a" and not _HREF.match(attrs):
            return HtmlCheck(HtmlProblem.BAD_LINK, match.group(0))
        if tag == "span" and not _SPOILER.match(attrs):
            return HtmlCheck(HtmlProblem.UNKNOWN_TAG, match.group(0))
        if tag not in ("a", "span") and attrs.strip() and tag not in ("pre", "code", "blockquote"):
            return HtmlCheck(HtmlProblem.UNKNOWN_TAG, match.group(0))
        stack.append(tag)
    if stack:
        return HtmlCheck(HtmlProblem.UNCLOSED, stack[-1])
    bare = _TAG.sub("", text)
    if "<" in bare or ">" in bare:
        return HtmlCheck(HtmlProblem.STRAY_BRACKET)
    visible = html.unescape(_ENTITY.sub("&amp;", bare))
    if len(visible) > limit:
        return HtmlCheck(HtmlProblem.TOO_LONG, str(limit), len(visible))
    return HtmlCheck(None, visible_length=len(visible))


def escape_stray_ampersands(text: str) -> str:
    """``&`` not starting an entity is sent as ``&amp;`` (Telegram would refuse it)."""
    return _ENTITY.sub("&amp;", text)
