"""Imports on SQLite and PostgreSQL: preview counts, all or nothing, re-import, corrections, paid checks."""

from __future__ import annotations

import os
import socket
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.config import TIMEZONE
from bot.dialogs.import_texts import row_error_message
from bot.i18n import Translator
from bot.rules import load_rulebook
from bot.services.clock import Clock
from bot.lists.limits import ListLimits
from bot.lists.samples import generate_approved_csv
from bot.services.imports import ImportOptions, ImportRefused, ImportService
from bot.services.policy_names import PolicyResolver
from storage.database import make_session_factory
from storage.models import ApprovedEntry, ImportBatch, ImportRow, PaidEntry
from storage.repositories.imports import ImportRepository
from tests.lists.hostile import million_columns_csv, zip_bomb_xlsx
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


# -- issue 7: what the database refuses is caught before the preview; crashes; races; rights ---------

PAID_WITHOUT_DATE = ("Họ và tên,Số CCCD,Chính sách,Số tiền đã chi trả\n"
                     "Nguyễn Thị Lan,056185001234,Tạm hoãn HĐLĐ,3710000\n")


async def approved_on_file(imports: ImportService, tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text(APPROVED, encoding="utf-8")
    await imports.commit((await imports.stage(path, "a.csv", ImportOptions("approved"), 7)).batch_id, 7)


async def test_a_paid_list_without_payment_dates_asks_for_one_instead_of_failing_at_confirm(
        engine: AsyncEngine, tmp_path: Path) -> None:
    imports = service(engine, tmp_path)
    await approved_on_file(imports, tmp_path)
    path = tmp_path / "p.csv"
    path.write_text(PAID_WITHOUT_DATE, encoding="utf-8")
    assert not (await imports.inspect(path, "paid", "p.csv")).has_paid_date
    with pytest.raises(ImportRefused) as refused:
        await imports.stage(path, "p.csv", ImportOptions("paid"), 7)
    assert refused.value.code == "paid_date_needed"
    assert await count(engine, ImportRow) == 0
    preview = await imports.stage(path, "p.csv", ImportOptions("paid", paid_date=date(2021, 9, 5)), 7)
    assert (preview.valid, preview.invalid) == (1, 0)
    assert (await imports.commit(preview.batch_id, 7)).committed
    async with make_session_factory(engine)() as s:
        assert (await s.execute(select(PaidEntry.paid_date))).scalar_one() == date(2021, 9, 5)


async def test_the_report_of_refused_payments_names_each_person(engine: AsyncEngine, tmp_path: Path) -> None:
    imports = service(engine, tmp_path)
    await approved_on_file(imports, tmp_path)
    paid = tmp_path / "p.csv"
    paid.write_text("Họ và tên,Số CCCD,Chính sách,Số tiền đã chi trả,Ngày chi trả\n"
                    "Lê Văn Bình,056090004321,Ngừng việc,2000000,05/09/2021\n"
                    "Trần Văn Cường,079185009999,Ngừng việc,1000000,05/09/2021\n", encoding="utf-8")
    preview = await imports.stage(paid, "p.csv", ImportOptions("paid"), 7)
    assert preview.error_report is not None
    rows = list(load_workbook(preview.error_report).active.iter_rows(values_only=True))
    assert rows[0] == ("Dòng trong tệp", "Lý do", "Họ và tên", "Số CCCD")
    assert rows[1][0] == 2 and rows[1][2:] == ("Lê Văn Bình", "056090004321")
    assert rows[2][0] == 3 and rows[2][2:] == ("Trần Văn Cường", "079185009999")
    assert "không có trong danh sách được duyệt" in str(rows[2][1])


async def test_a_file_over_a_limit_is_refused_and_nothing_is_stored(engine: AsyncEngine, tmp_path: Path) -> None:
    imports = service(engine, tmp_path)
    path = million_columns_csv(tmp_path / "cot.csv")
    with pytest.raises(ImportRefused) as refused:
        await imports.stage(path, "cot.csv", ImportOptions("approved", "nq68_unpaid_leave"), 7)
    assert refused.value.code == "too_many_columns"
    bomb = zip_bomb_xlsx(tmp_path / "bom.xlsx")
    with pytest.raises(ImportRefused) as refused:
        await imports.stage(bomb, "bom.xlsx", ImportOptions("approved", "nq68_unpaid_leave"), 7)
    assert refused.value.code == "compression_ratio"
    assert await count(engine, ImportRow) == 0 and await count(engine, ApprovedEntry) == 0


async def test_a_limit_crossed_far_down_the_file_leaves_no_staging(engine: AsyncEngine, tmp_path: Path) -> None:
    imports = ImportService(make_session_factory(engine), Clock(TIMEZONE, FIXED_NOW), PolicyResolver(load_rulebook()),
                            tmp_path / "reports", lambda code, params: code, limits=ListLimits(rows=12_000))
    path = tmp_path / "dai.csv"
    generate_approved_csv(path, 15_000, seed=3)
    with pytest.raises(ImportRefused) as refused:
        await imports.stage(path, "dai.csv", ImportOptions("approved", "nq68_unpaid_leave", "1/QĐ"), 7)
    assert refused.value.code == "too_many_rows"
    assert await count(engine, ImportRow) == 0 and await count(engine, ApprovedEntry) == 0


async def test_overlapping_imports_recheck_at_confirm_and_show_the_new_preview(
        engine: AsyncEngine, tmp_path: Path) -> None:
    imports = service(engine, tmp_path)
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text(APPROVED, encoding="utf-8")
    second.write_text(APPROVED.replace("3710000", "1855000"), encoding="utf-8")
    mine = await imports.stage(first, "a.csv", ImportOptions("approved"), 7)
    theirs = await imports.stage(second, "b.csv", ImportOptions("approved"), 8)
    assert (mine.new, theirs.new) == (2, 2)  # both previews were right when shown
    assert (await imports.commit(theirs.batch_id, 8)).committed
    stale = await imports.commit(mine.batch_id, 7)
    assert stale.stale and not stale.committed
    assert (stale.summary["new"], stale.summary["changed"], stale.summary["unchanged"]) == (0, 1, 1)
    async with make_session_factory(engine)() as s:  # nothing of mine was imported
        assert set((await s.execute(select(ApprovedEntry.amount))).scalars()) == {1855000, 1000000}
    done = await imports.commit(mine.batch_id, 7)  # confirming the new preview imports
    assert done.committed
    async with make_session_factory(engine)() as s:
        assert set((await s.execute(select(ApprovedEntry.amount))).scalars()) == {3710000, 1000000}


async def test_confirm_checks_again_that_the_user_is_still_an_officer(engine: AsyncEngine, tmp_path: Path) -> None:
    officers = {7}
    tr = Translator("vi")
    imports = ImportService(make_session_factory(engine), Clock(TIMEZONE, FIXED_NOW), PolicyResolver(load_rulebook()),
                            tmp_path / "reports", lambda code, params: row_error_message(tr, code, params),
                            is_officer=lambda user_id: user_id in officers)
    path = tmp_path / "a.csv"
    path.write_text(APPROVED, encoding="utf-8")
    with pytest.raises(ImportRefused):
        await imports.stage(path, "a.csv", ImportOptions("approved"), 99)
    preview = await imports.stage(path, "a.csv", ImportOptions("approved"), 7)
    officers.clear()  # removed from BOT_ADMIN_IDS between the preview and "Xác nhận"
    with pytest.raises(ImportRefused) as refused:
        await imports.commit(preview.batch_id, 7)
    assert refused.value.code == "not_officer"
    assert await count(engine, ApprovedEntry) == 0


async def test_start_up_drops_staging_left_by_a_dead_process(engine: AsyncEngine, tmp_path: Path) -> None:
    imports = service(engine, tmp_path)
    sessions = make_session_factory(engine)
    async with sessions.begin() as session:  # what a process killed mid-read leaves behind
        repo = ImportRepository(session)
        mine = f"{socket.gethostname()}:{os.getpid()}"  # this pid: the dead process's pid, reused
        batch = await repo.create_batch("approved", 7, "a.csv", "", "", "", None, owner=mine)
        await repo.stage_rows([(batch, 5, "nq68_unpaid_leave", "056185001234", "A", "a", None, "", "", "", "", "",
                                1, "", None, None, "", "h")])
        other = await repo.create_batch("approved", 7, "b.csv", "", "", "", None, owner="elsewhere:1")
    ok = tmp_path / "ok.csv"
    ok.write_text(APPROVED, encoding="utf-8")
    live = await imports.stage(ok, "ok.csv", ImportOptions("approved"), 7)
    recovery = await imports.recover_after_restart()
    assert (recovery.abandoned, recovery.orphan_rows) == (1, 1)
    async with sessions() as s:
        statuses = dict((await s.execute(select(ImportBatch.id, ImportBatch.status))).all())
    assert statuses[batch] == "failed" and statuses[other] == "staging"  # another machine's: left to age out
    assert statuses[live.batch_id] == "previewed"  # a preview waiting for "Xác nhận" survives a restart
    assert await count(engine, ImportRow) == 2
