"""Finding the header row of an office's list and which column holds what.

Headers are compared ignoring case, diacritics, spaces, punctuation and line breaks, against
many spellings per field ("Số CCCD/CMND", "So CMND", "Số định danh"…).  The longest matching
spelling wins, so "Số tiền đã chi trả" is the paid amount, not the generic amount.  A two-row
header whose upper row is merged across columns ("Địa chỉ" over "Xã | Huyện | Tỉnh") is read
as one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from bot.parsing import fold

ALIASES: dict[str, tuple[str, ...]] = {
    "stt": ("stt", "tt", "sott", "sothutu"),
    "full_name": ("hovaten", "hoten", "hotennguoilaodong", "tennguoilaodong", "hotennguoiduochotro", "hotenchuho",
                  "hotennguoinhan", "tennguoinhan"),
    "birth_date": ("ngaysinh", "ngaythangnamsinh", "namsinh", "ngaythangsinh", "sinhngay"),
    "sex": ("gioitinh", "namnu", "gioi"),
    "id_number": ("socccdcmnd", "socmndcccd", "cccdcmnd", "cmndcccd", "socccd", "socmnd", "cccd", "cmnd",
                  "sodinhdanh", "sodinhdanhcanhan", "socmndcccdhochieu", "socancuoc", "socancuoccongdan",
                  "sogiaytotuythan"),
    "phone": ("sodienthoai", "dienthoai", "sdt"),
    "address": ("diachi", "noiohientai", "noicutru", "diachithuongtru", "quequan", "diachinoio"),
    "commune": ("xa", "phuong", "xaphuong", "xaphuongthitran"),
    "district": ("huyen", "quan", "quanhuyen", "huyenthixa"),
    "province": ("tinh", "tinhthanhpho", "thanhpho"),
    "policy": ("chinhsach", "doituong", "nhomdoituong", "loaihotro", "noidunghotro", "chinhsachhotro"),
    "amount": ("sotien", "muchotro", "sotienhotro", "sotienhotrodong", "thanhtien", "sotienduocduyet",
               "sotienduochotro", "kinhphihotro"),
    "decision_number": ("soquyetdinh", "qdso", "soqd", "quyetdinhso"),
    "decision_date": ("ngayquyetdinh", "ngayqd", "ngaybanhanh"),
    "paid_amount": ("sotiendachitra", "sotienchitra", "sotiendanhan", "sotienthucnhan", "dachitra"),
    "paid_date": ("ngaychitra", "ngaynhan", "ngaychi", "ngaynhantien", "thoigianchitra"),
    "payer": ("donvichitra", "buudien", "nganhang", "noichitra", "donvithuchien"),
    "note": ("ghichu",),
    "bank_account": ("sotaikhoan", "taikhoan", "stk"),
    "employer": ("donvi", "doanhnghiep", "tendoanhnghiep", "noilamviec", "tendonvi"),
}
REQUIRED = {"approved": ("full_name", "id_number", "amount"), "paid": ("id_number", "paid_amount")}
_ORDERED = sorted(((alias, name) for name, aliases in ALIASES.items() for alias in aliases),
                  key=lambda pair: len(pair[0]), reverse=True)


def header_key(value: object) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(str(value)).lower()) if value is not None else ""


def field_of(value: object) -> str | None:
    key = header_key(value)
    if not key or len(key) > 60:
        return None
    for alias, name in _ORDERED:
        if key == alias or (len(alias) >= 4 and key.startswith(alias)):
            return name
    return None


@dataclass
class HeaderMatch:
    header_row: int  # 0-based index of the (last) header row
    columns: dict[str, int]
    recognised: dict[str, str]
    unrecognised: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def _score(row: list[object]) -> dict[int, str]:
    found: dict[int, str] = {}
    for index, cell in enumerate(row):
        name = field_of(cell)
        if name is not None and name not in found.values():
            found[index] = name
    return found


def locate_header(rows: Iterable[list[object]], *, kind: str, max_scan: int = 30) -> HeaderMatch | None:
    """The header row among the first ``max_scan`` rows (title lines above it are skipped)."""
    scanned: list[list[object]] = []
    iterator: Iterator[list[object]] = iter(rows)
    for _ in range(max_scan):
        try:
            scanned.append(list(next(iterator)))
        except StopIteration:
            break
    best_index, best = -1, {}
    for index, row in enumerate(scanned):
        found = _score(row)
        if len(found) > len(best):
            best_index, best = index, found
    if len(best) < 2:
        return None
    header_row, row = best_index, scanned[best_index]
    if best_index + 1 < len(scanned):  # a second header row under merged cells
        below = scanned[best_index + 1]
        # The child row wins under a merged group heading such as "Địa chỉ" over "Xã | Huyện | Tỉnh".
        extra = {i: n for i, n in _score(below).items()
                 if (i not in best or best[i] == "address") and n not in best.values()}
        if extra and len(extra) >= sum(1 for c in below if c not in (None, "")) - 1:
            best = {**best, **extra}
            header_row = best_index + 1
    columns = {name: index for index, name in best.items()}
    recognised = {name: str(_header_text(scanned, best_index, header_row, index)) for index, name in sorted(best.items())}
    unrecognised = [str(c).strip() for i, c in enumerate(row) if i not in best and c not in (None, "")]
    required = REQUIRED[kind]
    if kind == "paid" and "paid_amount" not in columns and "amount" in columns:
        columns["paid_amount"] = columns.pop("amount")
        recognised["paid_amount"] = recognised.pop("amount")
    missing = [name for name in required if name not in columns]
    return HeaderMatch(header_row, columns, recognised, unrecognised, missing)


def _header_text(rows: list[list[object]], top: int, bottom: int, index: int) -> object:
    for r in range(bottom, top - 1, -1):
        if index < len(rows[r]) and rows[r][index] not in (None, ""):
            return " ".join(str(rows[r][index]).split())
    return ""
