"""``python -m bot export thongke`` writes the same report as the chat, for scheduled reports."""

from __future__ import annotations

import asyncio
import io
from datetime import date
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import select

from bot.i18n import Translator
from storage.database import make_engine, make_session_factory
from storage.migrate import upgrade_to_head
from storage.models import AuditEvent
from tests.reports.conftest import BAC_NHA_TRANG, NHA_TRANG, add_all, approved, paid
from tests.test_cli import run


async def _seed(url: str) -> None:
    engine = make_engine(url)
    await upgrade_to_head(engine)
    async with make_session_factory(engine).begin() as session:
        await add_all(session,
                      approved("nq68_unpaid_leave", "056090000001", "Nguyễn Văn An", date(1990, 1, 1), NHA_TRANG,
                               3_710_000),
                      approved("nq68_termination", "056090000002", "Trần Bình", date(1991, 1, 1), BAC_NHA_TRANG,
                               3_710_000, decided=date(2021, 11, 2)),
                      paid("nq68_unpaid_leave", "056090000001", NHA_TRANG, 3_710_000))
    await engine.dispose()


async def _audit(url: str) -> list[AuditEvent]:
    engine = make_engine(url)
    async with make_session_factory(engine)() as session:
        events = list((await session.execute(select(AuditEvent))).scalars())
    await engine.dispose()
    return events


def test_export_thongke_from_the_command_line(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
    asyncio.run(_seed(url))
    out = tmp_path / "report.xlsx"
    result = run(["export", "thongke", "--area", "Tỉnh Khánh Hòa", "--from", "2021-07-01", "--to", "2021-12-31",
                  "--out", str(out)], tmp_path, DATABASE_URL=url)
    assert result.returncode == 0, result.stderr
    assert "2 người được duyệt, 1 người đã nhận" in result.stdout
    rows = list(load_workbook(io.BytesIO(out.read_bytes())).worksheets[0].iter_rows(values_only=True))
    total = next(r for r in rows if r[1] == Translator("vi")._("Total"))
    assert list(total[len(total) - 8: len(total) - 4]) == [2, 7_420_000, 1, 3_710_000]
    events = asyncio.run(_audit(url))
    assert [(e.action, e.details["channel"]) for e in events] == [("statistics_export", "cli")]


def test_an_unknown_area_is_refused_in_one_line(tmp_path: Path) -> None:
    result = run(["export", "thongke", "--area", "Tỉnh Không Có", "--out", str(tmp_path / "x.xlsx")], tmp_path,
                 DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}")
    assert result.returncode == 2 and "Tỉnh Không Có" in result.stderr
    assert not (tmp_path / "x.xlsx").exists()
