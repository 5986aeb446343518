"""Rows of the first HTML table in a file: what many government programs export as ".xls".

Streaming with the standard library's incremental HTML parser: the file is fed in blocks and each
``<tr>`` is handed out when it closes.  ``colspan`` and ``rowspan`` become empty cells where
Excel would show the merged area, so columns stay aligned with the header.
"""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

from bot.lists.limits import LIMITS, ListLimits, too_many_columns

_BLOCK = 64 * 1024


class _TableRows(HTMLParser):
    def __init__(self, max_columns: int) -> None:
        super().__init__(convert_charrefs=True)
        self._max_columns = max_columns
        self._rows_ended = 0
        self.done: list[list[str | None]] = []
        self._row: list[str | None] | None = None
        self._cell: list[str] | None = None
        self._span = 1
        self._depth = 0          # nesting of <table>; only the first top-level table is read
        self._finished = False
        self._pending: dict[int, int] = {}  # column -> rows still covered by a rowspan above
        self._next_span: dict[int, int] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._finished:
            return
        if tag == "table":
            self._depth += 1
        elif self._depth == 1 and tag == "tr":
            self._row = []
            self._next_span = {}
        elif self._depth == 1 and tag in ("td", "th") and self._row is not None:
            self._fill_spanned()
            attributes = dict(attrs)
            self._span = _int(attributes.get("colspan"))
            rows = _int(attributes.get("rowspan"))
            if rows > 1:
                for offset in range(self._span):
                    self._next_span[len(self._row) + offset] = rows - 1
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self._finished:
            return
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            text = " ".join("".join(self._cell).split())
            self._row.append(text or None)
            self._row.extend([None] * (self._span - 1))
            self._cell = None
            if len(self._row) > self._max_columns:  # stop before a row of a million cells is built
                raise too_many_columns(ListLimits(columns=self._max_columns), self._rows_ended + 1)
        elif tag == "tr" and self._row is not None and self._depth == 1:
            width = len(self._row)
            self._pending = {c: (n - 1 if c >= width else n) for c, n in self._pending.items()}
            self._pending = {c: n for c, n in self._pending.items() if n > 0}
            self.done.append(self._row)
            self._rows_ended += 1
            self._pending.update(self._next_span)
            self._row = None
        elif tag == "table":
            self._depth -= 1
            if self._depth == 0:
                self._finished = True

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def _fill_spanned(self) -> None:
        """Columns covered by a rowspan from a row above get an empty cell here."""
        assert self._row is not None
        while (left := self._pending.get(len(self._row), 0)) > 0:
            self._pending[len(self._row)] = left - 1
            self._row.append(None)


def _int(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 1000))
    except ValueError:
        return 1


def html_rows(path: Path, encoding: str, *, max_columns: int = LIMITS.columns) -> Iterator[list[str | None]]:
    parser = _TableRows(max_columns)
    with path.open("r", encoding=encoding, errors="replace") as handle:
        while block := handle.read(_BLOCK):
            parser.feed(block)
            yield from parser.done
            parser.done.clear()
            if parser._finished:  # noqa: SLF001 - the parser is private to this module
                return
    parser.close()
    yield from parser.done


__all__ = ["html_rows"]
