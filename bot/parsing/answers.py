"""Yes/no/unknown, counts, money and months as people type them, with or without diacritics.

Polite and dialect forms are everyday Vietnamese, not noise: "dạ có ạ", "vâng", "ừ", "hông",
"ko có", "dạ không".  "Không biết" is its own answer (:attr:`YesNo.UNKNOWN`), never a "no":
reading it as "không" would decide a citizen's case on an answer they did not give.
"""

from __future__ import annotations

from bot.parsing.text import ascii_digits

import re
from enum import Enum

from bot.parsing.errors import ParseError
from bot.parsing.text import fold


class YesNo(Enum):
    """An answer to a yes/no question, including "I do not know"."""

    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


# Particles of politeness that carry no yes or no: "dạ có ạ", "không ạ", "có nhé".
_POLITE = {"a", "ah", "nhe", "nha", "nhen", "ha", "oi", "ban", "minh", "em", "anh", "chi", "toi", "thua", "da"}
_YES = {"co", "c", "yes", "y", "u", "uh", "um", "uhm", "uk", "dung", "roi", "ok", "oke", "okay", "vang", "da",
        "co roi", "dung roi", "phai", "chinh xac", "1", "co chu", "dung vay", "dung the", "phai roi", "yep"}
_NO = {"khong", "ko", "k", "kg", "khg", "hong", "hok", "hem", "no", "n", "chua", "sai", "khong co", "khong phai",
       "chua co", "k co", "ko co", "kg co", "hong co", "khong dung", "0", "nope", "chua tung", "ko phai"}
_UNKNOWN = {"khong biet", "ko biet", "k biet", "kg biet", "hong biet", "chua biet", "khong ro", "ko ro", "chua ro",
            "khong chac", "ko chac", "chua chac", "khong nho", "ko nho", "khong chac chan", "khong biet nua",
            "bo tay", "dont know", "don t know", "do not know", "not sure", "unknown", "idk", "khong hieu"}
_NUMBER_WORDS = {"khong": 0, "mot": 1, "hai": 2, "ba": 3, "bon": 4, "tu": 4, "nam": 5, "lam": 5, "sau": 6,
                 "bay": 7, "tam": 8, "chin": 9, "muoi": 10, "muoi mot": 11, "muoi hai": 12}
_UNIT_WORDS = {"con", "be", "chau", "dua", "nguoi", "tre", "em", "ca", "nhan", "khau", "thanh", "vien", "co",
               "khoang", "duoc", "la", "a", "ah", "nha", "nhe", "da", "vang"}


def _words(text: str) -> str:
    cleaned = re.sub(r"[^\w\s]", " ", fold(str(text)).lower())
    return re.sub(r"\s+", " ", cleaned).strip()


def parse_yes_no_unknown(text: str) -> YesNo:
    """Yes, no or "I do not know"; ParseError("yesno_unclear") for anything else."""
    words = _words(text)
    if words in _UNKNOWN or words.rstrip(" a") in _UNKNOWN or text.strip() == "?":
        return YesNo.UNKNOWN
    tokens = words.split(" ") if words else []
    core = [t for t in tokens if t not in _POLITE]
    if not core and tokens and tokens[0] in ("da", "vang"):
        return YesNo.YES  # "dạ", "dạ ạ"
    phrase = " ".join(core)
    if phrase in _UNKNOWN or (len(core) >= 2 and " ".join(core[:2]) in _UNKNOWN):
        return YesNo.UNKNOWN
    if phrase in _YES:
        return YesNo.YES
    if phrase in _NO:
        return YesNo.NO
    first = core[0] if core else ""
    if first in ("khong", "ko", "k", "kg", "chua", "no", "sai", "hong", "hok"):
        return YesNo.NO
    if first in ("co", "dung", "vang", "yes", "roi", "u", "uh", "phai"):
        return YesNo.YES
    raise ParseError("yesno_unclear")


def parse_yes_no(text: str) -> bool:
    """Yes or no; "không biết" raises ParseError("yesno_unknown") so it is never read as "no"."""
    answer = parse_yes_no_unknown(text)
    if answer is YesNo.UNKNOWN:
        raise ParseError("yesno_unknown")
    return answer is YesNo.YES


