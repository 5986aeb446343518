"""Telling data rows from the rows every office list has around them.

Above and among the data: a row of column numbers "(1) (2) (3)", group headings ("I. Xã Ninh
Quang", "A. Nhóm lao động tự do"), the header repeated on each printed page, rows numbered in
advance but left empty.  Below: the total ("Tổng cộng", "Cộng"), the place and date line
("Ninh Hòa, ngày 20 tháng 8 năm 2021"), and the signature block ("Người lập biểu", "Thủ trưởng
đơn vị"), after which nothing is data.  These rows are *skipped* with a reason, never reported
as errors: the officer did nothing wrong.
"""

from __future__ import annotations

import re
from typing import Literal

from bot.lists.cells import is_blank
from bot.lists.aliases import header_key, match_key
from bot.lists.headers import HeaderMatch
from bot.lists.legacy_fonts import fix_legacy_text

Reason = Literal["blank", "column_numbers", "header_repeat", "subheading", "stt_only", "total", "signature"]
# (iter_records adds "after_signature" for the rows below a signature.)

_COLUMN_NUMBER = re.compile(r"^\(?\s*(\d{1,2}|[A-Z])\s*\)?$")
_SIGNATURE = re.compile(
    r"^(nguoi lap( bieu)?|lap bieu|nguoi ghi so|thu truong( don vi)?|ke toan( truong)?|giam doc|pho giam doc|"
    r"chu tich|pho chu tich|truong phong|pho truong phong|xac nhan( cua)?|ky ten|ky ghi ro ho ten|"
    r"tm ubnd|tm uy ban|kt chu tich|kt giam doc|kt truong phong|nguoi duyet|nguoi kiem tra|"
    r"can bo lap bieu|thu quy|nguoi chi tien|noi nhan)( |$)")
_SIGNATURE_MAX_CELLS = 4
_PLACE_DATE = re.compile(r"(^| )ngay( \d{1,2})? thang( \d{1,2})? nam( \d{4})?( |$)")
# "Tổng cộng", "Tổng số: 25 người", "Cộng", "Cộng xã Ninh Quang" (a subtotal).  "Tống" is a surname, so
# a cell starting with "tong" must say more than a name would.
_TOTAL = re.compile(r"^(tong cong|tong so|tong tien|tong|cong|total|sum|luy ke)$|^(tong cong|tong so|cong|luy ke) |"
                    r"^tong \d")
# Group headings name a place or a group.  "Tô", "Quan" and "Bàn" are surnames, so "tổ" and "quận"
# count only with a number after them.
_HEADING_WORDS = re.compile(
    r"^(xa|phuong|thi tran|thon|xom|ap|to dan pho|khu pho|huyen|thi xa|nhom|doi tuong|dot|chinh sach|"
    r"danh sach|ho kinh doanh|dia ban|(to|quan|khu|doi) \d+)( |$)")
_ROMAN_OR_LETTER = re.compile(r"^([IVXLC]+|[A-Z])\.?$")
_NUMBERING = re.compile(r"^([IVXLC]+|[A-Za-z]|\d{1,2})\s*[.)\-:]\s*")


def classify(row: list[object], header: HeaderMatch) -> tuple[Reason, str] | None:
    """Why ``row`` is not a data row, with the text that shows it; None for a data row.

    Rows whose ID cell holds digits are data whatever else they hold (the fast path: nearly
    every row of a big file)."""
    columns = header.columns
    id_index = columns.get("id_number")
    id_cell = row[id_index] if id_index is not None and id_index < len(row) else None
    if _has_digits(id_cell):
        return None
    filled = [(i, c) for i, c in enumerate(row) if not is_blank(c)]
    if not filled:
        return "blank", ""
    texts = [(i, fix_legacy_text(c.strip(), prefer=header.legacy)) for i, c in filled if isinstance(c, str)]
    keys = [(i, header_key(t)) for i, t in texts]
    if len(filled) >= 3 and all(isinstance(c, (int, float)) and 0 < c < 100 or
                                (isinstance(c, str) and _COLUMN_NUMBER.match(c.strip())) for _, c in filled):
        return "column_numbers", ""
    if _repeats_header(row, header):
        return "header_repeat", ""
    amount_index = columns.get("amount", columns.get("paid_amount"))
    amount_cell = row[amount_index] if amount_index is not None and amount_index < len(row) else None
    if is_blank(id_cell) and is_blank(amount_cell) and len(filled) <= _SIGNATURE_MAX_CELLS:
        for text, (_, key) in zip(texts, keys):
            if _SIGNATURE.match(key) or _PLACE_DATE.search(key):
                return "signature", text[1]
    for (_, key), (_, text) in list(zip(keys, texts))[:3]:
        if _TOTAL.match(key):
            return "total", text
    stt_index = columns.get("stt", 0)
    if "stt" in columns and all(i == stt_index for i, _ in filled):
        return "stt_only", ""
    if "stt" not in columns and len(filled) == 1 and filled[0][0] == 0 and isinstance(filled[0][1], int):
        return "stt_only", ""
    if is_blank(id_cell) and is_blank(amount_cell) and texts and len(filled) <= 3:
        stt = row[stt_index] if stt_index < len(row) else None
        numbered = isinstance(stt, str) and bool(_ROMAN_OR_LETTER.match(stt.strip()))
        title = " ".join(t for i, t in texts if not (numbered and i == stt_index))
        if numbered or _HEADING_WORDS.match(header_key(_NUMBERING.sub("", title))):
            return "subheading", title or stt  # type: ignore[return-value]
    return None


def _has_digits(value: object) -> bool:
    if isinstance(value, bool) or value is None:
        return False
    if isinstance(value, (int, float)):
        return True
    text = str(value)
    return text.isdigit() or sum(ch.isdigit() for ch in text) >= 6


def _repeats_header(row: list[object], header: HeaderMatch) -> bool:
    """The header printed again at the top of a page: its name or ID cell is a header spelling."""
    for name in ("full_name", "id_number", "amount", "paid_amount"):
        index = header.columns.get(name)
        if index is not None and index < len(row) and isinstance(row[index], str):
            hit = match_key(header_key(row[index]))
            if hit is not None and hit.field in (name, "id_cccd", "id_cmnd", "id_number"):
                return True
    return False


__all__ = ["Reason", "classify"]
