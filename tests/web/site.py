"""A public site filled through the real import service, shared by tests/web and tests/browser.

Two approved lists and a paid list of Khánh Hòa (two communes of today) and one approved row in
Hà Nội, whose figures are never published; the expected figures are computed here from the rows,
not read back from the code under test.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bot.app import build_services
from bot.config import TIMEZONE, Settings
from bot.domain.areas import Area, OfficerScope, Role
from bot.services.clock import Clock
from bot.services.container import Services
from bot.services.imports import ImportOptions
from bot.services.publication import PublicationService

NOW = datetime(2021, 10, 4, 9, 0, tzinfo=TIMEZONE)
KHANH_HOA = Area("56")
BAC_CAM_RANH = Area("56", "22411")   # old Cam Thành Nam and Cam Nghĩa of Thành phố Cam Ranh
TAN_DINH = Area("56", "22576")       # Xã Tân Định today: old Xã Ninh Quang of Thị xã Ninh Hòa
PROVINCE_OFFICER = OfficerScope(501, Role.PROVINCE, KHANH_HOA)

HEADER = "Họ và tên,Ngày sinh,Số CCCD,Xã,Huyện,Tỉnh,Chính sách,Số tiền,Số quyết định,Ngày quyết định\n"
# (name, birth date, ID, old commune, old district, province, amount)
APPROVED_ROWS = (
    ("Nguyễn Thị Lan", "15/07/1985", "056185001234", "Xã Cam Thành Nam", "Thành phố Cam Ranh", 3_710_000),
    ("Lê Văn Bình", "02/03/1990", "056090004321", "Phường Cam Nghĩa", "Thành phố Cam Ranh", 3_710_000),
    ("Trần Thị Hoa", "20/11/1988", "056188007777", "Xã Ninh Quang", "Thị xã Ninh Hòa", 1_855_000),
)
HA_NOI_ROW = "Phạm Văn Nội,01/01/1980,001080009999,Phường Phúc Xá,Quận Ba Đình,Thành phố Hà Nội,Tạm hoãn HĐLĐ,3710000,5/QĐ-UBND,20/08/2021\n"
PAID_ROWS = (("056185001234", 3_710_000), ("056188007777", 1_855_000))
LATE_APPROVED = ("Võ Văn Mới", "09/09/1979", "056079005555", "Xã Ninh Quang", "Thị xã Ninh Hòa", 3_710_000)


def approved_csv(rows: tuple[tuple[str, str, str, str, str, int], ...], *, ha_noi: bool = False) -> str:
    lines = [f"{n},{b},{i},{c},{d},Tỉnh Khánh Hòa,Tạm hoãn HĐLĐ,{a},12/QĐ-UBND,20/08/2021\n"
             for n, b, i, c, d, a in rows]
    return HEADER + "".join(lines) + (HA_NOI_ROW if ha_noi else "")


def paid_csv(rows: tuple[tuple[str, int], ...]) -> str:
    return "Số CCCD,Chính sách,Số tiền đã chi trả,Ngày chi trả\n" + "".join(
        f"{i},Tạm hoãn HĐLĐ,{a},05/09/2021\n" for i, a in rows)


@dataclass(frozen=True)
class Expected:
    """What the page must show for Khánh Hòa, computed from the rows above."""

    people_approved: int
    amount_approved: int
    people_paid: int
    amount_paid: int


def expected(approved: tuple[tuple[str, str, str, str, str, int], ...] = APPROVED_ROWS,
             paid: tuple[tuple[str, int], ...] = PAID_ROWS) -> Expected:
    return Expected(len(approved), sum(r[5] for r in approved), len({i for i, _a in paid}), sum(a for _i, a in paid))


async def open_services(database_url: str, data_dir: Path) -> Services:
    settings = Settings(bot_token=None, database_url=database_url, data_dir=data_dir)
    return await build_services(settings, clock=Clock(TIMEZONE, NOW))


async def import_list(services: Services, text: str, kind: str, tmp: Path, name: str) -> None:
    """Stage and confirm a list exactly as ``python -m bot import`` does."""
    assert services.imports is not None
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    preview = await services.imports.stage(path, name, ImportOptions(kind), None)
    assert preview.invalid == 0, preview
    assert (await services.imports.commit(preview.batch_id, None)).committed


async def fill(services: Services, tmp: Path) -> None:
    await import_list(services, approved_csv(APPROVED_ROWS, ha_noi=True), "approved", tmp, "approved.csv")
    await import_list(services, paid_csv(PAID_ROWS), "paid", tmp, "paid.csv")


async def publish(services: Services, scope: OfficerScope = PROVINCE_OFFICER, published: bool = True) -> None:
    async with services.sessions.begin() as session:
        await PublicationService(services.clock).set(session, scope, published)
