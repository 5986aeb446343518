"""Telling a CSV's encoding from its first bytes."""

from __future__ import annotations

import codecs

import pytest

from bot.lists.encoding import PREFIX_BYTES, decode_csv_bytes, sniff_encoding
from bot.lists.samples import encode_cp1258, to_tcvn3, to_vni

TEXT = "STT;Họ và tên;Số CCCD;Địa chỉ\n1;Nguyễn Thị Thuỷ;079185000123;Phường Bến Thành, Quận 1\n" \
       "2;Trần Văn Cường;056090004321;Xã Ninh Quang, Thị xã Ninh Hòa\n"


@pytest.mark.parametrize(("data", "expected"), [
    (TEXT.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
    (TEXT.encode("utf-16"), "utf-16"),
    (encode_cp1258(TEXT), "cp1258"),
    (to_tcvn3(TEXT).encode("latin-1"), "latin-1"),
    (to_vni(TEXT).encode("latin-1"), "latin-1"),
    (b"STT,Ho va ten\n1,Nguyen Van A\n", "utf-8"),
])
def test_encoding_is_told_from_the_bytes(data: bytes, expected: str) -> None:
    assert sniff_encoding(data) == expected


def test_a_character_cut_by_the_end_of_the_prefix_is_still_utf8() -> None:
    data = ("Nguyễn " * 20_000).encode("utf-8")[:PREFIX_BYTES]
    assert data[-1] >= 0x80  # the prefix ends inside a multi-byte character
    assert sniff_encoding(data) == "utf-8"


def test_cp1258_decodes_to_nfc() -> None:
    """cp1258 keeps tone marks as separate characters (base letter + combining mark)."""
    data = encode_cp1258(TEXT)
    assert "e\u0302\u0303" not in data.decode("cp1258") and "ê\u0303" in data.decode("cp1258")
    text, encoding = decode_csv_bytes(data)
    assert encoding == "cp1258"
    assert text == TEXT


def test_legacy_font_csv_is_decoded_word_by_word() -> None:
    text, encoding = decode_csv_bytes(to_vni(TEXT).encode("latin-1"))
    assert encoding == "latin-1"
    assert "Nguyễn Thị Thuỷ" in text and "Trần Văn Cường" in text


def test_utf8_with_one_damaged_byte_is_still_utf8() -> None:
    data = TEXT.encode("utf-8") * 20
    damaged = data[:100] + b"\xff" + data[100:]
    assert sniff_encoding(damaged) == "utf-8"
