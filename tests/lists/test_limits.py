"""Files over a limit are refused at once, with the limit named, before they are read whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.dialogs.import_texts import limits_text, refusal_text
from bot.i18n import Translator
from bot.lists import ListError, open_table
from bot.lists.limits import LIMITS, ListLimits
from tests.lists.hostile import GOOD_ROW, HEADER, million_columns_csv, small_xlsx, zip_bomb_xlsx


def refusal(path: Path, limits: ListLimits = LIMITS) -> ListError:
    with pytest.raises(ListError) as caught:
        source = open_table(path, limits=limits)
        for _ in source.rows():
            pass
    return caught.value


def test_a_csv_with_a_million_columns_stops_at_its_first_long_row(tmp_path: Path) -> None:
    error = refusal(million_columns_csv(tmp_path / "cot.csv"))
    assert (error.code, error.params) == ("too_many_columns", {"limit": LIMITS.columns, "row": 2})
    text = refusal_text(Translator("vi"), error.code, error.params)
    assert text.startswith("Dòng 2 của tệp có hơn 256 cột") and "Dữ liệu không thay đổi" in text


def test_an_xlsx_zip_bomb_is_refused_from_its_directory(tmp_path: Path) -> None:
    path = zip_bomb_xlsx(tmp_path / "bom.xlsx", unpacked_mb=64)
    assert path.stat().st_size < 1024 * 1024
    error = refusal(path)
    assert (error.code, error.params) == ("compression_ratio", {"limit": LIMITS.compression_ratio})
    assert "lớn hơn 200 lần" in refusal_text(Translator("vi"), error.code, error.params)


def test_an_xlsx_that_unpacks_past_the_limit_is_refused(tmp_path: Path) -> None:
    path = zip_bomb_xlsx(tmp_path / "to.xlsx", unpacked_mb=3)
    error = refusal(path, ListLimits(unpacked_bytes=2 * 1024 * 1024, compression_ratio=10**6))
    assert (error.code, error.params) == ("unpacked_too_large", {"limit": 2})


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "lon.csv"
    path.write_text(HEADER + GOOD_ROW * 30_000, encoding="utf-8")
    error = refusal(path, ListLimits(file_bytes=1024 * 1024))
    assert (error.code, error.params) == ("file_too_large", {"limit": 1})
    assert "lớn hơn 1 MB" in refusal_text(Translator("vi"), error.code, error.params)


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_too_many_rows_are_refused(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"dong.{suffix}"
    if suffix == "csv":
        path.write_text(HEADER + GOOD_ROW * 20, encoding="utf-8")
    else:
        path.write_bytes(small_xlsx([["Họ và tên", "Số CCCD", "Số tiền"]] + [["An", "056185001234", 1]] * 20))
    error = refusal(path, ListLimits(rows=10))
    assert (error.code, error.params) == ("too_many_rows", {"limit": 10})


def test_too_many_sheets_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "trang.xlsx"
    path.write_bytes(small_xlsx(sheets=4))
    error = refusal(path, ListLimits(sheets=3))
    assert (error.code, error.params) == ("too_many_sheets", {"limit": 3})


def test_a_huge_cell_is_refused_in_csv_xlsx_and_html(tmp_path: Path) -> None:
    big = "A" * (LIMITS.cell_chars + 1)
    csv_path = tmp_path / "o.csv"
    csv_path.write_text(HEADER + f"{big},056185001234,1\n", encoding="utf-8")
    assert refusal(csv_path).code == "cell_too_long"
    stray = tmp_path / "ngoac.csv"  # a stray quote would swallow the rest of the file into one cell
    stray.write_text(HEADER + '"Nguyễn Thị Lan,056185001234,1\n' + GOOD_ROW * 400, encoding="utf-8")
    assert refusal(stray).code == "cell_too_long"
    xlsx_path = tmp_path / "o.xlsx"
    xlsx_path.write_bytes(small_xlsx([["Họ và tên", "Số CCCD", "Số tiền"], [big, "056185001234", 1]]))
    error = refusal(xlsx_path)
    assert (error.code, error.params) == ("cell_too_long", {"limit": LIMITS.cell_chars, "row": 2})


def test_an_html_table_with_too_many_columns_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bang.xls"
    path.write_text("<html><table><tr><td>Họ và tên</td><td>Số CCCD</td><td>Số tiền</td></tr><tr>"
                    + '<td colspan="1000">x</td>' * 50 + "</tr></table></html>", encoding="utf-8")
    assert refusal(path).code == "too_many_columns"


def test_the_officers_help_states_the_limits_the_reader_enforces() -> None:
    text = limits_text(Translator("vi"))
    assert "256 MB" in text and "1.100.000 dòng" in text and "256 cột" in text and "5.000 ký tự" in text
