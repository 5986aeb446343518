"""/thongke on SQLite and PostgreSQL: each scope sees only its own area, the .xlsx totals equal the
database, the chart is a PNG, and every request is in the audit log."""

from __future__ import annotations

import io
from datetime import date, datetime, timezone

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.config import TIMEZONE
from bot.i18n import Translator
from bot.reports.figures import GroupBy, Period
from bot.services.clock import Clock
from bot.services.statistics import StatisticsService
from storage.database import make_session_factory
from storage.models import ApprovedEntry, AuditEvent, PaidEntry
from tests.reports.conftest import (
    BA_DINH, BAC_NHA_TRANG, COMMUNE_A, COMMUNE_B, HA_NOI, NHA_TRANG, PROVINCE, SUPERVISOR, add_all,
    application, approved, paid,
)

NOW = datetime(2021, 9, 30, 9, 0, tzinfo=TIMEZONE)
PERIOD = Period(date(2021, 7, 1), date(2021, 12, 31))
VI = Translator("vi")


@pytest.fixture
async def service(engine: AsyncEngine) -> StatisticsService:
    sessions = make_session_factory(engine)
    async with sessions.begin() as session:
        await add_all(
            session,
            approved("nq68_unpaid_leave", "056090000001", "Nguyễn Văn An", date(1990, 1, 1), NHA_TRANG, 3_710_000,
                     district="Thành phố Nha Trang", rice_kg=15),
            approved("nq68_unpaid_leave", "056090000002", "Trần Thị Bình", date(1991, 2, 2), NHA_TRANG, 1_855_000,
                     district="Thành phố Nha Trang", gift="1 thùng mì"),
            approved("nq68_termination", "056090000003", "=HYPERLINK(\"x\")", date(1992, 3, 3), BAC_NHA_TRANG,
                     3_710_000, district="Huyện Diên Khánh"),
            approved("nq68_termination", "056090000004", "Lê Văn Cũ", date(1980, 4, 4), BAC_NHA_TRANG, 3_710_000,
                     decided=date(2020, 5, 1)),  # outside the period
            approved("nq68_unpaid_leave", "001090000005", "Phạm Hà Nội", date(1985, 5, 5), BA_DINH, 3_710_000,
                     province=HA_NOI),
            paid("nq68_unpaid_leave", "056090000001", NHA_TRANG, 3_710_000, rice_kg=15),
            paid("nq68_termination", "056090000003", BAC_NHA_TRANG, 3_710_000),
            paid("nq68_unpaid_leave", "001090000005", BA_DINH, 3_710_000, province=HA_NOI),
            application("A1", "nq68_unpaid_leave", "056090000010", NHA_TRANG, "submitted",
                        datetime(2021, 9, 1, tzinfo=timezone.utc)),  # 29 days waiting: overdue
            application("A2", "nq68_unpaid_leave", "056090000011", NHA_TRANG, "submitted",
                        datetime(2021, 9, 28, tzinfo=timezone.utc)),  # 2 days: not yet
            application("A3", "nq68_termination", "056090000012", BAC_NHA_TRANG, "rejected",
                        datetime(2021, 8, 1, tzinfo=timezone.utc)),
        )
    return StatisticsService(sessions, Clock(TIMEZONE, NOW), {"nq68_unpaid_leave": "Tạm hoãn HĐLĐ"})


