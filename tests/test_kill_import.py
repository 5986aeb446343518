"""``python -m bot import`` under hostile files and SIGKILL: a clear sentence, no traceback, nothing left
half-done after a restart."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from bot.app import build_services, close_services
from bot.config import load_settings
from bot.lists import ApprovedRecord, iter_records, open_table
from bot.lists.samples import generate_approved_csv
from storage.models import ApprovedEntry, ImportBatch, ImportRow
from tests.lists.hostile import million_columns_csv

ROOT = Path(__file__).resolve().parent.parent
IMPORT = ["import", "approved", "--policy", "nq68_unpaid_leave", "--decision-number", "1/QĐ-UBND",
          "--decision-date", "20/8/2021", "--yes"]
ROWS = 12_000


def environment(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("BOT_TOKEN", "DATABASE_URL", "BOT_ADMIN_IDS")}
    return {**env, "DATA_DIR": str(tmp_path / "data"), "PYTHONPATH": str(ROOT)}


def command(path: Path) -> list[str]:
    return [sys.executable, "-m", "bot", *IMPORT[:2], str(path), *IMPORT[2:]]


def test_the_command_line_refuses_a_million_columns_with_one_sentence(tmp_path: Path) -> None:
    """It used to die with a traceback (``Invalid column index``) after growing to 647 MB."""
    result = subprocess.run(command(million_columns_csv(tmp_path / "cot.csv")), cwd=tmp_path, capture_output=True,
                            text=True, timeout=120, env=environment(tmp_path))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "Dòng 2 của tệp có hơn 256 cột" in result.stderr and "Dữ liệu không thay đổi." in result.stderr


async def test_sigkill_mid_import_leaves_no_staging_and_no_half_list_after_restart(tmp_path: Path) -> None:
    path = tmp_path / "ds.csv"
    generate_approved_csv(path, ROWS, seed=11)
    expected = _importable(path)
    env = environment(tmp_path)
    database = tmp_path / "data" / "ansinh.db"
    rng = random.Random(7)
    left_behind = []
    for _ in range(3):
        process = subprocess.Popen(command(path), cwd=tmp_path, env=env, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        _wait_for_import(database, process)
        time.sleep(rng.uniform(0.0, 1.0))  # somewhere in reading, checking or writing the list
        process.send_signal(signal.SIGKILL)
        process.wait()
        # A confirmed new list is written straight into the live list in one transaction (never
        # staged): what a kill leaves is its batch, still "staging", and no row of it.
        left_behind.append(_raw_count(database, "SELECT count(*) FROM import_batches WHERE status = 'staging'"))
        settings = load_settings(env, env_file=None)
        services = await build_services(settings)  # a restart: start-up sweeps what the killed process left
        try:
            async with services.sessions() as session:
                staged = await session.scalar(select(func.count()).select_from(ImportRow))
                open_batches = await session.scalar(select(func.count()).select_from(ImportBatch).where(
                    ImportBatch.status.in_(("staging", "committing"))))
                live = await session.scalar(select(func.count()).select_from(ApprovedEntry))
        finally:
            await close_services(services)
        assert (staged, open_batches) == (0, 0)
        assert live in (0, expected)  # a commit is one transaction: the whole list or none of it
        indexes = _raw_count(database, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name IN "
                                       "('ix_approved_id_number', 'ix_approved_entries_area')")
        assert indexes == 2  # dropped for the load inside its transaction, so back after a kill
    assert any(left_behind), left_behind  # the kills did land while an import was under way


def _wait_for_import(database: Path, process: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    """Until the import has opened its batch (the process is then certainly mid-import)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        if database.exists() and _raw_count(database, "SELECT count(*) FROM import_batches "
                                                      "WHERE status = 'staging'") > 0:
            return
        time.sleep(0.02)
    raise AssertionError("the import never started")


def _raw_count(database: Path, query: str) -> int:
    """Read the database as the killed process left it, without the start-up sweep."""
    try:
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=5) as connection:
            return int(connection.execute(query).fetchone()[0])
    except sqlite3.OperationalError:  # not created yet, or the table not migrated yet
        return 0


def _importable(path: Path) -> int:
    valid = {r.id_number for r in iter_records(open_table(path), "approved", today=date(2026, 12, 1),
                                                 defaults={"decision_number": "1/QĐ-UBND"})
             if isinstance(r, ApprovedRecord)}
    return len(valid)
