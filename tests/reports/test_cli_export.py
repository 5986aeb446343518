"""``python -m bot export thongke`` writes the same report as the chat, for scheduled reports.

Run in-process through ``bot.__main__.main`` (the subprocess start-up is covered by tests/test_cli.py).
"""

from __future__ import annotations

import asyncio
import io
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from bot.__main__ import main
from bot.i18n import Translator
from storage.database import make_engine, make_session_factory
from storage.migrate import upgrade_to_head
from storage.models import AuditEvent
from tests.reports.conftest import BAC_NHA_TRANG, NHA_TRANG, add_all, approved, paid


def run(args: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        database_url: str) -> tuple[int, str, str]:
    for name in ("BOT_TOKEN", "BOT_ADMIN_IDS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    code = main(args)
    out = capsys.readouterr()
    return code, out.out, out.err


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


def test_export_thongke_from_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
    asyncio.run(_seed(url))
    out = tmp_path / "report.xlsx"
    code, stdout, stderr = run(["export", "thongke", "--area", "Tỉnh Khánh Hòa", "--from", "2021-07-01",
                                "--to", "2021-12-31", "--out", str(out)], tmp_path, capsys, monkeypatch, url)
    assert code == 0, stderr
    assert "2 người được duyệt, 1 người đã nhận" in stdout
    rows = list(load_workbook(io.BytesIO(out.read_bytes())).worksheets[0].iter_rows(values_only=True))
    total = next(r for r in rows if r[1] == Translator("vi")._("Total"))
    assert list(total[len(total) - 8: len(total) - 4]) == [2, 7_420_000, 1, 3_710_000]
    events = asyncio.run(_audit(url))
    assert [(e.action, e.details["channel"]) for e in events] == [("export.file", "cli")]


def test_an_unknown_area_is_refused_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    code, _out, stderr = run(["export", "thongke", "--area", "Tỉnh Không Có", "--out", str(tmp_path / "x.xlsx")],
                             tmp_path, capsys, monkeypatch, f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}")
    assert code == 2 and "Tỉnh Không Có" in stderr and stderr.strip().count("\n") == 0
    assert not (tmp_path / "x.xlsx").exists()