async def test_each_scope_sees_only_its_own_area(service: StatisticsService) -> None:
    province = (await service.export(PROVINCE, PERIOD, VI, chart=False)).report
    a = (await service.export(COMMUNE_A, PERIOD, VI, chart=False)).report
    b = (await service.export(COMMUNE_B, PERIOD, VI, chart=False)).report
    assert {s.key for s in province.sub_areas} == {NHA_TRANG, BAC_NHA_TRANG}  # Hà Nội is not there
    assert (province.total.people_approved, province.total.amount_approved) == (3, 9_275_000)
    assert (a.total.people_approved, a.total.amount_approved, a.total.people_paid) == (2, 5_565_000, 1)
    assert (b.total.people_approved, b.total.people_paid, b.total.amount_paid) == (1, 1, 3_710_000)
    assert [s.key for s in a.sub_areas] == [NHA_TRANG] and [s.key for s in b.sub_areas] == [BAC_NHA_TRANG]
    assert (a.total.received, a.total.overdue, b.total.rejected) == (2, 1, 1)
    assert (a.total.rice_kg_approved, a.total.rice_kg_paid, a.total.gifts) == (15, 15, 1)
    assert province.total.share_paid == pytest.approx(7_420_000 / 9_275_000)
    assert a.sub_areas[0].name == "Phường Nha Trang"


async def test_period_filters_decisions(service: StatisticsService) -> None:
    everything = (await service.export(COMMUNE_B, Period(), VI, chart=False)).report
    assert everything.total.people_approved == 2  # the 2020 decision counts without a period


async def test_xlsx_totals_equal_the_database(service: StatisticsService, engine: AsyncEngine) -> None:
    export = await service.export(PROVINCE, Period(), VI, chart=False)
    sheet = load_workbook(io.BytesIO(export.xlsx)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    total = next(r for r in rows if r[1] == VI._("Total"))
    width = len(total)
    all_policies = total[width - 8: width - 4]  # people approved, amount approved, people paid, amount paid
    sessions = make_session_factory(engine)
    async with sessions() as session:
        db_people = await session.scalar(select(func.count()).select_from(ApprovedEntry)
                                         .where(ApprovedEntry.current_province_code == PROVINCE.area.province_code))
        db_amount = await session.scalar(select(func.sum(ApprovedEntry.amount))
                                         .where(ApprovedEntry.current_province_code == PROVINCE.area.province_code))
        db_paid = await session.scalar(select(func.sum(PaidEntry.amount))
                                       .where(PaidEntry.current_province_code == PROVINCE.area.province_code))
    assert list(all_policies) == [db_people, db_amount, 2, db_paid]
    text = "\n".join(str(c) for r in rows for c in r if c is not None)
    assert "BÁO CÁO" in text and "TỈNH KHÁNH HÒA" in text and "(Ký, ghi rõ họ tên)" in text
    names = [c for r in rows for c in r if isinstance(c, str)]
    assert not any(n.startswith("=") for n in names)  # a list's text never becomes a formula


async def test_grouping_by_old_district(service: StatisticsService) -> None:
    report = (await service.export(PROVINCE, PERIOD, VI, group_by=GroupBy.OLD_DISTRICT, chart=False)).report
    names = {s.name: report.of_sub_area(s.key) for s in report.sub_areas}
    assert names["Thành phố Nha Trang"].people_approved == 2
    assert names["Huyện Diên Khánh"].amount_paid == 3_710_000


async def test_chart_is_a_png_and_requests_are_audited(service: StatisticsService, engine: AsyncEngine) -> None:
    export = await service.export(SUPERVISOR, PERIOD, VI)
    assert export.chart_png is not None and export.chart_png.startswith(b"\x89PNG\r\n\x1a\n")
    async with make_session_factory(engine)() as session:
        event = (await session.execute(select(AuditEvent))).scalars().one()
    assert (event.actor_user_id, event.action, event.object_id) == (4, "export.file", "/thongke")
    assert (event.province_code, event.ward_code, event.count) == (PROVINCE.area.province_code, "", 8)  # /nhatky reads these
    assert event.details["records"] == 3 + 3 + 2  # received, approved, paid and event.details["from"] == "2021-07-01"


async def test_chart_draws_vietnamese_names_without_missing_glyphs(service: StatisticsService) -> None:
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        export = await service.export(PROVINCE, PERIOD, VI)
    assert export.chart_png is not None
    assert not [w for w in caught if "Glyph" in str(w.message)]  # "Phường Bắc Nha Trang", "Đã chi trả" draw whole
