"""Vietnamese text normalisation: NFC, removing diacritics, one tone-mark placement.

The same name arrives as NFC or NFD, with "hoà" or "hòa", or typed without any diacritics.
We store what people wrote (in NFC) and compare *keys* built here.
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # huyền, sắc, ngã, hỏi, nặng
# Old-style placement (tone on the first vowel of oa/oe/uy) to the common new style, e.g. hoà→hòa.
_OLD_STYLE = re.compile(r"(?i)(?<!q)(o|u)(a|e|y)([\u0300\u0301\u0303\u0309\u0323])(?![a-zđ\u0300-\u036f])")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def squash_spaces(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def fold(text: str) -> str:
    """Remove every diacritic, đ/Đ included (U+0111 does not decompose under NFD)."""
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return stripped.replace("đ", "d").replace("Đ", "D")


def canonical_tones(text: str) -> str:
    """Move the tone mark of oa/oe/uy to the second vowel: "hoà" and "hòa" become the same."""
    decomposed = unicodedata.normalize("NFD", text)
    return nfc(_OLD_STYLE.sub(lambda m: m.group(1) + m.group(3) + m.group(2), decomposed))


def match_key(text: str) -> str:
    """A key for finding candidates: no diacritics, lower case, single spaces, no punctuation."""
    folded = fold(nfc(str(text))).lower()
    return squash_spaces(re.sub(r"[^\w\s]", " ", folded))
