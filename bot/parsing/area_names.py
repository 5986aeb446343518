"""The one reader of the administrative-units data: names <-> GSO codes of provinces and communes.

Officers (and ``BOT_PROVINCE``) name areas the way the 2025 map does ("Tỉnh Khánh Hòa",
"Xã Nam Cam Ranh, Tỉnh Khánh Hòa"); reports print names of today's communes and of the old
districts; the database keeps GSO codes.  Everything comes from the ``vietnamadminunits`` dataset,
opened read-only here and nowhere else (``bot.parsing.address`` reads its old units through
:func:`query_units`), so there is no hand-made list and no second copy of the same tables to drift.
A code (``"56"`` or ``"56/22480"``) is accepted wherever a name is.
"""

from __future__ import annotations

import re
import sqlite3
from functools import lru_cache
from pathlib import Path

from bot.domain.areas import Area
from bot.parsing.text import fold

_CODES = re.compile(r"^\s*(\d{1,3})(?:\s*/\s*(\d{3,6}))?\s*$")


@lru_cache(maxsize=1)
def _dataset() -> Path:
    import vietnamadminunits

    return Path(vietnamadminunits.__file__).parent / "data" / "dataset.db"


def query_units(sql: str, *params: str) -> list[tuple[str, ...]]:
    """Rows of the package's dataset (tables ``admin_units`` of today, ``admin_units_legacy`` before
    1 July 2025), opened read-only; callers cache what they keep."""
    with sqlite3.connect(f"file:{_dataset()}?mode=ro", uri=True) as connection:
        return list(connection.execute(sql, params))


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(text).lower())


@lru_cache(maxsize=1)
def _provinces() -> dict[str, str]:
    """Today's 34 provinces: code -> full name ("Tỉnh Khánh Hòa")."""
    return {str(code): name for name, code in query_units("SELECT DISTINCT province, provinceCode FROM admin_units")}


@lru_cache(maxsize=1)
def _wards() -> dict[str, tuple[str, str]]:
    """Today's communes: ward code -> (name, province code)."""
    return {str(code): (name, str(province)) for name, code, province in
            query_units("SELECT ward, wardCode, provinceCode FROM admin_units")}


@lru_cache(maxsize=1)
def _legacy_districts() -> dict[str, str]:
    """Old (before 1/7/2025) commune code -> the name of its old district."""
    return {str(code): district for code, district in
            query_units("SELECT wardCode, district FROM admin_units_legacy")}


def province_name(code: str) -> str:
    """"Tỉnh Khánh Hòa" for "56"; the code itself when the data lacks it."""
    return _provinces().get(code, code)


def ward_name(code: str) -> str:
    """"Phường Nha Trang" for its ward code; the code itself when the data lacks it."""
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


def resolve_area(text: str) -> Area | None:
    """The province or commune of today a name (or code) designates; None when it names none.

    A name with a commune must name its province too ("Xã X, Tỉnh Y"): commune names repeat
    across provinces.
    """
    provinces, wards = _provinces(), _wards()
    codes = _CODES.match(text or "")
    if codes:
        province_code = codes.group(1).zfill(2)
        ward_code = codes.group(2).zfill(5) if codes.group(2) else None
        if province_code not in provinces:
            return None
        if ward_code is not None and wards.get(ward_code, ("", ""))[1] != province_code:
            return None
        return Area(province_code, ward_code)
    if not (text or "").strip():
        return None
    from vietnamadminunits import parse_address

    try:
        parsed = parse_address(text, mode="FROM_2025", level=2 if "," in text else 1)
    except Exception:  # noqa: BLE001 - text that names no unit simply resolves to nothing
        return None
    if not parsed.province_code:
        return None
    if "," in text:
        if not parsed.ward_code:
            return None
        return Area(str(parsed.province_code), str(parsed.ward_code))
    return Area(str(parsed.province_code))


def area_name(area: Area) -> str:
    """"Xã Nam Cam Ranh, Tỉnh Khánh Hòa" or "Tỉnh Khánh Hòa"; the codes when the data lacks them."""
    province = province_name(area.province_code)
    if area.ward_code is None:
        return province
    name, province_of_ward = _wards().get(area.ward_code, (area.ward_code, ""))
    if province_of_ward != area.province_code:
        name = area.ward_code
    return f"{name}, {province}"


__all__ = ["area_name", "find_province", "find_ward", "legacy_district_name", "province_name", "query_units",
           "resolve_area", "ward_name"]
