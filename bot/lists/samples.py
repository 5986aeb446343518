"""Realistic generated lists for tests and benchmarks (never real people's data).

Vietnamese names with diacritics, CCCD numbers consistent with the birth date and sex, real
communes taken from the administrative-units package, and the mess real office files have:
title lines, a row of column numbers, group headings, IDs that lost their leading zero, dates as
text, two-digit years or Excel serial numbers, money written three ways, a total row and a
signature block; CSV in UTF-8, UTF-8 with BOM, Windows-1258, or typed in TCVN3/VNI fonts.

Everything streams: :func:`generate_approved_csv` writes a million rows in seconds and a few MB
of memory.
"""

from __future__ import annotations

import csv
import io
import random
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Literal

from bot.lists.legacy_fonts import TCVN3_TO_UNICODE, VNI_TO_UNICODE
from bot.parsing.ids import PROVINCE_CODES

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
          "Dương", "Lý", "Đinh", "Trương", "Lương", "Mai", "Trịnh", "Đoàn", "Lâm", "Tô"]
MIDDLE_M = ["Văn", "Hữu", "Đức", "Công", "Quang", "Minh", "Thanh", "Xuân", "Ngọc", "Đình", "Quốc", "Tiến"]
MIDDLE_F = ["Thị", "Ngọc", "Thu", "Thanh", "Kim", "Mỹ", "Bích", "Hồng", "Thùy", "Phương", "Diệu", "Ánh"]
GIVEN_M = ["An", "Bình", "Cường", "Dũng", "Hùng", "Khoa", "Long", "Nam", "Phúc", "Quân", "Sơn", "Tuấn", "Việt",
           "Hải", "Thắng", "Lộc", "Đạt", "Huy", "Trung", "Nghĩa", "Tâm", "Thành"]
GIVEN_F = ["Anh", "Chi", "Dung", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Linh", "Mai", "Ngân", "Thảo", "Trang", "Yến",
           "Nhung", "Huyền", "Ánh", "Ngọc", "Thủy", "Oanh", "Quỳnh", "Vy"]
POLICIES = ["Người lao động tạm hoãn HĐLĐ", "Người lao động ngừng việc", "Lao động không có giao kết HĐLĐ",
            "Hộ kinh doanh", "Người lao động chấm dứt HĐLĐ"]
AMOUNTS = [3_710_000, 1_855_000, 1_500_000, 1_000_000, 2_000_000, 3_000_000]
_FALLBACK_UNITS = [("Xã Ninh Quang", "Thị xã Ninh Hòa", "Tỉnh Khánh Hòa"),
                   ("Phường 1", "Quận 3", "Thành phố Hồ Chí Minh"),
                   ("Phường Phúc Xá", "Quận Ba Đình", "Thành phố Hà Nội")]
_ID_STRIDE = 999_983  # prime, so i -> i * stride mod 10**6 never repeats for a million rows

Legacy = Literal["tcvn3", "vni"]
CsvEncoding = Literal["utf-8", "utf-8-sig", "cp1258"]


@dataclass(frozen=True)
class Person:
    full_name: str
    birth_date: date
    sex: str  # "male" | "female"
    id_number: str
    commune: str
    district: str
    province: str


@dataclass(frozen=True)
class SampleInfo:
    """What a generated file holds, for tests to compare with what is read back."""

    data_rows: int                 # rows that are people (good or bad)
    bad_rows: tuple[int, ...]      # their row numbers (1-based, as a spreadsheet shows them)
    first_data_row: int
    header_rows: tuple[int, ...]


def units(rng: random.Random, count: int = 40) -> list[tuple[str, str, str]]:
    """A few dozen real communes (old 63-province units, as in 2020–2022 lists)."""
    try:
        from bot.parsing.address import _legacy_rows

        rows = _legacy_rows()
        return [(r[0], r[1], r[2]) for r in rng.sample(rows, min(count, len(rows)))]
    except Exception:  # noqa: BLE001 - the package's data is optional for generated samples
        return list(_FALLBACK_UNITS)


def people(n: int, seed: int = 1) -> Iterator[Person]:
    """``n`` distinct people (distinct ID numbers for up to a million)."""
    rng = random.Random(seed)
    places = units(rng)
    codes = list(PROVINCE_CODES)
    for i in range(n):
        female = rng.random() < 0.5
        born = date(1955, 1, 1) + timedelta(days=rng.randrange(0, 365 * 50))
        century = (born.year - 1900) // 100 * 2 + (1 if female else 0)
        serial = (i * _ID_STRIDE + seed) % 1_000_000
        number = f"{rng.choice(codes)}{century}{born.year % 100:02d}{serial:06d}"
        name = " ".join([rng.choice(FAMILY), rng.choice(MIDDLE_F if female else MIDDLE_M),
                         rng.choice(GIVEN_F if female else GIVEN_M)])
        commune, district, province = rng.choice(places)
        yield Person(name, born, "female" if female else "male", number, commune, district, province)


