"""Names of provinces and communes (today's map and the old districts), from ``vietnamadminunits``.

Reports print names, the database keeps GSO codes.  The package's dataset is read once, read-only,
like ``bot.parsing.address`` does; nothing here is a hand-made list.
"""

from __future__ import annotations

import re
import sqlite3
from functools import lru_cache
from pathlib import Path

from bot.parsing.text import fold


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(text).lower())


@lru_cache(maxsize=1)
def _dataset() -> Path:
    import vietnamadminunits

    return Path(vietnamadminunits.__file__).parent / "data" / "dataset.db"


def _query(sql: str, *params: str) -> list[tuple[str, ...]]:
    with sqlite3.connect(f"file:{_dataset()}?mode=ro", uri=True) as connection:
        return list(connection.execute(sql, params))


@lru_cache(maxsize=1)
def _provinces() -> dict[str, str]:
    """Today's 34 provinces: code -> full name ("Tỉnh Khánh Hòa")."""
    return {str(code): name for name, code in _query("SELECT DISTINCT province, provinceCode FROM admin_units")}


@lru_cache(maxsize=1)
def _wards() -> dict[str, tuple[str, str]]:
    """Today's communes: ward code -> (name, province code)."""
    return {str(code): (name, str(province)) for name, code, province in
            _query("SELECT ward, wardCode, provinceCode FROM admin_units")}


@lru_cache(maxsize=1)
def _legacy_districts() -> dict[str, str]:
    """Old (before 1/7/2025) commune code -> the name of its old district."""
    return {str(code): district for code, district in
            _query("SELECT wardCode, district FROM admin_units_legacy")}


def province_name(code: str) -> str:
    return _provinces().get(code, code)


def ward_name(code: str) -> str:
    return _wards().get(code, (code, ""))[0]


def legacy_district_name(old_ward_code: str) -> str:
    """The old district of an old commune code ("" when unknown)."""
    return _legacy_districts().get(old_ward_code, "")


def find_province(text: str) -> str | None:
    """The code of today's province a person typed: "Tỉnh Khánh Hòa", "Khanh Hoa", "56"."""
    typed = _key(text)
    if typed in _provinces():
        return typed
    for code, name in _provinces().items():
        if _key(name) == typed or re.sub(r"^(tinh|thanhpho)", "", _key(name)) == re.sub(r"^(tinh|thanhpho)", "", typed):
            return code
    return None


def find_ward(text: str, province_code: str | None = None) -> str | None:
    """The code of today's commune a person typed ("Phường Nha Trang"), inside a province if given."""
    typed = _key(text)
    if typed in _wards():
        return typed
    for code, (name, province) in _wards().items():
        if province_code and province != province_code:
            continue
        if _key(name) == typed:
            return code
    return None


__all__ = ["find_province", "find_ward", "legacy_district_name", "province_name", "ward_name"]
