"""Administrative units, old (63 provinces, with districts) and current (after the 1 July 2025 reform:
34 provinces, communes directly under the province, no districts).

Everything comes from the maintained ``vietnamadminunits`` package (GSO codes), never from a
hand-made list: its parser reads what citizens type with or without diacritics, and its
dataset lets us offer the closest communes when a name has a typo.  People still write the old
address (with its district) on papers issued before the reform, and the new one since: both are
read, and every match carries the unit's name today.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache

from bot.parsing.area_names import query_units
from bot.parsing.text import fold


@dataclass(frozen=True)
class UnitCandidate:
    ward_name: str
    district_name: str
    province_name: str
    ward_code: str
    district_code: str
    province_code: str
    current_ward_name: str = ""
    current_province_name: str = ""
    current_ward_code: str = ""
    current_province_code: str = ""
    era: str = "legacy"  # "legacy" (before 1 July 2025, with a district) or "2025" (today's units)

    @property
    def label(self) -> str:
        """The unit as the citizen wrote it: ward, district (old units only), province."""
        return ", ".join(x for x in (self.ward_name, self.district_name, self.province_name) if x)

    @property
    def current_label(self) -> str:
        """Today's name of the unit: ward and province, never a district."""
        return ", ".join(x for x in (self.current_ward_name, self.current_province_name) if x)


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(text).lower())


@lru_cache(maxsize=1)
def _legacy_rows() -> list[tuple[str, ...]]:
    return query_units(
        "SELECT ward, district, province, wardCode, districtCode, provinceCode, wardShortKey, wardKey, "
        "districtCode FROM admin_units_legacy")


def _convert(candidate: UnitCandidate) -> UnitCandidate:
    from vietnamadminunits import convert_address

    try:
        current = convert_address(f"{candidate.ward_name}, {candidate.district_name}, {candidate.province_name}")
    except Exception:  # noqa: BLE001 - a unit the converter does not know stays without a current match
        return candidate
    return UnitCandidate(
        candidate.ward_name, candidate.district_name, candidate.province_name, candidate.ward_code,
        candidate.district_code, candidate.province_code,
        current_ward_name=current.ward or "", current_province_name=current.province or "",
        current_ward_code=str(current.ward_code or ""), current_province_code=str(current.province_code or ""),
    )


def match_unit(text: str, *, limit: int = 5) -> list[UnitCandidate]:
    """The commune(s) a citizen meant, in either era: an old address with its district is read as
    such; otherwise today's units are tried ("phường Tân Định, TP HCM"); a typo in an old address
    gives the closest few."""
    legacy = match_legacy_unit(text, limit=limit)
    if len(legacy) == 1 or not str(text).strip():
        return legacy
    current = match_current_unit(text)
    if current is not None:
        return [current]
    return legacy


def match_current_unit(text: str) -> UnitCandidate | None:
    """A ward or commune of today's map (after 1 July 2025), named with its province."""
    from vietnamadminunits import parse_address

    try:
        parsed = parse_address(str(text), mode="FROM_2025", level=2)
    except Exception:  # noqa: BLE001 - unparseable text simply has no candidates
        return None
    if not parsed.ward or not parsed.province:
        return None
    if re.match(r"(?i)^(xa|phuong|thi tran)\b", fold(parsed.street or "").strip()):
        return None  # an old commune read as a street of a new one: not what the citizen meant
    ward, province = str(parsed.ward), str(parsed.province)
    ward_code, province_code = str(parsed.ward_code or ""), str(parsed.province_code or "")
    return UnitCandidate(ward, "", province, ward_code, "", province_code, current_ward_name=ward,
                         current_province_name=province, current_ward_code=ward_code,
                         current_province_code=province_code, era="2025")


def match_legacy_unit(text: str, *, limit: int = 5) -> list[UnitCandidate]:
    """The old commune(s) a citizen meant: one when the address is exact, the closest few on a typo."""
    from vietnamadminunits import parse_address

    if len(str(text)) > 300:
        return []
    try:
        parsed = parse_address(str(text), mode="LEGACY", level=3)
    except Exception:  # noqa: BLE001 - unparseable text simply has no candidates
        return []
    if parsed.ward:
        return [_convert(UnitCandidate(parsed.ward, parsed.district or "", parsed.province or "",
                                       str(parsed.ward_code), str(parsed.district_code or ""),
                                       str(parsed.province_code or "")))]
    if not parsed.district_code:
        return []
    typed = _key(str(text).split(",")[0])
    typed = re.sub(r"^(xa|phuong|thitran)", "", typed)
    wards = [row for row in _legacy_rows() if str(row[4]) == str(parsed.district_code)]
    scored = sorted(wards, key=lambda row: difflib.SequenceMatcher(None, typed, row[6]).ratio(), reverse=True)
    close = [row for row in scored if difflib.SequenceMatcher(None, typed, row[6]).ratio() >= 0.6][:limit]
    return [_convert(UnitCandidate(r[0], r[1], r[2], str(r[3]), str(r[4]), str(r[5]))) for r in close]
