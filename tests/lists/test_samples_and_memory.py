"""The sample generator's files are realistic and read back exactly; reading stays flat in memory."""

from __future__ import annotations

import tracemalloc
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from bot.lists import ApprovedRecord, PaidRecord, iter_records, open_table
from bot.lists.samples import (
    generate_approved_csv, generate_approved_xlsx, generate_paid_csv, people, write_approved_csv,
)
from bot.parsing import check_person_id, parse_person_id
from tests.lists.conftest import TODAY, read_list


def test_people_are_consistent_and_distinct() -> None:
    crowd = list(people(5000, seed=7))
    assert len({p.id_number for p in crowd}) == 5000
    for person in crowd:
        check_person_id(parse_person_id(person.id_number), birth_date=person.birth_date, sex=person.sex)
    assert len({p.commune for p in crowd}) > 20


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1258"])
def test_messy_csv_reads_back(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "ds.csv"
    info = generate_approved_csv(path, 700, seed=3, encoding=encoding, delimiter=";", bad_every=100)
    read = read_list(path)
    assert len(read.records) + len(read.errors) == info.data_rows == 700
    assert sorted(read.error_codes) == list(info.bad_rows) and set(read.error_codes.values()) == {"id_year"}
    assert read.reasons == {"column_numbers": 1, "subheading": 3, "total": 1, "blank": 1, "signature": 1,
                            "after_signature": 3}
    expected = {p.id_number: p for p in people(700, seed=3)}
    for record in read.records:
        person = expected[record.id_number]
        assert (record.full_name, record.birth_date, record.commune) == \
            (person.full_name, person.birth_date, person.commune)


@pytest.mark.parametrize("legacy", ["tcvn3", "vni"])
def test_legacy_font_files_read_back(tmp_path: Path, legacy: str) -> None:
    expected = {p.id_number: p for p in people(300, seed=5)}
    for path, info in ((tmp_path / "ds.csv", None), (tmp_path / "ds.xlsx", None)):
        if path.suffix == ".csv":
            info = generate_approved_csv(path, 300, seed=5, legacy=legacy)  # type: ignore[arg-type]
        else:
            info = generate_approved_xlsx(path, 300, seed=5, legacy=legacy)  # type: ignore[arg-type]
        read = read_list(path)
        assert len(read.records) == info.data_rows == 300 and not read.errors
        for record in read.records:
            person = expected[record.id_number]
            assert (record.full_name, record.commune) == (person.full_name, person.commune)


def test_paid_list_matches_the_approved_people(tmp_path: Path) -> None:
    path = tmp_path / "paid.csv"
    generate_paid_csv(path, 200, seed=9)
    read = read_list(path, "paid")
    assert {r.id_number for r in read.records} == {p.id_number for p in people(200, seed=9)}
    assert all(isinstance(r, PaidRecord) and r.payer and r.paid_date for r in read.records)


def test_plain_csv_for_the_benchmark(tmp_path: Path) -> None:
    path = tmp_path / "plain.csv"
    write_approved_csv(path, 100, seed=1)
    assert path.read_text(encoding="utf-8").splitlines()[0].startswith("STT,Họ và tên")
    assert len(read_list(path).records) == 100


@pytest.mark.timeout(600)  # tracemalloc slows reading ~5x; on a busy 2-core machine that passes 120 s
def test_reading_a_200000_row_csv_keeps_memory_flat(tmp_path: Path) -> None:
    """Peak memory after 20,000 rows and after 200,000 rows is about the same: nothing accumulates.
    (Caches of repeated cells are bounded; the limits are generous, this checks behaviour, not speed.)"""
    path = tmp_path / "big.csv"
    info = generate_approved_csv(path, 200_000, seed=2, encoding="utf-8-sig", delimiter=";")
    assert path.stat().st_size > 25_000_000
    counts: Counter[str] = Counter()
    tracemalloc.start()
    try:
        for index, item in enumerate(iter_records(open_table(path), "approved", today=TODAY)):
            counts[type(item).__name__] += 1
            if index == 20_000:
                early_peak = tracemalloc.get_traced_memory()[1]
                tracemalloc.reset_peak()
        late_peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert counts["ApprovedRecord"] == info.data_rows == 200_000
    assert late_peak < 40 * 1024 * 1024, late_peak
    assert late_peak < early_peak * 2 + 4 * 1024 * 1024, (early_peak, late_peak)


def test_a_million_rows_are_generated_streaming(tmp_path: Path) -> None:
    """The benchmark's generator writes without holding rows: check its memory on 50,000."""
    tracemalloc.start()
    try:
        generate_approved_csv(tmp_path / "g.csv", 50_000, seed=4)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20 * 1024 * 1024, peak


def test_today_is_only_used_for_two_digit_years(tmp_path: Path) -> None:
    path = tmp_path / "ds.csv"
    path.write_text("Họ và tên,Ngày sinh,Số CCCD,Số tiền\nAn,15-7-85,079085000111,3710000\n", encoding="utf-8")
    [record] = [r for r in iter_records(open_table(path), "approved", today=date(2030, 1, 1))
                if isinstance(r, ApprovedRecord)]
    assert record.birth_date == date(1985, 7, 15)
