"""Synthetic but realistic people for the demo: Vietnamese names, CCCD numbers that agree with the
birth year, old (2021) addresses of real communes of Khánh Hòa that map to a few communes of today.

Deterministic for a given seed, so the README and the browser tests can name a person to look up.
Nothing here is a real person; CCCD serials are drawn at random.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

PROVINCE = "Tỉnh Khánh Hòa"
PROVINCE_CODE = "056"  # the first three digits of a CCCD issued in Khánh Hòa

# Old communes of 2021 (as the offices wrote them in their lists) -> the commune of today they belong to
# (checked against vietnamadminunits when the demo is seeded: see ``seed.check_places``).
OLD_UNITS: dict[str, tuple[tuple[str, str], ...]] = {
    "Phường Nha Trang": (("Lộc Thọ", "Nha Trang"), ("Tân Tiến", "Nha Trang"), ("Vạn Thạnh", "Nha Trang")),
    "Phường Bắc Nha Trang": (("Vĩnh Hải", "Nha Trang"), ("Vĩnh Phước", "Nha Trang"), ("Vĩnh Thọ", "Nha Trang")),
    "Phường Nam Nha Trang": (("Phước Hải", "Nha Trang"), ("Phước Long", "Nha Trang")),
    "Xã Nam Cam Ranh": (("Cam Lập", "Cam Ranh"), ("Cam Bình", "Cam Ranh"), ("Cam Thịnh Đông", "Cam Ranh")),
}
COMMUNES = tuple(OLD_UNITS)

FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Võ", "Đặng", "Bùi", "Đỗ", "Ngô")
MIDDLE_MALE = ("Văn", "Minh", "Đức", "Hữu", "Quang", "Thành")
MIDDLE_FEMALE = ("Thị", "Ngọc", "Thu", "Kim", "Thanh", "Mỹ")
GIVEN_MALE = ("An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khoa", "Nam", "Phúc", "Quân", "Sơn", "Tuấn")
GIVEN_FEMALE = ("Anh", "Dung", "Hạnh", "Hoa", "Lan", "Linh", "Mai", "Ngân", "Phương", "Thảo", "Trang", "Yến")

# (policy id, amount in đồng): NQ 68/QĐ 23 support for workers whose contract was suspended
# (3,710,000 for 30 days or more; 1,855,000 for 15 days to under 30) or terminated (3,710,000).
APPROVED_POLICIES: tuple[tuple[str, tuple[int, ...]], ...] = (
    ("nq68_unpaid_leave", (3_710_000, 1_855_000)),
    ("nq68_termination", (3_710_000,)),
)
DECISIONS = {"nq68_unpaid_leave": ("1234/QĐ-UBND", date(2021, 8, 20)),
             "nq68_termination": ("1301/QĐ-UBND", date(2021, 9, 6))}
PAYERS = ("Bưu điện Nha Trang", "Bưu điện Cam Ranh", "Phòng Lao động - Thương binh và Xã hội")


@dataclass(frozen=True)
class Person:
    full_name: str
    birth_date: date
    id_number: str
    old_ward: str       # "Lộc Thọ"
    old_district: str   # "Nha Trang"
    commune: str        # today's commune: "Phường Nha Trang"
    female: bool


@dataclass(frozen=True)
class Approval:
    person: Person
    policy_id: str
    amount: int


@dataclass(frozen=True)
class Payment:
    approval: Approval
    paid_on: date
    payer: str


# The person the README and the page tell newcomers to look up: approved and paid.
SHOWCASE = Person("Nguyễn Thị Lan", date(1985, 7, 15), "056185001234", "Lộc Thọ", "Nha Trang",
                  "Phường Nha Trang", True)


def cccd(birth: date, female: bool, rng: random.Random) -> str:
    """A 12-digit CCCD: province code, century-and-sex digit, two digits of the birth year, six random."""
    century = 0 if birth.year < 2000 else 2
    return f"{PROVINCE_CODE}{century + int(female)}{birth.year % 100:02d}{rng.randrange(10**6):06d}"


def person(rng: random.Random, commune: str | None = None) -> Person:
    female = rng.random() < 0.5
    name = " ".join((rng.choice(FAMILY), rng.choice(MIDDLE_FEMALE if female else MIDDLE_MALE),
                     rng.choice(GIVEN_FEMALE if female else GIVEN_MALE)))
    birth = date(rng.randint(1965, 2001), rng.randint(1, 12), rng.randint(1, 28))
    commune = commune or rng.choice(COMMUNES)
    ward, district = rng.choice(OLD_UNITS[commune])
    return Person(name, birth, cccd(birth, female, rng), ward, district, commune, female)


@dataclass(frozen=True)
class DemoData:
    approvals: tuple[Approval, ...]
    payments: tuple[Payment, ...]
    applicants: tuple[Person, ...]  # pending applications (the first ``overdue`` of them filed long ago)
    overdue: int


def generate(people: int = 120, *, seed: int = 2021, applicants: int = 8) -> DemoData:
    """``people`` approved (the showcase person first), about two thirds of them paid, and a few applicants."""
    rng = random.Random(seed)
    used: set[str] = {SHOWCASE.id_number}
    approvals = [Approval(SHOWCASE, "nq68_unpaid_leave", 3_710_000)]
    while len(approvals) < people:
        someone = person(rng, COMMUNES[len(approvals) % len(COMMUNES)])
        if someone.id_number in used:
            continue
        used.add(someone.id_number)
        policy, amounts = APPROVED_POLICIES[0] if rng.random() < 0.7 else APPROVED_POLICIES[1]
        approvals.append(Approval(someone, policy, rng.choice(amounts)))
    payments = [Payment(a, date(2021, 9, rng.randint(5, 25)), PAYERS[a.person.commune == "Xã Nam Cam Ranh"])
                for i, a in enumerate(approvals) if i == 0 or rng.random() < 0.65]
    waiting: list[Person] = []
    while len(waiting) < applicants:
        someone = person(rng)
        if someone.id_number not in used:
            used.add(someone.id_number)
            waiting.append(someone)
    return DemoData(tuple(approvals), tuple(payments), tuple(waiting), overdue=max(1, applicants // 3))