def _number_from_words(words: str, units: frozenset[str] = frozenset()) -> int | None:
    tokens = [t for t in words.split(" ") if t and t not in _UNIT_WORDS and t not in units]
    if words.split(" ")[:2] == ["khong", "co"]:
        return 0
    if not tokens:
        return None
    if len(tokens) == 1 and ascii_digits(tokens[0]) and len(tokens[0]) <= 9:
        return int(tokens[0])
    if len(tokens) <= 2 and " ".join(tokens) in _NUMBER_WORDS:
        return _NUMBER_WORDS[" ".join(tokens)]
    if len(tokens) == 2 and tokens[0] == "muoi" and tokens[1] in _NUMBER_WORDS:
        return 10 + _NUMBER_WORDS[tokens[1]]
    if len(tokens) in (2, 3) and tokens[1] == "muoi" and tokens[0] in _NUMBER_WORDS:
        tail = _NUMBER_WORDS.get(tokens[2], None) if len(tokens) == 3 else 0
        return None if tail is None else _NUMBER_WORDS[tokens[0]] * 10 + tail
    return None


def parse_count(text: str, *, min: int = 0, max: int = 20) -> int:  # noqa: A002 - names mirror the question
    """"2", "hai", "2 con", "3 nhân khẩu", "không có" -> a whole number within [min, max]."""
    value = _number_from_words(_words(text))
    if value is None:
        raise ParseError("count_format")
    if not (min <= value <= max):
        raise ParseError("count_range", min=min, max=max)
    return value


_MONEY_UNITS = {"ty": 1_000_000_000, "trieu": 1_000_000, "tr": 1_000_000, "nghin": 1_000, "ngan": 1_000,
                "k": 1_000, "dong": 1, "d": 1, "vnd": 1}
_MONEY_CAP = 10**15  # beyond any amount a person could mean; keeps float arithmetic exact


def parse_money(text: str) -> int:
    """"7.500.000", "7,5 triệu", "7tr5", "7 triệu 500 nghìn", "7500k" -> đồng."""
    raw = re.sub(r"\s+", " ", fold(str(text)).lower().strip())
    if raw.startswith("-"):
        raise ParseError("money_range")
    raw = re.sub(r"\b(dong|vnd|d)\s*/\s*thang\b|/\s*thang\b|\bmoi thang\b|\bmot thang\b", "", raw).strip()
    compact = raw.replace(" ", "")
    if re.fullmatch(r"\d{1,3}([.,]\d{3})+(d|dong|vnd)?", compact) or re.fullmatch(r"\d+(d|dong|vnd)?", compact):
        return _capped(int(re.sub(r"\D", "", compact)))
    short = re.fullmatch(r"(\d+)(tr|trieu|k|ty)(\d{1,3})", compact)  # 7tr5 = 7.500.000
    if short:
        unit = _MONEY_UNITS[short.group(2)]
        tail = short.group(3)
        return _capped(int(short.group(1)) * unit + int(tail) * unit // (10 ** len(tail)))
    parts = re.findall(r"(\d+(?:[.,]\d+)?)\s*(ty|trieu|tr|nghin|ngan|k|dong|vnd|d)?", raw)
    leftover = re.sub(r"\d+(?:[.,]\d+)?\s*(ty|trieu|tr|nghin|ngan|k|dong|vnd|d)?", "", raw)
    if not parts or leftover.strip():
        raise ParseError("money_format")
    total = 0
    for number, unit in parts:
        if len(number) > 15:
            raise ParseError("money_range")
        whole, _, fraction = number.replace(",", ".").partition(".")
        scale = _MONEY_UNITS.get(unit or "dong", 1)
        if fraction and scale == 1:
            raise ParseError("money_format")
        total += int(whole) * scale + (int(fraction) * scale // (10 ** len(fraction)) if fraction else 0)
    return _capped(total)


def _capped(value: int) -> int:
    if value > _MONEY_CAP:
        raise ParseError("money_range")
    return value


def format_money_plain(amount: int) -> str:
    """7500000 -> "7.500.000" (what :func:`parse_money` reads back)."""
    return f"{amount:,}".replace(",", ".")


def parse_months(text: str, *, min: int = 0, max: int = 600) -> int:  # noqa: A002
    """"24", "24 tháng", "2 năm", "3 năm 2 tháng" -> months within [min, max]."""
    words = _words(text)
    plain = _number_from_words(words, frozenset({"thang"}))
    if plain is not None and "nam" not in words.split(" ")[1:]:
        value = plain
    else:
        years = re.search(r"(\d+)\s*nam", words)
        months = re.search(r"(\d+)\s*thang", words)
        if not years and not months:
            raise ParseError("months_format")
        if (years and len(years.group(1)) > 4) or (months and len(months.group(1)) > 6):
            raise ParseError("months_range", min=min, max=max)
        value = (int(years.group(1)) * 12 if years else 0) + (int(months.group(1)) if months else 0)
    if not min <= value <= max:
        raise ParseError("months_range", min=min, max=max)
    return value
