"""Where a record lives on today's map: (province code, ward code) from the address a list gives.

Lists of 2020–2021 name the old commune, district and province; since 1 July 2025 those communes
are merged into fewer communes of 34 provinces.  ``place_old`` converts an old address with
``vietnamadminunits.convert_address``; ``place_current`` reads an address of today.  Both are
cached (they are called once per imported row, and a list repeats a few hundred communes).
A record that cannot be placed gets ``("", "")``: it is still imported, and only officers of
the whole province (not of a commune) see it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from bot.domain.areas import Area

UNPLACED = ("", "")


@dataclass(frozen=True)
class Placement:
    """Today's province and commune codes of a record; empty strings when unknown."""

    province_code: str = ""
    ward_code: str = ""

    @property
    def placed(self) -> bool:
        return bool(self.province_code)

    def inside(self, area: Area) -> bool:
        return self.placed and area.contains(self.province_code, self.ward_code or None)


@lru_cache(maxsize=8192)
def place_old(commune: str, district: str, province: str) -> Placement:
    """Convert an old (2020–2021) commune/district/province to today's codes."""
    parts = [p.strip() for p in (commune, district, province) if p and p.strip()]
    if not province.strip() or len(parts) < 2:
        return _province_only(province)
    from vietnamadminunits import convert_address

    try:
        unit = convert_address(", ".join(parts))
    except Exception:  # noqa: BLE001 - an address the converter does not know stays at province level
        return _province_only(province)
    if not unit.province_code:
        return _province_only(province)
    return Placement(str(unit.province_code), str(unit.ward_code or ""))


@lru_cache(maxsize=8192)
def place_current(commune: str, province: str) -> Placement:
    """Read an address of today's map (commune and province, no district)."""
    from vietnamadminunits import parse_address

    parts = [p.strip() for p in (commune, province) if p and p.strip()]
    if not parts:
        return Placement()
    try:
        unit = parse_address(", ".join(parts), mode="FROM_2025", level=2 if len(parts) == 2 else 1)
    except Exception:  # noqa: BLE001
        return Placement()
    return Placement(str(unit.province_code or ""), str(unit.ward_code or "") if len(parts) == 2 else "")


def place_record(commune: str, district: str, province: str) -> Placement:
    """A list row: with a district it is an old address; without one, an address of today."""
    if district and district.strip():
        return place_old(commune, district, province)
    if commune and commune.strip():
        current = place_current(commune, province)
        if current.ward_code:
            return current
    return _province_only(province)


@lru_cache(maxsize=256)
def _province_only(province: str) -> Placement:
    if not province or not province.strip():
        return Placement()
    from vietnamadminunits import convert_address, parse_address

    for attempt in (lambda: parse_address(province, mode="FROM_2025", level=1),
                    lambda: convert_address(province)):
        try:
            unit = attempt()
        except Exception:  # noqa: BLE001
            continue
        if unit.province_code:
            return Placement(str(unit.province_code), "")
    return Placement()


def warm_up() -> None:
    """Load the conversion data (about 5 s, once per process) before the first list arrives."""
    place_record("Xã Ninh Quang", "Thị xã Ninh Hòa", "Tỉnh Khánh Hòa")
