"""People's names: stored in NFC with their diacritics, matched ignoring case, spacing, tone-mark
placement and missing diacritics."""

from __future__ import annotations

import re

from bot.parsing.errors import ParseError
from bot.parsing.text import match_key, nfc, squash_spaces

_NAME_CHARS = re.compile(r"^[^\W\d_]+(?:[ '\-][^\W\d_]+)*$", re.UNICODE)


def normalize_name(text: str) -> str:
    """"nguyễn  văn an" -> "Nguyễn Văn An"; refuses digits and symbols."""
    name = squash_spaces(nfc(text))
    if len(name.replace(" ", "")) < 2:
        raise ParseError("name_short")
    if not _NAME_CHARS.match(name):
        raise ParseError("name_chars")
    return " ".join(word[:1].upper() + word[1:].lower() for word in name.split(" "))


def name_key(text: str) -> str:
    return match_key(text)


def names_match(a: str, b: str) -> bool:
    return bool(a and b) and name_key(a) == name_key(b)


def mask_name(text: str) -> str:
    """Keep the family name and initials: "Nguyễn Văn An" -> "Nguyễn V. A."."""
    parts = squash_spaces(nfc(text)).split(" ")
    if len(parts) <= 1:
        return (parts[0][:1] + "***") if parts and parts[0] else ""
    return " ".join([parts[0]] + [p[:1] + "." for p in parts[1:]])
