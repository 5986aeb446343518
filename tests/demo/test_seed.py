"""The demo's data is loaded the way an office would load it, and lands where the demo says it does."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from sqlalchemy import func, select

from bot.app import build_services, close_services
from bot.config import TIMEZONE, load_settings
from bot.domain.areas import Role
from bot.services.clock import Clock
from demo.data import COMMUNES, SHOWCASE, generate
from demo.seed import ACCOUNTS, AccountKind, check_places, seed
from storage.models import Application, ApprovedEntry, AuditEvent, PaidEntry
from tests.conftest import FIXED_NOW


def test_the_synthetic_people_are_consistent() -> None:
    data = generate(40, applicants=6)
    ids = [a.person.id_number for a in data.approvals] + [p.id_number for p in data.applicants]
    assert len(set(ids)) == len(ids) and data.approvals[0].person == SHOWCASE
    for person in [a.person for a in data.approvals] + list(data.applicants):
        assert person.id_number.startswith("056") and len(person.id_number) == 12
        assert person.id_number[4:6] == f"{person.birth_date.year % 100:02d}"   # CCCD digits 5–6: birth year
        assert int(person.id_number[3]) % 2 == int(person.female)               # digit 4: century and sex
    assert {a.person.commune for a in data.approvals} == set(COMMUNES)
    assert {p.approval for p in data.payments} <= set(data.approvals)
    check_places(data)  # every old commune really is in the commune of today the data names
    assert generate(40, applicants=6) == data  # the same demo every time


async def test_seeding_goes_through_the_services_and_places_everyone(database_url: str, tmp_path: Path) -> None:
    settings = replace(load_settings({"DATABASE_URL": database_url, "DATA_DIR": str(tmp_path)}, env_file=None))
    services = await build_services(settings, clock=Clock(TIMEZONE, FIXED_NOW))
    try:
        data = generate(16, applicants=4)
        report = await seed(services, data, tmp_path / "lists")
        assert (report.approved, report.paid, report.pending, report.overdue) == (16, len(data.payments), 4, 1)
        for account in ACCOUNTS:
            scope = await services.officers.scope(account.user_id)
            if account.kind is AccountKind.CITIZEN:
                assert scope is None
            else:
                assert scope is not None and scope.role is Role(account.kind.value)
        async with services.sessions() as session:
            wards = dict((await session.execute(
                select(ApprovedEntry.current_ward_code, func.count()).group_by(ApprovedEntry.current_ward_code))).all())
            assert set(wards) == {"22366", "22333", "22402", "22480"} and sum(wards.values()) == 16
            assert await session.scalar(select(func.count()).select_from(PaidEntry)) == len(data.payments)
            received = sorted((await session.execute(select(Application.submitted_at))).scalars())
            assert (FIXED_NOW - received[0]).days >= 35 and (FIXED_NOW - received[-1]).days < 3  # one overdue
            imports = (await session.execute(select(AuditEvent.action).where(
                AuditEvent.action == "import.preview"))).scalars().all()
            published = await services.publication.published_areas(session)
            assert [(a.province_code, a.ward_code) for a in published] == [("56", None)]  # / shows the province
            assert len(imports) == 4  # two approved and two paid lists, previewed then committed by the officer
    finally:
        await close_services(services)
