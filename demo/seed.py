"""Fill a fresh demo database through the product's own services, as an office would have.

Officers are created by the officer service, the approved and paid lists go through the real
import service (a file is written, staged, previewed and committed, as ``python -m bot import``
does), and the pending applications through the application service, some of them with a clock
set weeks back so they are overdue in /duyet.  Nothing is written to the tables directly.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from pathlib import Path

from openpyxl import Workbook

from bot.dialogs.answers import unit_json
from bot.domain.areas import Area, Role
from bot.parsing.address import match_legacy_unit
from bot.parsing.area_names import resolve_area
from bot.services.applications import ApplicationService
from bot.services.clock import Clock
from bot.services.container import Services
from bot.services.imports import ImportOptions, ImportRefused
from demo.data import DECISIONS, PROVINCE, DemoData, Payment, Person


class AccountKind(StrEnum):
    CITIZEN = "citizen"
    PROVINCE = "province"
    COMMUNE = "commune"
    SUPERVISOR = "supervisor"


@dataclass(frozen=True)
class Account:
    """A simulated Telegram user the page can switch to."""

    user_id: int
    first_name: str
    kind: AccountKind
    area: str = ""  # the officer's area, as people name it


COMMUNE_OF_OFFICER = "Phường Nha Trang"
ACCOUNTS: tuple[Account, ...] = (
    Account(5001, "Lan", AccountKind.CITIZEN),
    Account(9001, "Cán bộ tỉnh", AccountKind.PROVINCE, PROVINCE),
    Account(9002, "Cán bộ phường", AccountKind.COMMUNE, f"{COMMUNE_OF_OFFICER}, {PROVINCE}"),
    Account(9003, "Giám sát HĐND", AccountKind.SUPERVISOR, PROVINCE),
)
APPLICANT_IDS_FROM = 6001  # the applicants' own (simulated) Telegram chats; told when their application is decided
ROLE = {AccountKind.PROVINCE: Role.PROVINCE, AccountKind.COMMUNE: Role.COMMUNE,
        AccountKind.SUPERVISOR: Role.SUPERVISOR}


class SeedError(RuntimeError):
    """The demo data could not be loaded the way an office would (a list refused, an area unknown)."""


@dataclass(frozen=True)
class SeedReport:
    approved: int
    paid: int
    pending: int
    overdue: int


async def seed(services: Services, data: DemoData, folder: Path) -> SeedReport:
    """Officers, then the approved lists, the paid list, the pending applications and the public figures."""
    folder.mkdir(parents=True, exist_ok=True)
    for account in ACCOUNTS:
        if account.kind is AccountKind.CITIZEN:
            continue
        area = resolve_area(account.area)
        if area is None:
            raise SeedError(f"unknown area {account.area}")
        await services.officers.add(account.user_id, ROLE[account.kind], area)
    province_officer = next(a.user_id for a in ACCOUNTS if a.kind is AccountKind.PROVINCE)
    scope = await services.officers.scope(province_officer)
    approved = 0
    for policy_id, (number, decided) in DECISIONS.items():
        rows = [a for a in data.approvals if a.policy_id == policy_id]
        path = folder / f"danh-sach-duyet-{policy_id}.xlsx"
        _approved_workbook(rows, path)
        approved += await _import(services, path, ImportOptions("approved", policy_id, number, decided),
                                  province_officer, scope)
    paid = 0
    for policy_id in DECISIONS:
        paid_path = folder / f"danh-sach-chi-tra-{policy_id}.csv"
        _paid_csv([p for p in data.payments if p.approval.policy_id == policy_id], paid_path)
        paid += await _import(services, paid_path, ImportOptions("paid", policy_id), province_officer, scope)
    await _applications(services, data)
    await _publish(services, scope)
    return SeedReport(approved, paid, len(data.applicants), data.overdue)


async def _publish(services: Services, scope: object) -> None:
    """The province officer publishes the province's figures, so the demo's ``/`` shows them at once."""
    assert services.publication is not None
    async with services.sessions() as session, session.begin():
        await services.publication.set(session, scope, True)  # type: ignore[arg-type]


async def _import(services: Services, path: Path, options: ImportOptions, officer_id: int,
                  scope: object) -> int:
    assert services.imports is not None
    try:
        preview = await services.imports.stage(path, path.name, options, officer_id, scope=scope)  # type: ignore[arg-type]
        if preview.invalid:
            raise SeedError(f"{path.name}: {preview.invalid} invalid rows {dict(preview.errors_by_code)}")
        done = await services.imports.commit(preview.batch_id, officer_id, scope)  # type: ignore[arg-type]
    except ImportRefused as refused:
        raise SeedError(f"{path.name} refused: {refused.code}") from refused
    if not done.committed:
        raise SeedError(f"{path.name} not committed: {done.outcome}")
    return preview.valid


def _approved_workbook(rows: list, path: Path) -> None:  # type: ignore[type-arg]
    """The layout offices used in 2021: a title, a two-row header with the address split, a total."""
    wb = Workbook()
    ws = wb.active
    ws.append(["ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA"])
    ws.append(["DANH SÁCH NGƯỜI LAO ĐỘNG ĐƯỢC HỖ TRỢ"])
    ws.append([])
    ws.append(["STT", "Họ và tên", "Ngày sinh", "Số CCCD/CMND", "Địa chỉ", None, None, "Số tiền hỗ trợ (đồng)"])
    ws.append([None, None, None, None, "Xã/phường", "Huyện", "Tỉnh", None])
    ws.merge_cells("E4:G4")
    for number, row in enumerate(rows, start=1):
        p = row.person
        ws.append([number, p.full_name, p.birth_date.strftime("%d/%m/%Y"), p.id_number, p.old_ward,
                   p.old_district, "Khánh Hòa", row.amount])
    ws.append([None, "Tổng cộng", None, None, None, None, None, sum(r.amount for r in rows)])
    wb.save(path)


def _paid_csv(payments: list[Payment], path: Path) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["STT", "Số CCCD", "Số tiền đã chi trả", "Ngày chi trả", "Đơn vị chi trả"])
        for number, payment in enumerate(payments, start=1):
            a = payment.approval
            out.writerow([number, a.person.id_number, a.amount, payment.paid_on.strftime("%d/%m/%Y"),
                          payment.payer])


async def _applications(services: Services, data: DemoData) -> None:
    """Pending /nophoso applications: the first ``overdue`` filed five weeks ago, the others these days."""
    rng = random.Random(len(data.applicants))
    now = services.clock.now()
    for index, person in enumerate(data.applicants):
        user_id = APPLICANT_IDS_FROM + index
        await services.users.touch(user_id, user_id, person.full_name.split()[-1], "vi")
        filed = now - (timedelta(days=35 + index) if index < data.overdue else timedelta(days=index % 3))
        clock = Clock(services.clock.tz, filed)
        async with services.sessions.begin() as session:
            await ApplicationService(clock).submit(session, user_id, user_id, _draft(person, filed, rng))
        unit = _unit(person)
        await services.users.place(user_id, unit["current_province_code"], unit["current_ward_code"])


def _draft(person: Person, filed: datetime, rng: random.Random) -> dict[str, object]:
    start = filed.date().replace(day=1) - timedelta(days=60)
    return {
        "policy_id": "nq68_unpaid_leave", "full_name": person.full_name,
        "birth_date": person.birth_date.isoformat(), "sex": "female" if person.female else "male",
        "id_number": person.id_number, "phone": f"09{rng.randrange(10**8):08d}",
        "address_unit": _unit(person), "address_street": f"{rng.randint(1, 200)} đường {rng.choice(STREETS)}",
        "employer_name": rng.choice(EMPLOYERS), "period_start": start.isoformat(),
        "period_end": (start + timedelta(days=45)).isoformat(),
        "reason": "Công ty tạm dừng hoạt động theo yêu cầu phòng, chống dịch", "pregnant": False,
        "children_under_6": rng.randint(0, 2), "payment_method": "cash",
    }


def _unit(person: Person) -> dict[str, str]:
    found = match_legacy_unit(f"{person.old_ward}, {person.old_district}, {PROVINCE}")
    if len(found) != 1 or not found[0].current_ward_code:
        raise SeedError(f"old commune {person.old_ward}, {person.old_district} not found")
    return unit_json(found[0])


def check_places(data: DemoData) -> None:
    """Every old commune of the data lies in the commune of today the data says (vietnamadminunits)."""
    for person in {a.person for a in data.approvals} | set(data.applicants):
        unit = _unit(person)
        if Area(unit["current_province_code"]).province_code != "56" or \
                not unit["current_label"].startswith(person.commune):
            raise SeedError(f"{person.old_ward} is not in {person.commune}: {unit['current_label']}")


STREETS = ("Trần Phú", "Lê Thánh Tôn", "Yersin", "Nguyễn Thiện Thuật", "Hùng Vương", "2 Tháng 4")
EMPLOYERS = ("Công ty TNHH Du lịch Biển Xanh", "Khách sạn Hải Âu", "Công ty CP Thủy sản Nha Trang",
             "Nhà hàng Hương Biển", "Công ty TNHH May mặc Cam Ranh")
