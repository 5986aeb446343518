"""The dictionary of column headers: every way offices write each field, and matching one header cell.

Headers are compared as *keys*: no diacritics, lower case, punctuation and line breaks turned into
single spaces, so "Số CCCD/\nCMND", "SO CCCD - CMND" and "so cccd cmnd" are the same header.
The spellings are data; add new ones to :data:`FIELD_ALIASES` as offices' files show them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bot.lists import schema
from bot.parsing.text import fold

# Canonical field -> spellings seen in offices' lists, from the one column schema (bot/lists/schema.py).
# Spellings of one word match only exactly ("Xã", "Tên"); longer ones also match as the start of a
# longer header ("Họ và tên người lao động").  A trailing "!" marks the preferred column when several
# match the same field ("Thành tiền" over "Mức hỗ trợ", which is often a monthly rate next to the total).
FIELD_ALIASES: dict[str, tuple[str, ...]] = schema.aliases()
# Words that name an ID number anywhere in a header: "Số CMND/CCCD/Hộ chiếu", "CCCD (12 số)".
_CCCD_WORDS = ("cccd", "can cuoc", "dinh danh", "ma dinh danh")
_CMND_WORDS = ("cmnd", "cmt", "chung minh")
_ID_OTHER_WORDS = ("ho chieu", "giay to tuy than")
_NOT_ID_WORDS = ("ngay cap", "noi cap", "cap ngay", "ngay", "noi")
_UNITS = {"nghin dong": 1000, "ngan dong": 1000, "1000 dong": 1000, "1 000 dong": 1000, "1000d": 1000,
          "1000 d": 1000, "trieu dong": 1_000_000, "tr dong": 1_000_000}
def header_key(value: object) -> str:
    """"Số CCCD/\nCMND" -> "so cccd cmnd": no diacritics, lower case, words separated by one space."""
    if value is None:
        return ""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", fold(str(value)).lower()).split())


def _compile() -> tuple[dict[str, tuple[str, int]], list[tuple[str, str, int]]]:
    exact: dict[str, tuple[str, int]] = {}
    prefixes: list[tuple[str, str, int]] = []
    for name, spellings in FIELD_ALIASES.items():
        for spelling in spellings:
            weight = 2 if spelling.endswith("!") else 1
            key = header_key(spelling.rstrip("!"))
            exact.setdefault(key, (name, weight))
            if " " in key:
                prefixes.append((key, name, weight))
    prefixes.sort(key=lambda item: len(item[0]), reverse=True)
    return exact, prefixes


_EXACT, _PREFIXES = _compile()


@dataclass(frozen=True)
class Hit:
    """What one header cell names."""

    field: str
    weight: int      # preferred spelling ("Thành tiền") > plain
    exact: bool      # the whole header is a known spelling
    length: int      # how much of the header the spelling explains


@lru_cache(maxsize=4096)
def match_key(key: str) -> Hit | None:
    """The field a header key names, or None."""
    if not key or len(key) > 120:
        return None
    id_hit = _id_field(key)
    if id_hit is not None:
        return Hit(id_hit, 1, True, len(key))
    stripped = _strip_units(key)
    for candidate in dict.fromkeys((key, stripped)):
        if candidate in _EXACT:
            name, weight = _EXACT[candidate]
            return Hit(name, weight, True, len(candidate))
    for alias, name, weight in _PREFIXES:
        if key.startswith(alias + " "):
            return Hit(name, weight, False, len(alias))
    if "sinh" in key.split() and any(w in key.split() for w in ("ngay", "nam", "thang")) and "noi" not in key:
        return Hit("birth_date", 1, False, 4)
    if "dien thoai" in key:
        return Hit("phone", 1, False, 10)
    return None


def _id_field(key: str) -> str | None:
    padded = f" {key} "
    if any(f" {w} " in padded for w in _NOT_ID_WORDS):
        return None
    cccd = any(f" {w} " in padded for w in _CCCD_WORDS)
    cmnd = any(f" {w} " in padded for w in _CMND_WORDS)
    if cccd and not cmnd:
        return "id_cccd"
    if cmnd and not cccd:
        return "id_cmnd"
    if cccd or cmnd or any(f" {w} " in padded for w in _ID_OTHER_WORDS):
        return "id_number"
    return None


def _strip_units(key: str) -> str:
    """"so tien ho tro dong" -> "so tien ho tro": the unit is not part of the column's name."""
    for unit in (*_UNITS, "dong", "vnd", "d", "dong thang", "vnd thang"):
        if key.endswith(" " + unit):
            return key[: -len(unit) - 1]
    return key


def unit_multiplier(key: str) -> int:
    """1000 for "Số tiền (nghìn đồng)": the cells hold thousands of đồng."""
    return next((factor for unit, factor in _UNITS.items() if unit in key), 1)


__all__ = ["FIELD_ALIASES", "Hit", "header_key", "match_key", "unit_multiplier"]
