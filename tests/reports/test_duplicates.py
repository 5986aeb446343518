"""/trunglap on SQLite and PostgreSQL: each kind of duplicate is found, inside the officer's area only;
the other side of a cross-area pair carries no personal data; supervisors see masked numbers."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.config import TIMEZONE
from bot.i18n import Translator
from bot.reports.figures import DuplicateKind, MatchKind
from bot.services.clock import Clock
from bot.services.duplicates import DuplicatesService, cccd_matches_birth_year
from storage.database import make_session_factory
from storage.models import AuditEvent
from tests.conftest import FIXED_NOW
from tests.reports.conftest import (
    BAC_NHA_TRANG, COMMUNE_A, COMMUNE_B, NHA_TRANG, PROVINCE, SUPERVISOR, add_all, approved, paid,
)

VI = Translator("vi")
BORN = date(1990, 1, 1)


@pytest.fixture
async def service(engine: AsyncEngine) -> DuplicatesService:
    sessions = make_session_factory(engine)
    async with sessions.begin() as session:
        await add_all(
            session,
            # An: unpaid leave in Nha Trang and termination (same ID) in Bắc Nha Trang: not combinable, two communes
            approved("nq68_unpaid_leave", "056090000001", "Nguyễn Văn An", BORN, NHA_TRANG, 3_710_000),
            approved("nq68_termination", "056090000001", "Nguyễn Văn An", BORN, BAC_NHA_TRANG, 3_710_000),
            # Bình: old CMND and new CCCD on the same policy's list in Nha Trang: twice for one policy
            approved("nq68_artist", "225000111", "Trần Thị Bình", date(1985, 5, 5), NHA_TRANG, 3_710_000),
            approved("nq68_artist", "056185000222", "Trần Thị Bình", date(1985, 5, 5), NHA_TRANG, 3_710_000),
            # Cường: paid twice, and more than approved, in Bắc Nha Trang
            approved("nq68_tour_guide", "056092000003", "Lê Cường", date(1992, 2, 2), BAC_NHA_TRANG, 3_710_000),
            paid("nq68_tour_guide", "056092000003", BAC_NHA_TRANG, 3_710_000, date(2021, 9, 1)),
            paid("nq68_tour_guide", "056092000003", BAC_NHA_TRANG, 3_710_000, date(2021, 10, 1)),
            # Dũng: paid in Nha Trang without being approved
            paid("nq68_termination", "056093000004", NHA_TRANG, 3_710_000),
            # Hoa: F0 food support and unpaid leave may be combined: nothing to report
            approved("nq68_f0", "056094000005", "Phạm Hoa", date(1994, 4, 4), NHA_TRANG, 1_000_000),
            approved("nq68_unpaid_leave", "056094000005", "Phạm Hoa", date(1994, 4, 4), NHA_TRANG, 3_710_000),
        )
    return DuplicatesService(sessions, Clock(TIMEZONE, FIXED_NOW))


async def test_province_officer_sees_every_kind(service: DuplicatesService) -> None:
    report = (await service.export(PROVINCE, VI)).report
    counts = {kind: report.count(kind) for kind in DuplicateKind}
    assert counts == {DuplicateKind.NOT_COMBINABLE: 1, DuplicateKind.TWO_COMMUNES: 1,
                      DuplicateKind.TWICE_SAME_POLICY: 1, DuplicateKind.PAID_TWICE: 1,
                      DuplicateKind.PAID_WITHOUT_APPROVAL: 1, DuplicateKind.PAID_MORE_THAN_APPROVED: 1}
    twice = next(f for f in report.findings if f.kind is DuplicateKind.TWICE_SAME_POLICY)
    assert twice.match is MatchKind.CMND_CCCD  # a 9-digit CMND and a 12-digit CCCD are one person


async def test_commune_officer_sees_own_area_and_only_the_place_of_the_other_side(service: DuplicatesService) -> None:
    a = (await service.export(COMMUNE_A, VI)).report
    b = (await service.export(COMMUNE_B, VI)).report
    assert {f.kind for f in a.findings} == {DuplicateKind.NOT_COMBINABLE, DuplicateKind.TWO_COMMUNES,
                                            DuplicateKind.TWICE_SAME_POLICY, DuplicateKind.PAID_WITHOUT_APPROVAL}
    assert {f.kind for f in b.findings} == {DuplicateKind.NOT_COMBINABLE, DuplicateKind.TWO_COMMUNES,
                                            DuplicateKind.PAID_TWICE, DuplicateKind.PAID_MORE_THAN_APPROVED}
    rows = list(load_workbook(io.BytesIO((await service.export(COMMUNE_A, VI)).xlsx)).active.iter_rows(values_only=True))
    outside = [r for r in rows if r[4] == VI._("(outside your area)")]
    assert outside and all(r[5] in ("", None) and r[6] in ("", None) for r in outside)
    assert all("Phường Bắc Nha Trang" in r[8] for r in outside)  # where, but not who
    text = str(rows)
    assert "056093000004" in text  # the officer's own records keep their full number
    assert "Lê Cường" not in text and "056092000003" not in text  # nobody of commune B


async def test_supervisor_gets_masked_numbers_and_requests_are_audited(service: DuplicatesService,
                                                                       engine: AsyncEngine) -> None:
    export = await service.export(SUPERVISOR, VI)
    text = str(list(load_workbook(io.BytesIO(export.xlsx)).active.iter_rows(values_only=True)))
    assert "056090000001" not in text and "*********001" in text
    async with make_session_factory(engine)() as session:
        event = (await session.execute(select(AuditEvent))).scalars().one()
    assert (event.actor_user_id, event.action, event.object_id) == (SUPERVISOR.user_id, "export.file", "/trunglap")
    assert event.province_code == SUPERVISOR.area.province_code
    assert event.details["findings"] == 6 and "056090000001" not in str(event.details)


def test_cccd_birth_year_digits() -> None:
    assert cccd_matches_birth_year("056185000222", 1985)  # 1 = female, 20th century; 85
    assert cccd_matches_birth_year("079203000001", 2003)
    assert not cccd_matches_birth_year("056185000222", 1986)
