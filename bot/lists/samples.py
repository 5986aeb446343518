"""Realistic generated lists for tests and benchmarks (never real people's data).

Vietnamese names with diacritics, CCCD numbers consistent with the birth date and sex, real
communes taken from the administrative-units package, and the mess real office files have.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from bot.parsing.ids import PROVINCE_CODES

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
          "Dương", "Lý"]
MIDDLE_M = ["Văn", "Hữu", "Đức", "Công", "Quang", "Minh", "Thanh", "Xuân"]
MIDDLE_F = ["Thị", "Ngọc", "Thu", "Thanh", "Kim", "Mỹ", "Bích", "Hồng"]
GIVEN_M = ["An", "Bình", "Cường", "Dũng", "Hùng", "Khoa", "Long", "Nam", "Phúc", "Quân", "Sơn", "Tuấn", "Việt"]
GIVEN_F = ["Anh", "Chi", "Dung", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Linh", "Mai", "Ngân", "Thảo", "Trang", "Yến"]
_FALLBACK_UNITS = [("Xã Ninh Quang", "Thị xã Ninh Hòa", "Tỉnh Khánh Hòa"), ("Phường 1", "Quận 3", "Thành phố Hồ Chí Minh"),
                   ("Phường Phúc Xá", "Quận Ba Đình", "Thành phố Hà Nội")]


@dataclass(frozen=True)
class Person:
    full_name: str
    birth_date: date
    sex: str
    id_number: str
    commune: str
    district: str
    province: str


def _units(rng: random.Random, count: int = 300) -> list[tuple[str, str, str]]:
    try:
        from bot.parsing.address import _legacy_rows

        rows = _legacy_rows()
        return [(r[0], r[1], r[2]) for r in rng.sample(rows, min(count, len(rows)))]
    except Exception:  # noqa: BLE001 - the package data is optional for generated samples
        return list(_FALLBACK_UNITS)


def people(n: int, seed: int = 1) -> Iterator[Person]:
    rng = random.Random(seed)
    units = _units(rng)
    codes = list(PROVINCE_CODES)
    used: set[str] = set()
    for _ in range(n):
        female = rng.random() < 0.5
        born = date(1950, 1, 1) + timedelta(days=rng.randrange(0, 365 * 55))
        century = (born.year - 1900) // 100 * 2 + (1 if female else 0)
        while True:
            number = f"{rng.choice(codes)}{century}{born.year % 100:02d}{rng.randrange(0, 1_000_000):06d}"
            if number not in used:
                break
        if n <= 2_000_000:
            used.add(number)
        name = " ".join([rng.choice(FAMILY), rng.choice(MIDDLE_F if female else MIDDLE_M),
                         rng.choice(GIVEN_F if female else GIVEN_M)])
        commune, district, province = rng.choice(units)
        yield Person(name, born, "female" if female else "male", number, commune, district, province)


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
