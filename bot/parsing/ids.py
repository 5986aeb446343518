"""CCCD (12 digits) and CMND (9 digits): reading, checking against the birth date, repairing, masking.

CCCD structure (NĐ 137/2015/NĐ-CP Điều 13; TT 07/2016/TT-BCA Điều 7, restated by TT 59/2021/TT-BCA):
digits 1-3 the province (or country) where the birth was registered, digit 4 century and sex
(1900s: male 0, female 1; 2000s: 2/3; 2100s: 4/5 …), digits 5-6 the last two digits of the birth
year, digits 7-12 random.
"""

from __future__ import annotations

from bot.parsing.text import ascii_digits

import re
from dataclasses import dataclass
from datetime import date

from bot.parsing.errors import ParseError

# TT 07/2016/TT-BCA Phụ lục I: the 63 province codes (codes are those of the birth-registration province).
PROVINCE_CODES: dict[str, str] = {
    "001": "Hà Nội", "002": "Hà Giang", "004": "Cao Bằng", "006": "Bắc Kạn", "008": "Tuyên Quang",
    "010": "Lào Cai", "011": "Điện Biên", "012": "Lai Châu", "014": "Sơn La", "015": "Yên Bái",
    "017": "Hòa Bình", "019": "Thái Nguyên", "020": "Lạng Sơn", "022": "Quảng Ninh", "024": "Bắc Giang",
    "025": "Phú Thọ", "026": "Vĩnh Phúc", "027": "Bắc Ninh", "030": "Hải Dương", "031": "Hải Phòng",
    "033": "Hưng Yên", "034": "Thái Bình", "035": "Hà Nam", "036": "Nam Định", "037": "Ninh Bình",
    "038": "Thanh Hóa", "040": "Nghệ An", "042": "Hà Tĩnh", "044": "Quảng Bình", "045": "Quảng Trị",
    "046": "Thừa Thiên Huế", "048": "Đà Nẵng", "049": "Quảng Nam", "051": "Quảng Ngãi", "052": "Bình Định",
    "054": "Phú Yên", "056": "Khánh Hòa", "058": "Ninh Thuận", "060": "Bình Thuận", "062": "Kon Tum",
    "064": "Gia Lai", "066": "Đắk Lắk", "067": "Đắk Nông", "068": "Lâm Đồng", "070": "Bình Phước",
    "072": "Tây Ninh", "074": "Bình Dương", "075": "Đồng Nai", "077": "Bà Rịa - Vũng Tàu", "079": "Hồ Chí Minh",
    "080": "Long An", "082": "Tiền Giang", "083": "Bến Tre", "084": "Trà Vinh", "086": "Vĩnh Long",
    "087": "Đồng Tháp", "089": "An Giang", "091": "Kiên Giang", "092": "Cần Thơ", "093": "Hậu Giang",
    "094": "Sóc Trăng", "095": "Bạc Liêu", "096": "Cà Mau",
}


@dataclass(frozen=True)
class PersonId:
    kind: str  # "cccd" | "cmnd"
    number: str


def parse_person_id(text: str) -> PersonId:
    digits = re.sub(r"[\s.\-]", "", str(text))
    if not ascii_digits(digits):
        raise ParseError("id_format")
    if len(digits) == 12:
        return PersonId("cccd", digits)
    if len(digits) == 9:
        return PersonId("cmnd", digits)
    raise ParseError("id_length")


def check_person_id(pid: PersonId, *, birth_date: date | None = None, sex: str | None = None) -> None:
    """Raise when a CCCD cannot belong to someone born on ``birth_date`` with ``sex``."""
    if pid.kind != "cccd":
        return
    number = pid.number
    if number[:3] not in PROVINCE_CODES:
        raise ParseError("id_province", prefix=number[:3])
    if birth_date is None:
        return
    century_digit = int(number[3])
    century = 1900 + (century_digit // 2) * 100
    if not century <= birth_date.year < century + 100:
        raise ParseError("id_century", year=birth_date.year)
    if number[4:6] != f"{birth_date.year % 100:02d}":
        raise ParseError("id_year", year=birth_date.year)
    if sex in ("male", "female") and (century_digit % 2 == 1) != (sex == "female"):
        raise ParseError("id_sex")


def repair_numeric_id(value: object) -> str | None:
    """An ID that a spreadsheet stored as a number, losing its leading zero(s)."""
    if value is None:
        return None
    if type(value) is str and ascii_digits(value) and len(value) in (9, 12):
        return value
    if isinstance(value, float):
        if value != value or value < 0 or value != int(value):
            return None
        text = str(int(value))
    elif isinstance(value, int):
        text = str(value)
    else:
        text = re.sub(r"[\s.\-']", "", str(value).strip()) if not re.fullmatch(r"\d+\.0", str(value).strip()) \
            else str(value).strip()[:-2]
        if re.fullmatch(r"\d+(\.\d+)?[eE]\+\d+", str(value).strip()):
            try:
                text = str(int(float(str(value).strip())))
            except ValueError:
                return None
    if not ascii_digits(text):
        return None
    if len(text) in (9, 12):
        return text
    if len(text) in (10, 11):
        return text.zfill(12)
    if len(text) in (7, 8):
        return text.zfill(9)
    return None


def mask_id(number: str) -> str:
    """Only the last three digits: enough to tell two people apart, useless to anyone else."""
    return "*" * max(len(number) - 3, 0) + number[-3:]
