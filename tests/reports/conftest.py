"""Data for the statistics and duplicates tests: two communes of one province, and a second province.

Phường Nha Trang and Phường Bắc Nha Trang of Tỉnh Khánh Hòa (today's map), plus Phường Ba Đình of
Hà Nội outside it.  Records are written straight into the tables, as a committed import leaves them.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timezone

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.areas import Area, OfficerScope, Role
from bot.parsing import area_names
from storage.models import Application, ApprovedEntry, PaidEntry

KHANH_HOA = area_names.find_province("Tỉnh Khánh Hòa") or ""
NHA_TRANG = area_names.find_ward("Phường Nha Trang", KHANH_HOA) or ""
BAC_NHA_TRANG = area_names.find_ward("Phường Bắc Nha Trang", KHANH_HOA) or ""
HA_NOI = area_names.find_province("Thành phố Hà Nội") or ""
BA_DINH = area_names.find_ward("Phường Ba Đình", HA_NOI) or ""

PROVINCE = OfficerScope(1, Role.PROVINCE, Area(KHANH_HOA))
COMMUNE_A = OfficerScope(2, Role.COMMUNE, Area(KHANH_HOA, NHA_TRANG))
COMMUNE_B = OfficerScope(3, Role.COMMUNE, Area(KHANH_HOA, BAC_NHA_TRANG))
SUPERVISOR = OfficerScope(4, Role.SUPERVISOR, Area(KHANH_HOA))


def approved(policy: str, id_number: str, name: str, born: date | None, ward: str, amount: int, *,
             province: str = KHANH_HOA, decided: date | None = date(2021, 8, 10), district: str = "",
             rice_kg: int = 0, gift: str = "") -> ApprovedEntry:
    return ApprovedEntry(
        policy_id=policy, id_number=id_number, full_name=name, name_key=name.lower(), birth_date=born,
        district=district, current_province_code=province, current_ward_code=ward, amount=amount,
        decision_number="1/QĐ-UBND", decision_date=decided, rice_kg=rice_kg, in_kind_note=gift,
        row_hash=hashlib.md5(f"{policy}{id_number}".encode()).hexdigest(), batch_id=1,
        updated_at=datetime(2021, 8, 10, tzinfo=timezone.utc))


def paid(policy: str, id_number: str, ward: str, amount: int, when: date = date(2021, 9, 1), *,
         province: str = KHANH_HOA, rice_kg: int = 0) -> PaidEntry:
    return PaidEntry(policy_id=policy, id_number=id_number, amount=amount, paid_date=when,
                     current_province_code=province, current_ward_code=ward, rice_kg=rice_kg,
                     row_hash=hashlib.md5(f"{policy}{id_number}{when}".encode()).hexdigest(), batch_id=2)


def application(ref: str, policy: str, id_number: str, ward: str, status: str, submitted: datetime, *,
                old_ward: str = "") -> Application:
    return Application(reference_code=ref, user_id=5, chat_id=5, policy_id=policy, id_number=id_number,
                       full_name="Người Nộp", name_key="nguoi nop", birth_date=date(1990, 1, 1),
                       phone="+84900000000", province_code="", ward_code=old_ward,
                       current_province_code=KHANH_HOA, current_ward_code=ward, status=status,
                       submitted_at=submitted)


async def add_all(session: AsyncSession, *rows: object) -> None:
    session.add_all(rows)
    await session.flush()
