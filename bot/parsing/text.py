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


def _fold_slow(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return stripped.replace("đ", "d").replace("Đ", "D")


# Precomposed Latin letters (Vietnamese included) to their base letter, applied with str.translate.
_FOLD_TABLE = {cp: _fold_slow(chr(cp)) for cp in range(0xC0, 0x1F00)
               if unicodedata.category(chr(cp)).startswith("L") and _fold_slow(chr(cp)) != chr(cp)}
_COMBINING = re.compile(r"[\u0300-\u036f]")


def fold(text: str) -> str:
    """Remove every diacritic, đ/Đ included (U+0111 does not decompose under NFD)."""
    if text.isascii():
        return text
    folded = text.translate(_FOLD_TABLE)
    return folded if folded.isascii() else _COMBINING.sub("", folded)


def canonical_tones(text: str) -> str:
    """Move the tone mark of oa/oe/uy to the second vowel: "hoà" and "hòa" become the same."""
    decomposed = unicodedata.normalize("NFD", text)
    return nfc(_OLD_STYLE.sub(lambda m: m.group(1) + m.group(3) + m.group(2), decomposed))


_PUNCTUATION = {ord(ch): " " for ch in "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"}


def match_key(text: str) -> str:
    """A key for finding candidates: no diacritics, lower case, single spaces, no punctuation."""
    text = str(text)
    folded = fold(text if text.isascii() else nfc(text)).lower().translate(_PUNCTUATION)
    return " ".join(folded.split())


def ascii_digits(text: str) -> bool:
    """Only the digits 0-9: ``str.isdigit`` also accepts "²" and other scripts' digits, which
    ``int()`` then refuses or reads as something nobody typed on a Vietnamese keyboard."""
    return text.isascii() and text.isdigit()
