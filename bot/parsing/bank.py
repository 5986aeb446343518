"""Bank account numbers: digits only, masked everywhere they are shown or logged."""

from __future__ import annotations

from bot.parsing.text import ascii_digits

import re

from bot.parsing.errors import ParseError


def normalize_account(text: str) -> str:
    digits = re.sub(r"[\s.\-]", "", str(text))
    if not ascii_digits(digits) or not 6 <= len(digits) <= 19:
        raise ParseError("account_format")
    return digits


def mask_account(number: str) -> str:
    return "*" * max(len(number) - 4, 0) + number[-4:]
