"""A confirmed new list is written once, straight into the live list (SQLite executemany, PostgreSQL
COPY), with the same preview, error report and all-or-nothing as the staged path."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.lists import columnar
from bot.lists.limits import ListLimits
from bot.services.imports import ImportOptions, ImportRefused
from storage.database import make_session_factory
from storage.models import ApprovedEntry, AuditEvent, ImportBatch, ImportRow
from storage.repositories import bulk
from storage.repositories.publication import PublicationRepository
from tests.services.test_imports import APPROVED, count, service

# Row 4 repeats row 2's person (the later row wins; row 2 is reported), row 5 has a bad CCCD year,
# row 6 names its amount in thousands and its birth date in another spelling.
FILE = ("Họ và tên,Ngày sinh,Giới tính,Số CCCD,Xã,Huyện,Tỉnh,Chính sách,Số tiền,Số quyết định,Ngày quyết định\n"
        "Nguyễn Thị Lan,15/07/1985,Nữ,056185001234,Xã Ninh Quang,Thị xã Ninh Hòa,Tỉnh Khánh Hòa,Tạm hoãn HĐLĐ,"
        "3.710.000,12/QĐ-UBND,20/08/2021\n"
        "Lê Văn Bình,02/03/1990,Nam,056090004321,Xã Ninh Quang,Thị xã Ninh Hòa,Tỉnh Khánh Hòa,Tạm hoãn HĐLĐ,"
        "3710000,12/QĐ-UBND,20/08/2021\n"
        "Lê Văn Bình,02/03/1990,Nam,056090004321,Xã Ninh Quang,Thị xã Ninh Hòa,Tỉnh Khánh Hòa,Tạm hoãn HĐLĐ,"
        "1855000,12/QĐ-UBND,20/08/2021\n"
        "Trần Văn Cường,02/03/1990,Nam,056091004321,Xã Ninh Quang,Thị xã Ninh Hòa,Tỉnh Khánh Hòa,Tạm hoãn HĐLĐ,"
        "3710000,12/QĐ-UBND,20/08/2021\n"
        "phạm  thị  dung,3-4-92,Nữ,056192004444,,,,Ngừng việc,\"1,000,000\",,\n")


async def test_a_new_list_goes_straight_into_the_live_list(engine: AsyncEngine, tmp_path: Path) -> None:
    imports = service(engine, tmp_path)
    path = tmp_path / "ds.csv"
    path.write_text(FILE, encoding="utf-8")
    preview, done = await imports.import_confirmed(path, "ds.csv", ImportOptions("approved"), officer_id=7)
    assert done is not None and done.committed
    assert (preview.read, preview.valid, preview.invalid, preview.new) == (5, 3, 2, 3)
    assert dict(preview.errors_by_code) == {"id_year": 1, "duplicate_in_file": 1}
    assert await count(engine, ImportRow) == 0  # never staged
    async with make_session_factory(engine)() as session:
        rows = {r.id_number: r for r in (await session.scalars(select(ApprovedEntry))).all()}
        batch = await session.get(ImportBatch, preview.batch_id)
        audit = set((await session.scalars(select(AuditEvent.action))).all())
        stamp, _changed = await PublicationRepository(session).stamp()
    assert stamp >= 1  # the public page's figures were marked stale by the same commit
    assert set(rows) == {"056185001234", "056090004321", "056192004444"}
    bình = rows["056090004321"]
    assert (bình.amount, bình.full_name, bình.name_key, bình.sex) == (1855000, "Lê Văn Bình", "le van binh", "male")
    assert (bình.birth_date, bình.decision_date, bình.decision_number) == (date(1990, 3, 2), date(2021, 8, 20),
                                                                          "12/QĐ-UBND")
    assert bình.current_province_code == "56" and bình.current_ward_code  # placed in today's commune
    dung = rows["056192004444"]
    assert (dung.full_name, dung.amount, dung.policy_id, dung.birth_date) == (
        "Phạm Thị Dung", 1000000, "nq68_work_stoppage", date(1992, 4, 3))
    assert isinstance(bình.updated_at, datetime) and bình.updated_at.tzinfo is not None
    assert batch is not None and batch.status == "committed" and batch.summary["valid"] == 3
    assert {"import.preview", "import.commit"} <= audit  # the names /nhatky filters imports by
    report = load_workbook(preview.error_report, read_only=True)
    reasons = [row for row in report.active.iter_rows(values_only=True)][1:]
    assert [r[0] for r in reasons] == [3, 5]  # the replaced row and the bad CCCD, by row number


async def test_a_list_of_a_policy_already_imported_takes_the_staged_path(engine: AsyncEngine, tmp_path: Path) -> None:
    imports = service(engine, tmp_path)
    path = tmp_path / "a.csv"
    path.write_text(APPROVED, encoding="utf-8")
    first, _ = await imports.import_confirmed(path, "a.csv", ImportOptions("approved"), officer_id=7)
    assert first.new == 2
    path.write_text(APPROVED.replace("3710000", "1855000"), encoding="utf-8")
    again, done = await imports.import_confirmed(path, "a.csv", ImportOptions("approved"), officer_id=7)
    assert done is not None and done.committed
    assert (again.new, again.changed, again.unchanged) == (0, 1, 1)  # compared with the live rows
    async with make_session_factory(engine)() as session:
        amounts = dict((await session.execute(select(ApprovedEntry.policy_id, ApprovedEntry.amount))).all())
        statuses = sorted((await session.scalars(select(ImportBatch.status))).all())
    assert amounts == {"nq68_unpaid_leave": 1855000, "nq68_work_stoppage": 1000000}
    assert statuses == ["committed", "committed", "failed"]  # the direct attempt gave way, nothing written


async def test_a_limit_crossed_late_leaves_the_live_list_as_it_was(engine: AsyncEngine, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(columnar, "BLOCK_BYTES", 2_000)  # about 20 rows a block
    imports = service(engine, tmp_path)
    path = tmp_path / "a.csv"
    path.write_text(FILE.splitlines()[0] + "\n" + "".join(
        f"Nguyễn Thị Lan,15/07/1985,Nữ,056185{i:06d},,,,Tạm hoãn HĐLĐ,3710000,,\n" for i in range(60)), encoding="utf-8")
    imports._limits = ListLimits(rows=50)  # row 51 is over the limit: blocks before it were written
    with pytest.raises(ImportRefused) as refused:
        await imports.import_confirmed(path, "a.csv", ImportOptions("approved"), officer_id=7)
    assert refused.value.code == "too_many_rows"
    assert await count(engine, ApprovedEntry) == 0
    async with make_session_factory(engine)() as session:
        assert (await session.scalars(select(ImportBatch.status))).all() == ["failed"]
        if session.bind.dialect.name == "sqlite":  # the indexes dropped for the load are back
            names = set((await session.scalars(text(
                "SELECT name FROM sqlite_master WHERE tbl_name = 'approved_entries' AND type = 'index'"))).all())
            assert {"ix_approved_id_number", "ix_approved_entries_area"} <= names


async def test_the_bulk_path_writes_every_value(engine: AsyncEngine, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """On PostgreSQL this is the COPY path (binary, through asyncpg), on SQLite the raw executemany:
    text in Vietnamese, dates, empty dates, amounts beyond 32 bits, several blocks."""
    monkeypatch.setattr(columnar, "BLOCK_BYTES", 16_000)  # about 200 rows a block
    imports = service(engine, tmp_path)
    path = tmp_path / "a.csv"
    rows = "".join(f"Nguyễn Thị Lan,15/07/1985,056185{i:06d},Tạm hoãn HĐLĐ,{9_000_000_000 + i},,\n"
                   for i in range(2000))
    again = "Trần Văn An,15/07/1985,056185000007,Tạm hoãn HĐLĐ,5000,,\n"  # replaces row 9, blocks before
    path.write_text("Họ và tên,Ngày sinh,Số CCCD,Chính sách,Số tiền,Số quyết định,Ngày quyết định\n" + rows + again,
                    encoding="utf-8")
    preview, done = await imports.import_confirmed(path, "a.csv", ImportOptions("approved"), officer_id=None)
    assert done is not None and (preview.valid, preview.invalid) == (2000, 1)
    report = [row for row in load_workbook(preview.error_report, read_only=True).active.iter_rows(values_only=True)]
    assert report[1][0] == 9 and "Nguyễn Thị Lan" in report[1] and "056185000007" in report[1]
    async with make_session_factory(engine)() as session:
        total = await session.scalar(select(func.sum(ApprovedEntry.amount)))
        sample = (await session.scalars(select(ApprovedEntry).where(ApprovedEntry.id_number == "056185001999"))).one()
    assert total == sum(9_000_000_000 + i for i in range(2000)) - 9_000_000_007 + 5000
    assert (sample.full_name, sample.birth_date, sample.decision_date, sample.decision_number) == (
        "Nguyễn Thị Lan", date(1985, 7, 15), None, "")


async def test_a_block_is_written_a_few_rows_at_a_time_and_every_row_arrives(
        engine: AsyncEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Rows become Python tuples one chunk at a time (the import's memory); a block of many chunks,
    with a last chunk shorter than the others, still writes every row with its own values."""
    monkeypatch.setattr(bulk, "CHUNK_ROWS", 7)
    imports = service(engine, tmp_path)
    path = tmp_path / "a.csv"
    rows = "".join(f"Nguyễn Văn Hùng,15/07/1985,056085{i:06d},Tạm hoãn HĐLĐ,{1_000_000 + i},,\n"
                   for i in range(52))
    path.write_text("Họ và tên,Ngày sinh,Số CCCD,Chính sách,Số tiền,Số quyết định,Ngày quyết định\n" + rows,
                    encoding="utf-8")
    preview, done = await imports.import_confirmed(path, "a.csv", ImportOptions("approved"), officer_id=None)
    assert done is not None and (preview.valid, preview.invalid) == (52, 0)
    async with make_session_factory(engine)() as session:
        amounts = dict((await session.execute(select(ApprovedEntry.id_number, ApprovedEntry.amount))).all())
    assert amounts == {f"056085{i:06d}": 1_000_000 + i for i in range(52)}
