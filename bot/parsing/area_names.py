"""Officers' areas by name: "Tỉnh Khánh Hòa" or "Xã Nam Cam Ranh, Tỉnh Khánh Hòa" <-> an :class:`Area`.

Officers (and ``BOT_PROVINCE``) name areas the way the 2025 map does; the database keeps GSO
codes.  Names and codes both come from the ``vietnamadminunits`` 2025 data, so there is no
hand-made list to drift out of date.  A code (``"56"`` or ``"56/22480"``) is accepted as well.
"""

from __future__ import annotations

import re
import sqlite3
from functools import lru_cache
from pathlib import Path

from bot.domain.areas import Area

_CODES = re.compile(r"^\s*(\d{1,3})(?:\s*/\s*(\d{3,6}))?\s*$")


@lru_cache(maxsize=1)
def _units() -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    """(province code -> name, (province code, ward code) -> name) of today's map."""
    import vietnamadminunits

    path = Path(vietnamadminunits.__file__).parent / "data" / "dataset.db"
    provinces: dict[str, str] = {}
    wards: dict[tuple[str, str], str] = {}
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        for province, ward, province_code, ward_code in connection.execute(
                "SELECT province, ward, provinceCode, wardCode FROM admin_units"):
            provinces[str(province_code)] = province
            wards[(str(province_code), str(ward_code))] = ward
    return provinces, wards


def resolve_area(text: str) -> Area | None:
    """The province or commune of today a name (or code) designates; None when it names none.

    A name with a commune must name its province too ("Xã X, Tỉnh Y"): commune names repeat
    across provinces.
    """
    provinces, wards = _units()
    codes = _CODES.match(text or "")
    if codes:
        province_code = codes.group(1).zfill(2)
        ward_code = codes.group(2).zfill(5) if codes.group(2) else None
        if province_code not in provinces:
            return None
        if ward_code is not None and (province_code, ward_code) not in wards:
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
    provinces, wards = _units()
    province = provinces.get(area.province_code, area.province_code)
    if area.ward_code is None:
        return province
    return f"{wards.get((area.province_code, area.ward_code), area.ward_code)}, {province}"