# --- encoders for legacy fonts and Windows-1258 ----------------------------------------------------

_TONES = "\u0300\u0301\u0303\u0309\u0323"
_TO_TCVN3 = {uni: legacy for legacy, uni in TCVN3_TO_UNICODE.items()}
_TO_VNI = {uni: legacy for legacy, uni in sorted(VNI_TO_UNICODE.items(), key=lambda kv: -len(kv[0]))
           if legacy not in ("í", "ì", "Í", "Ì")}


def to_tcvn3(text: str) -> str:
    """As typed with a .VnTime font: capitals other than Ă Â Ê Ô Ơ Ư Đ take the small letter's code."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        out.append(_TO_TCVN3.get(ch) or _TO_TCVN3.get(ch.lower()) or ch)
    return "".join(out)


def to_vni(text: str) -> str:
    return "".join(_TO_VNI.get(ch, ch) for ch in unicodedata.normalize("NFC", text))


def encode_cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows writes it: precomposed base letters, separate tone marks."""
    return unicodedata.normalize("NFC", text).translate(_CP1258_SPLIT).encode("cp1258", errors="replace")


def _cp1258_split() -> dict[int, str]:
    """Every toned Vietnamese letter -> its toneless letter (â, ơ … stay precomposed) + the tone mark."""
    table: dict[int, str] = {}
    for code in list(range(0xC0, 0x1B1)) + list(range(0x1EA0, 0x1EFA)):
        parts = unicodedata.normalize("NFD", chr(code))
        tones = "".join(c for c in parts if c in _TONES)
        if tones:
            table[code] = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES)) + tones
    return table


_CP1258_SPLIT = _cp1258_split()


# --- the plain CSV (header on line 1) --------------------------------------------------------------

APPROVED_HEADER = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD/CMND", "Xã/phường", "Quận/huyện",
                   "Tỉnh/thành phố", "Chính sách", "Số tiền", "Số quyết định", "Ngày quyết định"]


