"""TCVN3 (.VnTime) and VNI-Windows text back to Unicode, and correct Unicode never touched."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.lists import detect_legacy, fix_legacy_text
from bot.lists.samples import FAMILY, GIVEN_F, GIVEN_M, MIDDLE_F, MIDDLE_M, POLICIES, to_tcvn3, to_vni


@pytest.mark.parametrize(("legacy", "unicode"), [
    ("Ninh B×nh", "Ninh Bình"),
    ("NguyÔn V¨n An", "Nguyễn Văn An"),
    ("Hä vµ tªn", "Họ và tên"),
    ("Tr\xadêng", "Trường"),
    ("§Æng ThÞ Hoa", "Đặng Thị Hoa"),
    ("Sè tiÒn", "Số tiền"),
    ("Thñ tr\xadëng ®¬n vÞ", "Thủ trưởng đơn vị"),
    ("NINH B×NH", "NINH BÌNH"),  # .VnTimeH: capitals typed with the small letters' codes
])
def test_tcvn3_cells_are_converted(legacy: str, unicode: str) -> None:
    assert detect_legacy(legacy) == "tcvn3"
    assert fix_legacy_text(legacy) == unicode


@pytest.mark.parametrize(("legacy", "unicode"), [
    ("Nguyeãn Vaên Hoaøng", "Nguyễn Văn Hoàng"),
    ("Ñaëng Thò AÙnh", "Đặng Thị Ánh"),
    ("Phöôøng 1, Quaän 3", "Phường 1, Quận 3"),
    ("Quyeát ñònh", "Quyết định"),
    ("NGUYEÃN THÒ LAN", "NGUYỄN THỊ LAN"),
    ("Toång coäng", "Tổng cộng"),
])
def test_vni_cells_are_converted(legacy: str, unicode: str) -> None:
    assert detect_legacy(legacy) == "vni"
    assert fix_legacy_text(legacy) == unicode


@pytest.mark.parametrize("text", [
    "Đặng Thị Ánh", "Tô Lâm", "Hoà Bình", "Hòa Bình", "Xuân", "Toàn", "Lê Hà", "Nguyên", "Thuý", "Khoa",
    "Lê Thị Thuỷ", "Quận 3", "3.710.000", "2 × 3", "Ðoàn", "Café", "Số CCCD/CMND", "79123456789",
])
def test_unicode_and_plain_text_are_left_alone(text: str) -> None:
    assert detect_legacy(text) is None
    assert fix_legacy_text(text) == text


def test_no_real_unit_name_is_mistaken_for_a_legacy_font() -> None:
    """Every commune, district and province name of the 63-province era, in correct Unicode."""
    import vietnamadminunits

    db = Path(vietnamadminunits.__file__).parent / "data" / "dataset.db"
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        names = {n for row in connection.execute("SELECT ward, district, province FROM admin_units_legacy")
                 for n in row if n}
    assert len(names) > 5000
    changed = [n for n in names if fix_legacy_text(n) != n]
    assert changed == []


def test_names_and_policies_survive_a_round_trip_through_both_fonts() -> None:
    """Alone, a cell is converted right or left as it is (VNI "Quoác" also reads as Unicode);
    with its column's font known, every one converts."""
    texts = [f"{f} {m} {g}" for f in FAMILY for m in MIDDLE_M + MIDDLE_F for g in GIVEN_M[:3] + GIVEN_F[:3]]
    texts += POLICIES
    unchanged = 0
    for text in texts:
        for encode, font in ((to_vni, "vni"), (to_tcvn3, "tcvn3")):
            legacy = encode(text)
            alone, in_column = fix_legacy_text(legacy), fix_legacy_text(legacy, prefer=font)
            # TCVN3 (.VnTime) has no accented capitals: "Ánh" is typed "¸nh" and reads back "ánh".
            assert in_column.lower() == text.lower()
            assert alone.lower() == text.lower() or alone == legacy
            unchanged += alone == legacy != text
    assert unchanged < len(texts) * 0.1


def test_the_column_decides_ambiguous_cells() -> None:
    """VNI "Hoà" is "Hồ", Unicode "Hoà" is "Hoà": alone it stays, in a VNI column it converts."""
    assert fix_legacy_text("Hoà") == "Hoà"
    assert fix_legacy_text("Hoà", prefer="vni") == "Hồ"
    assert fix_legacy_text("Sè CMND") == "Sè CMND"
    assert fix_legacy_text("Sè CMND", prefer="tcvn3") == "Số CMND"


def test_result_is_nfc() -> None:
    decomposed = "Nguye\u0302\u0303n"
    assert fix_legacy_text(decomposed) == "Nguyễn"
