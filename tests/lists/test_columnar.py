"""The column-wise reader and the row-by-row reader agree: same records, same row errors (code,
parameters, the row as typed), same skipped rows, on generated files mixing good and bad cells."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.lists import ApprovedRecord, RowError, iter_records, locate_header, open_table
from bot.lists.columnar import NotColumnar, approved_blocks, columnar_possible, records_frame

TODAY = date(2026, 12, 1)
HEADER = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD/CMND", "Xã", "Huyện", "Tỉnh", "Chính sách",
          "Số tiền", "Số quyết định", "Ngày quyết định"]

names = st.sampled_from(["Nguyễn Thị Lan", "lê văn bình", "TRẦN  HÒA", "Hà Lê", "Ngô Thùy Linh", "An", "X",
                         "Nguyễn Văn 2", "Đỗ-Thị Hạnh", " Phạm Hùng ", "Hoà Hùng", "Nguyên Hoa", "", "Ñinh Vaên Nam",
                         "Hồ Quý Ly", "Lª V¨n Minh", "Mai\u0300 Anh"])
births = st.sampled_from(["15/07/1985", "02/03/1990", "1985", "3-4-92", "31/02/1990", "15/07/2030", "32/01/1980",
                          "01/01/1899", "", "44392", "15.07.1985", "5/7/1985", "abc"])
sexes = st.sampled_from(["Nam", "Nữ", "nu", "", "x"])
ids = st.sampled_from(["056185001234", "056090004321", "56185001234", "056185", "079123456789", "123456789",
                       "7.91235E+10", "", "05618500123X", "CCCD: 056 185 001 235", "999185001234", "056285001236",
                       "056085001237"])
communes = st.sampled_from(["Xã Ninh Quang", "", "Phường Tân Định", "  Xã  Hòa An ", "Xa Ninh Quang"])
districts = st.sampled_from(["Thị xã Ninh Hòa", "", "Quận 1"])
provinces = st.sampled_from(["Tỉnh Khánh Hòa", "", "TP Hồ Chí Minh"])
policies = st.sampled_from(["Tạm hoãn HĐLĐ", "", "Ngừng việc", "Không rõ"])
amounts = st.sampled_from(["3710000", "3.710.000", "3,710,000", "1855000.5", "0", "-5", "3,71 triệu", "3.710.000 đ",
                           "", "abc", "0003710000"])
decisions = st.sampled_from(["12/QĐ-UBND", "", "1234/QĐ-UBND"])
decided = st.sampled_from(["20/08/2021", "", "2021-08-20", "31/13/2021", "20/08/2045"])
person = st.tuples(names, births, sexes, ids, communes, districts, provinces, policies, amounts, decisions, decided)
other_rows = st.sampled_from([["I.", "Xã Ninh Quang"], ["", "Tổng cộng", "", "", "", "", "", "", "", "7420000"],
                              [], ["(1)", "(2)", "(3)", "(4)"], ["", "Người lập biểu"], ["", "", "", "", "", "", ""]])
rows = st.lists(st.one_of(person.map(list), other_rows), min_size=1, max_size=60)


def _write(path: Path, body: list[list[str]], header: list[str] = HEADER) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for number, row in enumerate(body, start=1):
            writer.writerow([str(number), *row] if len(row) == 11 else row)


def _both(path: Path, block_bytes: int, defaults: dict[str, object]) -> None:
    source = open_table(path)
    header = locate_header(source.rows(), kind="approved")
    assert header is not None and columnar_possible(source, header, "approved")
    items = list(iter_records(source, "approved", today=TODAY, defaults=defaults))
    records = [i for i in items if isinstance(i, ApprovedRecord)]
    errors = [i for i in items if isinstance(i, RowError)]
    blocks = list(approved_blocks(source, header, today=TODAY, defaults=defaults, block_bytes=block_bytes))
    frame = pl.concat([b.records for b in blocks]) if blocks else records_frame([])
    assert frame.to_dicts() == records_frame(records).to_dicts()
    assert [(e.row_number, e.field, e.code, e.params, e.raw, e.others) for b in blocks for e in b.errors] == \
        [(e.row_number, e.field, e.code, e.params, e.raw, e.others) for e in errors]
    assert sum(b.skipped for b in blocks) == len(items) - len(records) - len(errors)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=rows, block_bytes=st.sampled_from([200, 1000, 1 << 20]))
def test_columns_and_rows_give_the_same_result(tmp_path: Path, body: list[list[str]], block_bytes: int) -> None:
    path = tmp_path / "ds.csv"
    _write(path, body)
    _both(path, block_bytes, {"decision_number": "9/QĐ", "decision_date": date(2021, 9, 1)})


def test_a_generated_list_is_read_column_wise_without_a_row_left_over(tmp_path: Path) -> None:
    from bot.lists.samples import write_approved_csv

    path = tmp_path / "ds.csv"
    write_approved_csv(path, 3000, seed=5)
    _both(path, 64_000, {})


def test_amounts_in_thousands_and_a_cccd_column_beside_the_cmnd(tmp_path: Path) -> None:
    header = [*HEADER[:9], "Số tiền hỗ trợ (nghìn đồng)", *HEADER[10:], "Số CMND"]
    path = tmp_path / "ds.csv"
    _write(path, [["1", "Nguyễn Thị Lan", "15/07/1985", "Nữ", "056185001234", "", "", "", "", "3.710", "", "", ""],
                  ["2", "Lê Văn Bình", "02/03/1990", "Nam", "056090004321", "", "", "", "", "1855", "", "",
                   "123456789"],
                  ["3", "Hà Lê", "02/03/1990", "Nam", "056090004322", "", "", "", "", "1,5", "", "", ""]], header)
    _both(path, 1 << 20, {})
    blocks = list(approved_blocks(open_table(path), locate_header(open_table(path).rows(), kind="approved"),
                                  today=TODAY))
    assert blocks[0].records.get_column("amount").to_list() == [3_710_000, 1_855_000, 1_500]


def test_files_the_column_reader_does_not_handle_say_so(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    _write(path, [["Nguyễn Thị Lan", "15/07/1985", "Nữ", "056185001234", "", "", "", "", "3710000", "", "",
                   *["x"] * 40]])
    source = open_table(path)
    header = locate_header(source.rows(), kind="approved")
    assert header is not None
    with pytest.raises(NotColumnar):  # a row far wider than the header: read row by row instead
        list(approved_blocks(source, header, today=TODAY))
