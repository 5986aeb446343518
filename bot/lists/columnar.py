"""Reading a big CSV list column by column: polars parses blocks of rows, vectorised expressions clean
and check whole columns, and only the rows those checks cannot vouch for go through the row-by-row
reader (:class:`~bot.lists.records.RowSteps`), so every refused row keeps exactly the message it
always had.

A row is taken column-wise only in the spellings that cover nearly every row of a real file: an ID of
9 or 12 digits, a name of Vietnamese letters, dates as dd/mm/yyyy, whole amounts ("3710000",
"3.710.000"), text in Unicode that cannot be a legacy font.  Anything else (Excel serials, "3,71
triệu", TCVN3, headings, totals, signatures, empty cells) is read row by row, in file order.  A
property test (tests/lists/test_columnar.py) checks that both ways give the same records.

Memory stays bounded: the file is cut into blocks of about ``block_bytes`` at record boundaries (a
quoted cell may hold a line break), and one block is in memory at a time (1 MB blocks peak about
25 MB below 4 MB ones and cost no more CPU).  Files this reader does not handle (not UTF-8, lone
CR line ends, rows wider than it expects, a cell over the length limit) raise :class:`NotColumnar`
and are read row by row from the start.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from bot.lists.headers import HeaderMatch
from bot.lists.items import ApprovedRecord, RowError, Skipped
from bot.lists.legacy_fonts import detect_legacy
from bot.lists.limits import too_many_rows
from bot.lists.records import RowSteps
from bot.lists.sources import TableSource
from bot.parsing.ids import PROVINCE_CODES
from bot.parsing.text import fold

BLOCK_BYTES = 1 << 20  # about 6,000 rows of a typical list per block (memory: see README "Import speed")
# The columns of a block of approved records, whichever way they were read.
APPROVED_SCHEMA: dict[str, Any] = {
    "row_number": pl.Int64, "full_name": pl.String, "name_key": pl.String, "id_number": pl.String,
    "birth_date": pl.Date, "sex": pl.String, "address": pl.String, "commune": pl.String, "district": pl.String,
    "province": pl.String, "policy_text": pl.String, "amount": pl.Int64, "decision_number": pl.String,
    "decision_date": pl.Date,
}
# Every Vietnamese letter (both cases, precomposed) and what it folds to: names made only of these
# are capitalised and keyed column-wise; any other letter sends the row to the row-by-row reader.
_VIETNAMESE = ("aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵfjwz")
_LETTERS = _VIETNAMESE + _VIETNAMESE.upper()
_ACCENTED = [ch for ch in _LETTERS if not ch.isascii()]
_FOLDED = [fold(ch) for ch in _ACCENTED]
_NAME = f"^[{_LETTERS}]+( [{_LETTERS}]+)*$"
# detect_legacy() returns None at once for these texts (bot/lists/legacy_fonts.py): ASCII, a letter
# only Unicode has, or no Latin-1 letter a legacy font could have produced.
_UNICODE_ONLY = "[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9" \
                "\u0300-\u0303\u0306\u0309\u031b\u0323]"
_HIGH_LATIN1 = "[\u0080-\u00ff]"
_ID_DIGITS = r"^([0-9]{9}|[0-9]{12})$"


class NotColumnar(Exception):
    """This file must be read row by row (see the module's docstring for when)."""


@dataclass
class Block:
    """What one block of the file gave: valid records as columns, and the rest item by item."""

    records: pl.DataFrame
    errors: list[RowError] = field(default_factory=list)
    skipped: int = 0


def columnar_possible(source: TableSource, header: HeaderMatch, kind: str) -> bool:
    """Whether :func:`approved_blocks` may read this file (else read it row by row)."""
    split = {"birth_date_male", "birth_date_female", "sex_male", "sex_female"}
    return (source.format == "csv" and kind == "approved" and source.encoding in ("utf-8", "utf-8-sig")
            and header.legacy is None and not split & set(header.columns))


def approved_blocks(source: TableSource, header: HeaderMatch, *, today: date,
                    defaults: Mapping[str, Any] | None = None, block_bytes: int = BLOCK_BYTES) -> Iterator[Block]:
    """The data rows of an approved CSV list, block by block, in file order."""
    steps = RowSteps(header, "approved", today, defaults)
    width = max(len(header.labels), max(header.columns.values(), default=0) + 1) + 8
    names = [f"c{i}" for i in range(width)]
    limits = source.limits
    cache: _Cache = {}
    offset = header.data_start
    for raw in _record_blocks(source.path, header.data_start, block_bytes):
        try:
            frame = pl.read_csv(raw, has_header=False, separator=source.delimiter or ",", missing_columns="insert",
                                schema={n: pl.String for n in names}, encoding="utf8-lossy",
                                truncate_ragged_lines=False, raise_if_empty=False)
        except Exception as error:  # noqa: BLE001 - a row wider than expected, an odd quote: row by row
            raise NotColumnar(type(error).__name__) from error
        longest = frame.select(pl.max_horizontal(pl.all().str.len_chars().max())).item() if frame.height else 0
        if (longest or 0) > limits.cell_chars:
            raise NotColumnar("cell_too_long")  # the row reader names the row
        if offset + frame.height > limits.rows:
            raise too_many_rows(limits)
        frame = frame.with_row_index("index", offset)
        offset += frame.height
        block = _approved_block(frame, header, steps, cache, today)
        if steps.reader.text.legacy_columns():
            raise NotColumnar("legacy_font")  # a column turned out to be TCVN3/VNI: its cells read differently
        yield block


def _record_blocks(path: Path, skip: int, block_bytes: int) -> Iterator[bytes]:
    """Bytes of whole records, after the first ``skip`` records, about ``block_bytes`` at a time.

    Records end at a line break outside quotes: with RFC 4180 quoting, after an even number of
    quote characters."""
    with path.open("rb") as handle:
        carry, first = b"", True
        while True:
            chunk = handle.read(block_bytes)
            data = carry + chunk
            if not data:
                return
            start = 0
            if first:
                if data.startswith(b"\xef\xbb\xbf"):
                    data = data[3:]
                found = _skip_records(data, skip)
                if found is None:  # the header is longer than a block: keep reading
                    if not chunk:
                        return
                    carry = data
                    continue
                start, first = found, False
            end = _last_record_end(data, start) if chunk else len(data)
            if end > start:
                body = data[start:end]
                if b"\r" in body and body.count(b"\r") != body.count(b"\r\n"):
                    raise NotColumnar("cr_line_ends")  # old Mac line ends: the row reader knows them
                yield body
            carry = data[max(end, start):] if chunk else b""
            if not chunk:
                return


def _last_record_end(data: bytes, start: int) -> int:
    """The position just after the last line break outside quotes after ``start`` (``start`` when none)."""
    position = data.rfind(b"\n", start)
    if position < 0:
        return start
    quotes = data.count(b'"', start, position)
    while quotes % 2:
        previous = data.rfind(b"\n", start, position)
        if previous < 0:
            return start
        quotes -= data.count(b'"', previous, position)
        position = previous
    return position + 1


def _skip_records(data: bytes, count: int) -> int | None:
    """The position after the first ``count`` records, or None when ``data`` holds fewer."""
    position, quotes = 0, 0
    for _ in range(count):
        found = data.find(b"\n", position)
        while found >= 0:
            quotes += data.count(b'"', position, found)
            position = found + 1
            if quotes % 2 == 0:
                break
            found = data.find(b"\n", position)
        if found < 0:
            return None
    return position


# --- one block ------------------------------------------------------------------------------------

def _approved_block(frame: pl.DataFrame, header: HeaderMatch, steps: RowSteps, cache: _Cache, today: date) -> Block:
    """Columns that repeat (dates, amounts, sex, communes, policies) go through the row reader's own
    converters once per distinct value; the columns that do not (ID, name) through expressions."""
    at = header.columns
    reader = steps.reader
    defaults = reader.defaults

    def col(name: str) -> str | None:
        index = at.get(name)
        return f"c{index}" if index is not None else None

    name_c, id_c, amount_c = col("full_name"), col("id_number"), col("amount")
    assert name_c is not None and id_c is not None and amount_c is not None  # required columns
    birth_c, sex_c, decided_c, old_c = col("birth_date"), col("sex"), col("decision_date"), col("old_id_number")
    exprs: dict[str, pl.Expr] = {}
    ok = pl.col(id_c).str.contains(_ID_DIGITS).fill_null(False)
    # Amounts, dates and sex through the row reader's converters, once per distinct cell.
    amount, amount_ok = _mapped(frame, amount_c, lambda v: reader.money(v), pl.Int64, cache)
    ok = ok & amount_ok
    exprs["amount"] = amount
    if birth_c is not None:
        # "15/07/1985" column-wise (to_birth's quick path: a real day, not after today, from 1900);
        # every other spelling once per distinct cell through to_birth itself.
        typical = pl.col(birth_c).str.contains(r"^[0-9]{2}/[0-9]{2}/[0-9]{4}$").fill_null(False)
        quick = pl.when(typical).then(pl.col(birth_c).str.to_date("%d/%m/%Y", strict=False))
        quick = pl.when(quick.dt.year().is_between(1900, today.year) & (quick <= pl.lit(today))).then(quick)
        rest = frame.filter(~frame.select(typical).to_series())
        born, born_ok = _mapped(rest, birth_c, lambda v: _birth_date(reader, v), pl.Date, cache)
        ok = ok & (pl.col(birth_c).is_null() | quick.is_not_null() | (~typical & born_ok))
        exprs["birth_date"] = pl.when(typical).then(quick).otherwise(born)
    else:
        exprs["birth_date"] = pl.lit(None, pl.Date)
    if sex_c is not None:
        sex, _ = _mapped(frame, sex_c, lambda v: (True, reader.sex(v)[1] or ""), pl.String, cache)
        exprs["sex"] = sex.fill_null("")
    else:
        exprs["sex"] = pl.lit("")
    if decided_c is not None:
        decided, decided_ok = _mapped(frame, decided_c, lambda v: reader.dates(v), pl.Date, cache)
        ok = ok & (pl.col(decided_c).is_null() | decided_ok)
        exprs["decision_date"] = pl.when(pl.col(decided_c).is_null()).then(pl.lit(reader.decision_date, pl.Date)) \
            .otherwise(decided)
    else:
        exprs["decision_date"] = pl.lit(reader.decision_date, pl.Date)
    if old_c is not None:
        ok = ok & pl.col(old_c).is_null()
    # The name: Vietnamese letters and single spaces, not possibly a legacy font.
    name = pl.col(name_c)
    ok = ok & name.str.contains(_NAME).fill_null(False) & (name.str.len_chars() >= 3) & _not_legacy(frame, name_c, cache)
    exprs["full_name"] = name.str.to_titlecase()
    exprs["name_key"] = name.str.replace_many(_ACCENTED, _FOLDED).str.to_lowercase()
    fallback = {"address": "address", "commune": "commune", "district": "district", "province": "province",
                "policy": "policy_text", "decision_number": "decision_number"}
    for name_, key in fallback.items():
        column = col(name_)
        default = reader.decision_number if name_ == "decision_number" else str(defaults.get(key, ""))
        if column is None:
            exprs[key] = pl.lit(default)
            continue
        text, text_ok = _mapped(frame, column, _plain_text, pl.String, cache)
        ok = ok & (pl.col(column).is_null() | text_ok)
        exprs[key] = pl.when(text.fill_null("") == "").then(pl.lit(default)).otherwise(text)
    exprs["id_number"] = pl.col(id_c)
    frame = frame.with_columns(**{f"_{k}": v for k, v in exprs.items()}, _ok=ok.fill_null(False))
    # The CCCD agrees with the birth date and sex (bot.parsing.ids.check_person_id).
    number = pl.col("_id_number")
    year = pl.col("_birth_date").dt.year()
    digit = number.str.slice(3, 1).cast(pl.Int32, strict=False)
    century = 1900 + (digit // 2) * 100
    agrees = number.str.slice(0, 3).is_in(sorted(PROVINCE_CODES)) & (
        pl.col("_birth_date").is_null() | (
            year.is_between(century, century + 99)
            & (number.str.slice(4, 2) == (year % 100).cast(pl.String).str.zfill(2))
            & ((pl.col("_sex") == "") | ((digit % 2 == 1) == (pl.col("_sex") == "female")))))
    # A row that names no commune takes the group heading's above it ("I. Xã Ninh Quang"): such rows
    # after the first row that may be a heading are read row by row.
    commune_ok: pl.Expr = pl.lit(True)
    if not defaults.get("commune"):
        special = ~pl.col(id_c).str.contains(r"^[0-9]+$|([^0-9]*[0-9]){6}").fill_null(False)
        first = -1 if steps.section else frame.filter(special).get_column("index").min()
        if first is not None:
            commune_ok = (pl.col("_commune") != "") | (pl.col("index") <= first)
    cccd = number.str.len_chars() == 12
    frame = frame.with_columns(_ok=(pl.col("_ok") & (~cccd | agrees) & commune_ok).fill_null(False))
    fast = frame.filter(pl.col("_ok"))
    slow = frame.filter(~pl.col("_ok"))
    errors: list[RowError] = []
    skipped = 0
    records: list[ApprovedRecord] = []
    cells = [n for n in frame.columns if n[0] == "c"]
    signed_before = steps.signed_at
    for index, *row in slow.select("index", *cells).iter_rows():
        item = steps.item(index, _clean_row(row))
        if item is None:
            continue
        if isinstance(item, ApprovedRecord):
            records.append(item)
        elif isinstance(item, RowError):
            errors.append(item)
        else:
            skipped += 1
    good = fast.select("index", *[pl.col(f"_{k}").alias(k) for k in exprs]).with_columns(
        row_number=pl.col("index") + 1)
    if steps.signed_at is not None:  # rows below the signature are not data
        cut = steps.signed_at if signed_before is None else -1
        skipped += good.filter(pl.col("index") > cut).height
        good = good.filter(pl.col("index") <= cut)
    good = good.select(list(APPROVED_SCHEMA)).cast(APPROVED_SCHEMA)  # type: ignore[arg-type]
    if records:
        good = pl.concat([good, records_frame(records)]).sort("row_number")
    return Block(good, errors, skipped)


_Cache = dict[tuple[str, str], tuple[bool, Any]]
_CACHE_SIZE = 200_000


def _mapped(frame: pl.DataFrame, column: str, convert: Any, dtype: Any, cache: _Cache) -> tuple[pl.Expr, pl.Expr]:
    """(value, ok) of every cell of ``column``, converting each distinct cell once in Python with
    ``convert(cell) -> (ok, value)`` (remembered across blocks in ``cache``); cells are cleaned as the
    CSV reader cleans them first."""
    keys, values = [], []
    for raw in frame.get_column(column).unique().to_list():
        if raw is None:
            continue
        known = cache.get((column, raw))
        if known is None:
            cell = _clean_cell(raw)
            known = convert(cell) if cell is not None else (False, None)
            if len(cache) >= _CACHE_SIZE:
                cache.clear()
            cache[(column, raw)] = known
        good, value = known
        keys.append(raw)
        values.append(value if good else None)
    # A cell converts to a value, or to null when the converter refused it: one lookup per cell.
    value = pl.col(column).replace_strict(keys, values, default=None, return_dtype=dtype)
    ok = value.is_not_null()
    return value, ok


def _birth_date(reader: Any, cell: object) -> tuple[bool, date | None]:
    """Only full birth dates column-wise (a year alone is read row by row)."""
    good, result = reader.birth(cell)
    return (True, result[0]) if good and result[0] is not None else (False, None)


def _plain_text(cell: object) -> tuple[bool, str]:
    """The cell as :class:`~bot.lists.rowreader.ColumnText` gives it in a column that has not turned
    out to be in a legacy font, when the cell itself is not in one; else (False, "")."""
    text = " ".join(str(cell).split())
    if text.isascii() or detect_legacy(text) is None:
        return True, text
    return False, ""


def _not_legacy(frame: pl.DataFrame, column: str, cache: _Cache) -> pl.Expr:
    """True for names that cannot be read as TCVN3/VNI: decided by a regex for nearly all, by
    :func:`detect_legacy` for the distinct names the regex cannot decide ("Hòa")."""
    value = pl.col(column)
    sure = value.str.contains(_UNICODE_ONLY) | ~value.str.contains(_HIGH_LATIN1)
    unsure = frame.filter(~sure.fill_null(True)).get_column(column).unique().to_list()
    doubtful = []
    for raw in unsure:
        known = cache.get(("legacy", raw))
        if known is None:
            known = cache[("legacy", raw)] = _plain_text(raw)
        if not known[0]:
            doubtful.append(raw)
    return sure.fill_null(False) | (~value.is_in(doubtful) if doubtful else pl.lit(True))


def _clean_cell(value: str | None) -> str | None:
    """A cell as :mod:`.sources` gives it from a CSV: None when empty, text in NFC."""
    if value is None or not value or value.isspace():
        return None
    return value if value.isascii() else unicodedata.normalize("NFC", value)


def _clean_row(row: list[Any]) -> list[object]:
    cells: list[object] = [_clean_cell(value) for value in row]
    while cells and cells[-1] is None:
        cells.pop()
    return cells


def records_frame(records: list[ApprovedRecord]) -> pl.DataFrame:
    """Approved records read row by row, as the columns of a block."""
    from bot.parsing import name_key

    return pl.DataFrame({
        "row_number": [r.row_number for r in records], "full_name": [r.full_name for r in records],
        "name_key": [name_key(r.full_name) for r in records], "id_number": [r.id_number for r in records],
        "birth_date": [r.birth_date for r in records], "sex": [r.sex for r in records],
        "address": [r.address for r in records], "commune": [r.commune for r in records],
        "district": [r.district for r in records], "province": [r.province for r in records],
        "policy_text": [r.policy_text for r in records], "amount": [r.amount for r in records],
        "decision_number": [r.decision_number for r in records], "decision_date": [r.decision_date for r in records],
    }, schema=APPROVED_SCHEMA)


def record_blocks(items: Iterator[Any], size: int = 100_000) -> Iterator[Block]:
    """Items read row by row (any format), grouped into blocks like :func:`approved_blocks` gives."""
    records: list[ApprovedRecord] = []
    errors: list[RowError] = []
    skipped = 0
    for item in items:
        if isinstance(item, ApprovedRecord):
            records.append(item)
            if len(records) >= size:
                yield Block(records_frame(records), errors, skipped)
                records, errors, skipped = [], [], 0
        elif isinstance(item, RowError):
            errors.append(item)
        elif isinstance(item, Skipped):
            skipped += 1
    yield Block(records_frame(records), errors, skipped)


__all__ = ["APPROVED_SCHEMA", "Block", "NotColumnar", "approved_blocks", "columnar_possible",
           "record_blocks", "records_frame"]
