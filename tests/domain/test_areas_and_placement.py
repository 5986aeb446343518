"""Areas by name and records on today's map: what an officer types and where a list's people land."""

from __future__ import annotations

import pytest

from bot.domain.areas import Area
from bot.domain.placement import Placement, place_record
from bot.parsing.area_names import area_name, resolve_area

KHANH_HOA = Area("56")
BAC_CAM_RANH = Area("56", "22411")


@pytest.mark.parametrize("text, area", [
    ("Tỉnh Khánh Hòa", KHANH_HOA),
    ("khanh hoa", KHANH_HOA),
    ("56", KHANH_HOA),
    ("Phường Bắc Cam Ranh, Tỉnh Khánh Hòa", BAC_CAM_RANH),
    ("Bắc Cam Ranh, Khánh Hòa", BAC_CAM_RANH),
    ("56/22411", BAC_CAM_RANH),
    ("Tỉnh Không Có", None),
    ("Xã Không Có, Tỉnh Khánh Hòa", None),
    ("99", None),
    ("", None),
])
def test_an_area_is_resolved_from_its_name_or_code(text: str, area: Area | None) -> None:
    assert resolve_area(text) == area


def test_an_area_is_named_as_the_2025_map_names_it() -> None:
    assert area_name(KHANH_HOA) == "Tỉnh Khánh Hòa"
    assert area_name(BAC_CAM_RANH) == "Phường Bắc Cam Ranh, Tỉnh Khánh Hòa"


def test_old_communes_merged_in_2025_land_in_the_same_commune_of_today() -> None:
    merged = {place_record("Xã Cam Thành Nam", "Thành phố Cam Ranh", "Tỉnh Khánh Hòa"),
              place_record("Phường Cam Nghĩa", "Thành phố Cam Ranh", "Tỉnh Khánh Hòa")}
    assert merged == {Placement("56", "22411")}
    assert place_record("Xã Ninh Quang", "Thị xã Ninh Hòa", "Tỉnh Khánh Hòa") == Placement("56", "22576")


def test_a_today_address_and_unknown_addresses() -> None:
    assert place_record("Phường Bắc Cam Ranh", "", "Tỉnh Khánh Hòa") == Placement("56", "22411")
    assert place_record("Xã Không Có", "Huyện Không Có", "Tỉnh Khánh Hòa") == Placement("56", "")  # province kept
    assert place_record("", "", "") == Placement()
    assert not Placement().inside(KHANH_HOA)
    assert Placement("56", "22411").inside(KHANH_HOA) and not Placement("56", "22576").inside(BAC_CAM_RANH)