def write_approved_csv(path: Path, n: int, *, seed: int = 1, policy_text: str = "Tạm hoãn HĐLĐ",
                       amount: int = 3_710_000, decision: str = "1234/QĐ-UBND", decided: str = "20/08/2021") -> None:
    """A plain UTF-8 CSV, header on the first line (what ``sqlite3 .import`` also reads)."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(APPROVED_HEADER)
        for i, p in enumerate(people(n, seed), start=1):
            writer.writerow([i, p.full_name, p.birth_date.strftime("%d/%m/%Y"), "Nữ" if p.sex == "female" else "Nam",
                             p.id_number, p.commune, p.district, p.province, policy_text, amount, decision, decided])


# --- the messy office file -------------------------------------------------------------------------

MESSY_HEADER = ["STT", "Họ và tên", "Ngày, tháng, năm sinh", "Giới tính", "Số CCCD/CMND", "Xã/phường", "Huyện",
                "Tỉnh", "Đối tượng", "Số tiền hỗ trợ (đồng)", "Ghi chú"]
_GROUP = 250  # people per commune heading


def _messy_rows(n_rows: int, seed: int, bad_every: int) -> Iterator[tuple[list[object], bool]]:
    """(row, is_person_row_that_should_fail) in the order of the file, with headings and a total."""
    rng = random.Random(seed * 7 + 3)
    total = 0
    for i, p in enumerate(people(n_rows, seed)):
        if i % _GROUP == 0:
            yield [_roman(i // _GROUP + 1), p.commune, *[""] * (len(MESSY_HEADER) - 2)], False
        bad = bool(bad_every) and (i + 1) % bad_every == 0
        number = p.id_number
        if number.startswith("0") and rng.random() < 0.3:
            number = number.lstrip("0")  # what a number cell in Excel leaves
        if bad:
            number = number[:4] + f"{(int(number[4:6]) + 1) % 100:02d}" + number[6:]  # year does not match
        amount = rng.choice(AMOUNTS)
        total += amount
        name = p.full_name.upper() if rng.random() < 0.1 else p.full_name
        yield [i + 1, name, _messy_date(p.birth_date, rng), "Nữ" if p.sex == "female" else "Nam", number,
               p.commune, p.district, p.province, rng.choice(POLICIES), _messy_money(amount, rng), ""], bad
    yield ["", "Tổng cộng", *[""] * 7, f"{total:,}".replace(",", "."), ""], False


def _messy_date(born: date, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.6:
        return born.strftime("%d/%m/%Y")
    if roll < 0.75:
        return f"{born.day}-{born.month}-{born.year % 100:02d}"
    if roll < 0.9:
        return str((born - date(1899, 12, 30)).days)  # an Excel serial number exported as text
    return born.strftime("%d.%m.%Y")


def _messy_money(amount: int, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.5:
        return f"{amount:,}".replace(",", ".")
    if roll < 0.9:
        return str(amount)
    return f"{amount:,} đ"


def _roman(number: int) -> str:
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                           (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while number >= value:
            out, number = out + letters, number - value
    return out


def _title(width: int, district: str = "Thị xã Ninh Hòa") -> list[list[object]]:
    pad = [""] * (width - 1)
    return [["UBND " + district.upper(), *pad], ["PHÒNG LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", *pad], ["", *pad],
            ["DANH SÁCH NGƯỜI LAO ĐỘNG ĐƯỢC HỖ TRỢ THEO NGHỊ QUYẾT SỐ 68/NQ-CP", *pad],
            ["(Kèm theo Quyết định số 1234/QĐ-UBND ngày 20/8/2021 của UBND " + district + ")", *pad]]


def _footer(width: int) -> list[list[object]]:
    pad = [""] * (width - 6)
    return [["", *[""] * (width - 1)],
            ["", "", "", "", "", "Ninh Hòa, ngày 20 tháng 8 năm 2021", *pad],
            ["", "Người lập biểu", "", "", "", "Thủ trưởng đơn vị", *pad],
            ["", "(Ký, ghi rõ họ tên)", "", "", "", "(Ký tên, đóng dấu)", *pad],
            ["", *[""] * (width - 1)],
            ["", "Nguyễn Thị Hoa", "", "", "", "Trần Văn Minh", *pad]]


def generate_approved_csv(path: Path, n_rows: int, seed: int = 1, *, encoding: CsvEncoding = "utf-8",
                          delimiter: str = ",", legacy: Legacy | None = None, bad_every: int = 0) -> SampleInfo:
    """A messy approved list as an office exports it from Excel: titles, header, a row of column
    numbers, commune headings, ``n_rows`` people, a total and signatures.

    ``legacy`` writes every text in a TCVN3/VNI font (the file is then single-byte, whatever
    ``encoding`` says); ``bad_every`` = k makes every k-th person's CCCD disagree with the birth year.
    """
    width = len(MESSY_HEADER)
    convert = {None: None, "tcvn3": to_tcvn3, "vni": to_vni}[legacy]
    bad_rows: list[int] = []
    header_row = len(_title(width)) + 1
    with path.open("wb") as raw:
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
        if encoding == "utf-8-sig" and legacy is None:
            raw.write(b"\xef\xbb\xbf")
        row_number = 0

        def put(row: list[object]) -> None:
            nonlocal row_number
            row_number += 1
            writer.writerow([convert(c) if convert and isinstance(c, str) else c for c in row])

        for row in _title(width):
            put(row)
        put(MESSY_HEADER)
        put([f"({i})" for i in range(1, width + 1)])
        first_data = row_number + 1
        people_rows = 0
        for row, bad in _messy_rows(n_rows, seed, bad_every):
            put(row)
            if isinstance(row[0], int):
                people_rows += 1
            if bad:
                bad_rows.append(row_number)
            if buffer.tell() > 1 << 20:
                _flush(raw, buffer, encoding, legacy)
        for row in _footer(width):
            put(row)
        _flush(raw, buffer, encoding, legacy)
    return SampleInfo(people_rows, tuple(bad_rows), first_data, (header_row,))


def _flush(raw: io.BufferedWriter, buffer: io.StringIO, encoding: str, legacy: Legacy | None) -> None:
    text = buffer.getvalue()
    if legacy is not None:
        raw.write(text.encode("latin-1", errors="replace"))
    elif encoding == "cp1258":
        raw.write(encode_cp1258(text))
    else:
        raw.write(text.encode("utf-8"))
    buffer.seek(0)
    buffer.truncate()


def generate_paid_csv(path: Path, n_rows: int, seed: int = 1, *, paid_date: date = date(2021, 9, 5)) -> SampleInfo:
    """A paid list for the same people as ``generate_approved_csv(seed=seed)``: the post office's
    export, with the ID as a number (leading zero lost) and the amount actually paid."""
    rng = random.Random(seed * 11 + 5)
    header = ["TT", "Họ tên", "Số định danh cá nhân", "Số tiền đã chi trả", "Ngày chi trả", "Đơn vị chi trả", "Ký nhận"]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["DANH SÁCH CHI TRẢ HỖ TRỢ NGƯỜI LAO ĐỘNG", *[""] * (len(header) - 1)])
        writer.writerow(header)
        for i, p in enumerate(people(n_rows, seed), start=1):
            when = paid_date + timedelta(days=rng.randrange(0, 10))
            writer.writerow([i, p.full_name, p.id_number.lstrip("0"), rng.choice(AMOUNTS), when.strftime("%d/%m/%Y"),
                             "Bưu điện " + p.district, ""])
        writer.writerow(["", "Cộng", "", "", "", "", ""])
    return SampleInfo(n_rows, (), 3, (2,))


def generate_approved_xlsx(path: Path, n_rows: int, seed: int = 1, *, legacy: Legacy | None = None,
                           bad_every: int = 0) -> SampleInfo:
    """An .xlsx the way offices lay it out: merged title lines, a two-row header (birth date split
    into "Nam | Nữ", "Địa chỉ" over "Xã | Huyện"), IDs as numbers, birth dates as date cells or
    serial numbers, a merged group heading, a merged total, signatures.  Small files (tests)."""
    from openpyxl import Workbook

    convert = {None: (lambda s: s), "tcvn3": to_tcvn3, "vni": to_vni}[legacy]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Danh sach"
    for line in ("UBND THỊ XÃ NINH HÒA", "DANH SÁCH NGƯỜI LAO ĐỘNG ĐƯỢC HỖ TRỢ",
                 "(Kèm theo Quyết định số 1234/QĐ-UBND ngày 20/8/2021)"):
        sheet.append([convert(line)])
        sheet.merge_cells(start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=9)
    sheet.append([])
    top = ["STT", "Họ và tên", "Ngày, tháng, năm sinh", None, "Số CCCD/CMND", "Địa chỉ", None, "Số tiền (đồng)",
           "Ghi chú"]
    sheet.append([convert(c) if c else c for c in top])
    header_top = sheet.max_row
    sheet.append([None, None, "Nam", convert("Nữ"), None, convert("Xã/phường"), convert("Huyện"), None, None])
    for first, last in (("A", "A"), ("B", "B"), ("E", "E"), ("H", "H"), ("I", "I")):
        sheet.merge_cells(f"{first}{header_top}:{last}{header_top + 1}")
    sheet.merge_cells(f"C{header_top}:D{header_top}")
    sheet.merge_cells(f"F{header_top}:G{header_top}")
    sheet.append([f"({i})" for i in range(1, 10)])
    first_data = sheet.max_row + 1
    rng = random.Random(seed * 13 + 1)
    bad_rows: list[int] = []
    count = 0
    total = 0
    for i, p in enumerate(people(n_rows, seed)):
        if i % _GROUP == 0:
            sheet.append([_roman(i // _GROUP + 1), convert(p.commune)])
            sheet.merge_cells(start_row=sheet.max_row, start_column=2, end_row=sheet.max_row, end_column=7)
        number: object = int(p.id_number) if rng.random() < 0.5 else p.id_number
        if bad_every and (i + 1) % bad_every == 0:
            number = p.id_number[:4] + f"{(int(p.id_number[4:6]) + 1) % 100:02d}" + p.id_number[6:]
            bad_rows.append(sheet.max_row + 1)
        born: object = datetime(p.birth_date.year, p.birth_date.month, p.birth_date.day)
        if rng.random() < 0.3:
            born = (p.birth_date - date(1899, 12, 30)).days
        amount = rng.choice(AMOUNTS)
        total += amount
        male, female = (born, None) if p.sex == "male" else (None, born)
        sheet.append([i + 1, convert(p.full_name), male, female, number, convert(p.commune), convert(p.district),
                      amount, None])
        count += 1
    sheet.append([convert("Tổng cộng"), None, None, None, None, None, None, total])
    sheet.merge_cells(start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=7)
    sheet.append([])
    sheet.append([None, convert("Người lập biểu"), None, None, None, convert("Thủ trưởng đơn vị")])
    sheet.append([None, convert("Nguyễn Thị Hoa"), None, None, None, convert("Trần Văn Minh")])
    workbook.save(path)
    return SampleInfo(count, tuple(bad_rows), first_data, (header_top, header_top + 1))


__all__ = ["APPROVED_HEADER", "MESSY_HEADER", "Person", "SampleInfo", "encode_cp1258", "generate_approved_csv",
           "generate_approved_xlsx", "generate_paid_csv", "people", "to_tcvn3", "to_vni", "units",
           "write_approved_csv"]
