"""Imports on SQLite and PostgreSQL: preview counts, all or nothing, re-import, corrections, paid checks."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.config import TIMEZONE
from bot.dialogs.import_texts import row_error_message
from bot.i18n import Translator
from bot.rules import load_rulebook
from bot.services.clock import Clock
from bot.services.imports import ImportOptions, ImportService
from bot.services.policy_names import PolicyResolver
from storage.database import make_session_factory
from storage.models import ApprovedEntry, ImportRow, PaidEntry
from tests.conftest import FIXED_NOW

APPROVED = ("Họ và tên,Ngày sinh,Số CCCD,Chính sách,Số tiền,Số quyết định,Ngày quyết định\n"
            "Nguyễn Thị Lan,15/07/1985,056185001234,Tạm hoãn HĐLĐ,3710000,12/QĐ-UBND,20/08/2021\n"
            "Lê Văn Bình,02/03/1990,056090004321,Ngừng việc,1000000,12/QĐ-UBND,20/08/2021\n")


def service(engine: AsyncEngine, tmp_path: Path) -> ImportService:
    tr = Translator("vi")
    return ImportService(make_session_factory(engine), Clock(TIMEZONE, FIXED_NOW), PolicyResolver(load_rulebook()),
                         tmp_path / "reports", lambda code, params: row_error_message(tr, code, params))


async def count(engine: AsyncEngine, model: type) -> int:
    async with make_session_factory(engine)() as s:
        return int(await s.scalar(select(func.count()).select_from(model)) or 0)


async def test_preview_commit_reimport_and_correction(engine: AsyncEngine, tmp_path: Path) -> None:
    imports = service(engine, tmp_path)
    path = tmp_path / "a.csv"
    path.write_text(APPROVED, encoding="utf-8")
    preview = await imports.stage(path, "a.csv", ImportOptions("approved"), officer_id=7)
    assert (preview.read, preview.valid, preview.new, preview.changed) == (2, 2, 2, 0)
    assert await count(engine, ApprovedEntry) == 0  # nothing reaches the list before confirmation
    await imports.commit(preview.batch_id, 7)
    assert await count(engine, ApprovedEntry) == 2 and await count(engine, ImportRow) == 0
    again = await imports.stage(path, "a.csv", ImportOptions("approved"), officer_id=7)
    assert (again.new, again.changed, again.unchanged) == (0, 0, 2)
    assert (await imports.commit(again.batch_id, 7)).committed
    assert (await imports.commit(again.batch_id, 7)).already  # a double "Xác nhận" changes nothing
    path.write_text(APPROVED.replace("3710000", "1855000"), encoding="utf-8")
    corrected = await imports.stage(path, "a.csv", ImportOptions("approved"), officer_id=7)
    assert (corrected.new, corrected.changed, corrected.unchanged) == (0, 1, 1)
    await imports.commit(corrected.batch_id, 7)
    async with make_session_factory(engine)() as s:
        amounts = dict((await s.execute(select(ApprovedEntry.policy_id, ApprovedEntry.amount))).all())
    assert amounts == {"nq68_unpaid_leave": 1855000, "nq68_work_stoppage": 1000000}


async def test_paid_rows_are_checked_against_the_approved_list(engine: AsyncEngine, tmp_path: Path) -> None:
    imports = service(engine, tmp_path)
    approved = tmp_path / "a.csv"
    approved.write_text(APPROVED, encoding="utf-8")
    await imports.commit((await imports.stage(approved, "a.csv", ImportOptions("approved"), 7)).batch_id, 7)
    paid = tmp_path / "p.csv"
    paid.write_text("Số CCCD,Chính sách,Số tiền đã chi trả,Ngày chi trả\n"
                    "056185001234,Tạm hoãn HĐLĐ,3710000,05/09/2021\n"
                    "056185001234,Tạm hoãn HĐLĐ,3710000,06/09/2021\n"
                    "056090004321,Ngừng việc,2000000,05/09/2021\n"
                    "079185009999,Ngừng việc,1000000,05/09/2021\n", encoding="utf-8")
    preview = await imports.stage(paid, "p.csv", ImportOptions("paid"), 7)
    assert preview.valid == 1 and preview.invalid == 3
    assert dict(preview.errors_by_code) == {"paid_twice_in_file": 1, "paid_over_approved": 1, "paid_not_approved": 1}
    assert preview.error_report is not None and preview.error_report.is_file()
    await imports.commit(preview.batch_id, 7)
    assert await count(engine, PaidEntry) == 1
    later = tmp_path / "p2.csv"
    later.write_text("Số CCCD,Chính sách,Số tiền đã chi trả,Ngày chi trả\n"
                     "056185001234,Tạm hoãn HĐLĐ,3710000,01/10/2021\n", encoding="utf-8")
    twice = await imports.stage(later, "p2.csv", ImportOptions("paid"), 7)
    assert dict(twice.errors_by_code) == {"paid_twice": 1}


async def test_a_failed_read_changes_nothing(engine: AsyncEngine, tmp_path: Path) -> None:
    imports = service(engine, tmp_path)
    path = tmp_path / "bad.csv"
    path.write_text("Họ và tên,Ngày sinh\nA,1/1/1990\n", encoding="utf-8")
    try:
        await imports.stage(path, "bad.csv", ImportOptions("approved"), 7)
    except Exception as error:  # noqa: BLE001
        assert getattr(error, "code", "") == "missing_columns"
    assert await count(engine, ApprovedEntry) == 0 and await count(engine, ImportRow) == 0
    assert date(2021, 1, 1)


async def test_the_decision_in_the_title_is_used_instead_of_asking(engine: AsyncEngine, tmp_path: Path) -> None:
    imports = service(engine, tmp_path)
    path = tmp_path / "t.csv"
    path.write_text("DANH SÁCH NGƯỜI LAO ĐỘNG ĐƯỢC HỖ TRỢ\n(Kèm theo Quyết định số 1234/QĐ-UBND ngày 20/8/2021)\n\n"
                    "Họ và tên,Số CCCD,Chính sách,Số tiền\nNguyễn Thị Lan,056185001234,Tạm hoãn HĐLĐ,3.710.000\n",
                    encoding="utf-8")
    assert (await imports.inspect(path, "approved", "t.csv")).has_decision
    await imports.commit((await imports.stage(path, "t.csv", ImportOptions("approved"), 7)).batch_id, 7)
    async with make_session_factory(engine)() as s:
        row = (await s.execute(select(ApprovedEntry.decision_number, ApprovedEntry.decision_date))).one()
    assert tuple(row) == ("1234/QĐ-UBND", date(2021, 8, 20))
