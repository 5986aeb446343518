"""Yes/no, counts, money and months as people type them, with or without diacritics."""

from __future__ import annotations

import re

from bot.parsing.errors import ParseError
from bot.parsing.text import fold

_YES = {"co", "c", "yes", "y", "u", "uh", "um", "dung", "roi", "ok", "oke", "vang", "da", "da co", "co a",
        "da vang", "co roi", "dung roi", "phai", "chinh xac", "1"}
_NO = {"khong", "ko", "k", "kg", "khg", "hong", "hok", "no", "n", "chua", "sai", "khong co", "da khong",
       "khong a", "chua co", "k co", "ko co", "0"}
_NUMBER_WORDS = {"khong": 0, "mot": 1, "hai": 2, "ba": 3, "bon": 4, "tu": 4, "nam": 5, "lam": 5, "sau": 6,
                 "bay": 7, "tam": 8, "chin": 9, "muoi": 10, "muoi mot": 11, "muoi hai": 12}
_UNIT_WORDS = {"con", "be", "chau", "dua", "nguoi", "tre", "em", "ca"}


def _words(text: str) -> str:
    cleaned = re.sub(r"[^\w\s]", " ", fold(text).lower())
    return re.sub(r"\s+", " ", cleaned).strip()


def parse_yes_no(text: str) -> bool:
    words = _words(text)
    if words in _YES:
        return True
    if words in _NO:
        return False
    first = words.split(" ")[0] if words else ""
    if first in ("co", "dung", "vang", "yes", "roi"):
        return True
    if first in ("khong", "ko", "chua", "no", "k", "sai"):
        return False
    raise ParseError("yesno_unclear")


def _number_from_words(words: str) -> int | None:
    tokens = [t for t in words.split(" ") if t not in _UNIT_WORDS]
    if not tokens:
        return None
    if len(tokens) == 1 and tokens[0].isdigit():
        return int(tokens[0])
    if tokens[:2] == ["khong", "co"]:
        return 0
    if len(tokens) <= 2 and " ".join(tokens) in _NUMBER_WORDS:
        return _NUMBER_WORDS[" ".join(tokens)]
    if len(tokens) == 1 and tokens[0] in _NUMBER_WORDS:
        return _NUMBER_WORDS[tokens[0]]
    if len(tokens) == 2 and tokens[0] == "muoi" and tokens[1] in _NUMBER_WORDS:
        return 10 + _NUMBER_WORDS[tokens[1]]
    if len(tokens) in (2, 3) and tokens[1] == "muoi" and tokens[0] in _NUMBER_WORDS:
        tail = _NUMBER_WORDS.get(tokens[2], None) if len(tokens) == 3 else 0
        return None if tail is None else _NUMBER_WORDS[tokens[0]] * 10 + tail
    return None


def parse_count(text: str, *, min: int = 0, max: int = 20) -> int:  # noqa: A002 - names mirror the question
    value = _number_from_words(_words(text))
    if value is None:
        raise ParseError("count_format")
    if not (min <= value <= max):
        raise ParseError("count_range", min=min, max=max)
    return value


_MONEY_UNITS = {"ty": 1_000_000_000, "trieu": 1_000_000, "tr": 1_000_000, "nghin": 1_000, "ngan": 1_000,
                "k": 1_000, "dong": 1, "d": 1, "vnd": 1}


def parse_money(text: str) -> int:
    """"7.500.000", "7,5 triệu", "7tr5", "7 triệu 500 nghìn", "7500k" -> đồng."""
    raw = fold(text).lower().strip()
    if raw.startswith("-"):
        raise ParseError("money_range")
    compact = raw.replace(" ", "")
    if re.fullmatch(r"\d{1,3}([.,]\d{3})+(d|dong|vnd)?", compact) or re.fullmatch(r"\d+(d|dong|vnd)?", compact):
        return int(re.sub(r"\D", "", compact))
    short = re.fullmatch(r"(\d+)(tr|trieu|k|ty)(\d{1,3})", compact)  # 7tr5 = 7.500.000
    if short:
        unit = _MONEY_UNITS[short.group(2)]
        tail = short.group(3)
        return int(short.group(1)) * unit + int(tail) * unit // (10 ** len(tail))
    total, found = 0, False
    for number, unit in re.findall(r"(\d+(?:[.,]\d+)?)\s*(ty|trieu|tr|nghin|ngan|k|dong|vnd|d)?", raw):
        value = float(number.replace(",", "."))
        total += round(value * _MONEY_UNITS.get(unit or "dong", 1))
        found = True
    if not found or re.search(r"[a-z]", re.sub(r"ty|trieu|tr|nghin|ngan|k|dong|vnd|d", "", raw)):
        raise ParseError("money_format")
    return int(total)


def parse_months(text: str, *, max: int = 600) -> int:  # noqa: A002
    words = _words(text)
    if words.isdigit():
        value = int(words)
    else:
        years = re.search(r"(\d+)\s*nam", words)
        months = re.search(r"(\d+)\s*thang", words)
        if not years and not months:
            raise ParseError("months_format")
        value = (int(years.group(1)) * 12 if years else 0) + (int(months.group(1)) if months else 0)
    if value > max:
        raise ParseError("months_range", min=0, max=max)
    return value
