"""Vietnamese phone numbers in every usual form, stored one way (E.164, +84…)."""

from __future__ import annotations

from bot.parsing.text import ascii_digits

import re

from bot.parsing.errors import ParseError

_MOBILE = re.compile(r"^(3[2-9]|5[2689]|7[06-9]|8[1-9]|9[0-46-9])\d{7}$")
_LANDLINE = re.compile(r"^2\d{9}$")
# The 2018 conversion of 11-digit mobile numbers (Bộ TT&TT): old prefix -> new prefix.
_OLD_PREFIXES = {
    "162": "32", "163": "33", "164": "34", "165": "35", "166": "36", "167": "37", "168": "38", "169": "39",
    "120": "70", "121": "79", "122": "77", "126": "76", "128": "78",
    "123": "83", "124": "84", "125": "85", "127": "81", "129": "82",
    "186": "56", "188": "58", "199": "59",
}


def normalize_phone(text: str) -> str:
    digits = re.sub(r"[\s.\-()]", "", str(text))
    if digits.startswith("+"):
        digits = digits[1:]
        if not digits.startswith("84"):
            raise ParseError("phone_format")
        national = digits[2:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        national = digits[2:]
    elif digits.startswith("0"):
        national = digits[1:]
    else:
        raise ParseError("phone_format")
    if not ascii_digits(national):
        raise ParseError("phone_format")
    if len(national) == 10 and national[:3] in _OLD_PREFIXES:
        national = _OLD_PREFIXES[national[:3]] + national[3:]
    if _MOBILE.match(national) or _LANDLINE.match(national):
        return "+84" + national
    raise ParseError("phone_format")


def mask_phone(e164: str) -> str:
    return e164[:3] + "*" * max(len(e164) - 6, 0) + e164[-3:]


def format_phone_national(e164: str) -> str:
    """+84912345678 -> "0912345678", the way people write it (and :func:`normalize_phone` reads it)."""
    return "0" + e164[3:] if e164.startswith("+84") else e164
