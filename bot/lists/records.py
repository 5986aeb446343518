"""Turning the rows of an approved or paid list into records, row errors, or rows skipped on purpose.

:func:`iter_records` is a generator over a :class:`~bot.lists.sources.TableSource`: it finds the
header, then converts one row at a time, so memory stays flat however long the list is.  Each
row gives exactly one item:

- a record (:class:`ApprovedRecord` / :class:`PaidRecord`);
- a :class:`RowError` (the first problem of the row, with the others in ``others``, and the row's
  values as the officer typed them, for the error report);
- a :class:`Skipped` row (titles, STT-only rows, totals, headings, signatures: not the officer's
  mistake, so not errors).

RowError codes (``field`` says which column; ``params`` always has ``column``, the header text, and
``value``, the cell as read):
  name_missing, name_short, name_chars;
  id_missing, id_invalid, id_length (digits), id_precision_lost, id_province (prefix),
  id_century (year), id_year (year), id_sex;
  birth_date_invalid (reason: format|invalid|future|serial);
  amount_missing, paid_amount_missing, amount_invalid (reason: format|fraction|not_positive);
  paid_date_missing, date_invalid (reason: format|invalid|future|serial) for decision and payment dates.
Skipped reasons: blank, column_numbers, header_repeat, subheading, stt_only, total, signature,
after_signature.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from typing import Any, Literal

from bot.lists.errors import ListError
from bot.lists.headers import HeaderMatch, locate_header
from bot.lists.items import ApprovedRecord, Item, PaidRecord, RowError, Skipped
from bot.lists.rowkinds import classify
from bot.lists.rowreader import RowReader
from bot.lists.sources import TableSource

Kind = Literal["approved", "paid"]


def iter_records(source: TableSource, kind: str, *, today: date, defaults: Mapping[str, Any] | None = None,
                 header: HeaderMatch | None = None) -> Iterator[Item]:
    """Every row after the header, converted.  ``defaults`` fill what the file lacks (keys are record
    field names: policy_text, decision_number, decision_date, payer, paid_date …); a value in the
    file wins.  Raises :class:`ListError` ``no_header`` / ``missing_columns`` before the first row."""
    if kind not in ("approved", "paid"):
        raise ValueError(f"unknown list kind {kind!r}")
    header = header if header is not None else locate_header(source.rows(), kind=kind)
    if header is None:
        raise ListError("no_header")
    if header.missing:
        raise ListError("missing_columns", missing=list(header.missing), recognised=dict(header.recognised))
    steps = RowSteps(header, kind, today, defaults)
    for index, row in enumerate(source.rows()):
        if index < header.data_start:
            continue
        item = steps.item(index, row)
        if item is not None:
            yield item


class RowSteps:
    """The row-by-row reading of one file after its header, one row at a time, in file order.

    It carries what earlier rows decide for later ones: the group heading above ("I. Xã Ninh
    Quang", the commune of rows that name none) and the signature block (nothing below it is
    data).  :mod:`.columnar` sends here the rows its column-wise checks cannot vouch for, so they
    get exactly these messages."""

    def __init__(self, header: HeaderMatch, kind: str, today: date, defaults: Mapping[str, Any] | None) -> None:
        self.header = header
        self.reader = RowReader(header, kind, today, {k: v for k, v in (defaults or {}).items() if v not in (None, "")})
        self.signed_at: int | None = None  # the index of the signature row, once seen

    @property
    def section(self) -> str:
        return self.reader.section

    def item(self, index: int, row: list[object]) -> Item | None:
        """What row ``index`` (0-based in the file) is; None for an empty row below the signature."""
        number = index + 1
        if self.signed_at is not None:
            return Skipped(number, "after_signature") if any(cell is not None for cell in row) else None
        why = classify(row, self.header)
        if why is not None:
            reason, text = why
            if reason == "signature":
                self.signed_at = index
            if reason == "subheading":
                self.reader.section = text
            return Skipped(number, reason, text)
        return self.reader.read(row, number)


__all__ = ["ApprovedRecord", "Item", "Kind", "PaidRecord", "RowError", "RowSteps", "Skipped", "iter_records"]
