"""The .xlsx of refused rows returned to the officer."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

from openpyxl import load_workbook

from bot.lists import RowError, iter_records, open_table, write_error_report
from tests.lists.conftest import TODAY
from tests.lists.test_records import messy_xlsx

MESSAGES = {"id_year": "Năm sinh trong số CCCD không khớp", "amount_invalid": "Số tiền không hợp lệ",
            "id_invalid": "Số định danh không hợp lệ"}


def _message(error: RowError) -> str:
    return MESSAGES.get(error.code, error.code)


def _rows(path: Path) -> list[tuple[object, ...]]:
    return list(load_workbook(path).active.iter_rows(values_only=True))


def test_report_has_row_number_reason_and_the_original_values(tmp_path: Path) -> None:
    errors = [RowError(9, "id_number", "id_invalid", {}, {"Họ và tên": "A", "Số CCCD": "012"})]
    path = tmp_path / "loi.xlsx"
    assert write_error_report(errors, path, messages=_message) == 1
    assert _rows(path) == [("Dòng trong tệp", "Lý do", "Họ và tên", "Số CCCD"),
                           (9, "Số định danh không hợp lệ", "A", "012")]  # the leading zero stays


def test_every_problem_of_a_row_is_given(tmp_path: Path) -> None:
    error = RowError(14, "id_number", "id_year", {}, {"Số CCCD": "x"}, others=(("amount", "amount_invalid", {}),))
    path = tmp_path / "loi.xlsx"
    write_error_report([error], path, messages=_message, headers=["Số CCCD"])
    assert _rows(path)[1] == (14, "Năm sinh trong số CCCD không khớp; Số tiền không hợp lệ", "x")


def test_errors_without_values_and_explicit_headers(tmp_path: Path) -> None:
    errors = [RowError(5, "", "duplicate_in_file", {}, {}), RowError(6, "", "id_year", {}, {"Họ và tên": "B"})]
    path = tmp_path / "loi.xlsx"
    write_error_report(errors, path, messages=_message)
    assert _rows(path) == [("Dòng trong tệp", "Lý do", "Họ và tên"), (5, "duplicate_in_file", None),
                           (6, "Năm sinh trong số CCCD không khớp", "B")]
    write_error_report([], path, messages=_message, headers=["A"])
    assert _rows(path) == [("Dòng trong tệp", "Lý do", "A")]


def test_report_straight_from_a_real_file(tmp_path: Path) -> None:
    source = tmp_path / "ds.xlsx"
    messy_xlsx(source)
    errors = (i for i in iter_records(open_table(source), "approved", today=TODAY) if isinstance(i, RowError))
    path = tmp_path / "loi.xlsx"
    assert write_error_report(errors, path, messages=_message) == 4
    rows = _rows(path)
    assert rows[0] == ("Dòng trong tệp", "Lý do", "STT", "Họ và tên", "Ngày, tháng, năm sinh", "Số CCCD/CMND",
                       "Địa chỉ / Xã/phường", "Địa chỉ / Huyện", "Số tiền hỗ trợ (đồng)")
    assert [r[0] for r in rows[1:]] == [11, 12, 13, 14]


def test_writing_a_long_report_streams(tmp_path: Path) -> None:
    def errors():  # type: ignore[no-untyped-def]
        for i in range(10_000):
            yield RowError(i + 2, "id_number", "id_invalid", {}, {"Họ và tên": f"Người {i}", "Số CCCD": "12"})

    path = tmp_path / "loi.xlsx"
    tracemalloc.start()
    count = write_error_report(errors(), path, messages=_message)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert count == 10_000
    assert peak < 15 * 1024 * 1024, peak
