"""Fuzzing the list reader with broken and hostile files: each gives a clear Vietnamese message or a
preview, nothing reaches the lists before "Xác nhận", and header detection never raises."""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.config import TIMEZONE
from bot.dialogs.import_texts import refusal_text, row_error_message
from bot.i18n import Translator
from bot.lists import FIELD_ALIASES, locate_header
from bot.rules import load_rulebook
from bot.services.clock import Clock
from bot.services.imports import ImportOptions, ImportRefused, ImportService
from bot.services.policy_names import PolicyResolver
from storage.database import make_session_factory
from storage.models import ApprovedEntry, ImportRow
from tests.conftest import FIXED_NOW
from tests.lists.hostile import (
    GOOD_ROW, HEADER, beyond_last_column_xlsx, million_columns_csv, small_xlsx, truncated, zip_bomb_xlsx,
)
from tests.lists.xls_writer import write_xls

VI = Translator("vi")
GENERIC = refusal_text(VI, "unreadable", {})


def _xls(path: Path) -> bytes:
    write_xls(path, [["Họ và tên", "Số CCCD", "Số tiền"], ["Nguyễn Thị Lan", "056185001234", 3710000]])
    return path.read_bytes()


def _corrupt(data: bytes, seed: int) -> bytes:
    rng = random.Random(seed)
    damaged = bytearray(data)
    for _ in range(40):
        damaged[rng.randrange(len(damaged) // 4, len(damaged))] = rng.randrange(256)
    return bytes(damaged)


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def _formulas() -> bytes:
    return small_xlsx([["Họ và tên", "Số CCCD", "Số tiền"], ['=HYPERLINK("http://x","Lan")', "=1+2", "=A1*2"],
                       ["Nguyễn Thị Lan", "056185001234", 3710000]])


Builder = Callable[[Path], bytes]
CASES: dict[str, Builder] = {
    **{f"xlsx truncated at {f:.0%}": (lambda f: lambda _p: truncated(small_xlsx(), f))(f) for f in (0.1, 0.5, 0.9)},
    **{f"xlsx corrupted #{seed}": (lambda s: lambda _p: _corrupt(small_xlsx(), s))(seed) for seed in (1, 2)},
    **{f"xls truncated at {f:.0%}": (lambda f: lambda p: truncated(_xls(p / "t.xls"), f))(f) for f in (0.3, 0.8)},
    "xls corrupted": lambda p: _corrupt(_xls(p / "c.xls"), 3),
    "a PNG named .xlsx": lambda _p: b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8,
    "a PDF": lambda _p: b"%PDF-1.4\n" + b"x" * 2000,
    "a Word document": lambda _p: _docx(),
    "empty": lambda _p: b"",
    "only blanks": lambda _p: b" \r\n\t \n" * 50,
    "a huge cell": lambda _p: (HEADER + "A" * 100_000 + ",056185001234,1\n").encode("utf-8"),
    "100,000 columns": lambda _p: (HEADER + ",".join(["x"] * 100_000) + "\n").encode("utf-8"),
    "a million columns": lambda p: million_columns_csv(p / "m.csv").read_bytes(),
    "an xlsx cell past column XFD": lambda p: beyond_last_column_xlsx(p / "w.xlsx").read_bytes(),
    "formulas": lambda _p: _formulas(),
    "UTF-16": lambda _p: (HEADER + GOOD_ROW).encode("utf-16"),
    "Latin-1 bytes": lambda _p: (HEADER + GOOD_ROW).encode("latin-1", errors="replace"),
    "Shift-JIS": lambda _p: "氏名,番号,金額\n山田,1,2\n".encode("shift_jis"),
    "random bytes": lambda _p: random.Random(5).randbytes(5000),
    "NUL in a CSV": lambda _p: (HEADER + "Lan\x00,056185001234,1\n").encode("utf-8"),
    "wrong types in cells": lambda _p: small_xlsx([["Họ và tên", "Số CCCD", "Số tiền"], [True, 3.5, "ba triệu"],
                                                   [None, -1, 10**30]]),
    "a zip bomb": lambda p: zip_bomb_xlsx(p / "b.xlsx").read_bytes(),
}


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_every_hostile_file_gets_a_clear_answer_and_changes_nothing(engine: AsyncEngine,
                                                                          tmp_path: Path) -> None:
    imports = ImportService(make_session_factory(engine), Clock(TIMEZONE, FIXED_NOW), PolicyResolver(load_rulebook()),
                            tmp_path / "reports", lambda code, params: row_error_message(VI, code, params))
    answers: dict[str, str] = {}
    for name, build in CASES.items():
        path = tmp_path / "upload.xlsx"
        path.write_bytes(build(tmp_path))
        options = ImportOptions("approved", "nq68_unpaid_leave", "1/QĐ-UBND")
        try:
            preview = await imports.stage(path, "upload.xlsx", options, 7)
        except ImportRefused as refused:
            answers[name] = refusal_text(VI, refused.code, refused.params)
        else:
            answers[name] = f"preview: {preview.valid} valid, {preview.invalid} invalid"
            await imports.cancel(preview.batch_id, 7)
        async with make_session_factory(engine)() as session:
            assert await session.scalar(select(func.count()).select_from(ApprovedEntry)) == 0, name
            assert await session.scalar(select(func.count()).select_from(ImportRow)) == 0, name
    for name, answer in answers.items():
        assert answer.startswith("preview") or answer.endswith("Dữ liệu không thay đổi."), (name, answer)
    # Hostile files are named for what they are, not "cannot read".
    assert "256 cột" in answers["100,000 columns"] and "256 cột" in answers["a million columns"]
    assert "Dòng 1 của tệp có hơn 256 cột" in answers["an xlsx cell past column XFD"]
    assert "5.000 ký tự" in answers["a huge cell"] and "200 lần" in answers["a zip bomb"]
    assert answers["formulas"].startswith("preview")  # formulas are read as their (empty) values
    assert answers["empty"] != GENERIC and answers["xlsx truncated at 50%"] == GENERIC


HEADER_WORDS = [alias.rstrip("!") for aliases in FIELD_ALIASES.values() for alias in aliases][:80]
CELLS = st.one_of(st.none(), st.integers(), st.floats(allow_nan=True), st.booleans(), st.text(max_size=40),
                  st.sampled_from(HEADER_WORDS))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(st.lists(CELLS, max_size=12), max_size=35), kind=st.sampled_from(["approved", "paid"]))
def test_header_detection_never_raises(rows: list[list[object]], kind: str) -> None:
    match = locate_header(rows, kind=kind)
    if match is not None:
        assert 0 <= match.data_start <= len(rows) + 1
        assert set(match.missing) <= {"full_name", "id_number", "amount", "paid_amount"}
