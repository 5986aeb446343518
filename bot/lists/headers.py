"""Finding the header row of an office's list, and which column holds which field.

Offices write the same column a dozen ways ("Số CCCD/CMND", "So CMND", "Số định danh cá nhân"),
sometimes on two rows with the upper one merged over a group ("Địa chỉ" over "Xã | Huyện",
"Ngày, tháng, năm sinh" over "Nam | Nữ"), after a few title lines, and in legacy fonts.  Each
cell is matched by :mod:`.aliases`; the header is the row (or pair of rows) among the first
``max_scan`` that names the most fields.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from bot.lists import schema
from bot.lists.aliases import FIELD_ALIASES, Hit, header_key, match_key, unit_multiplier
from bot.lists.legacy_fonts import Legacy, decode_tcvn3, decode_vni, detect_legacy, fix_legacy_text
from bot.parsing.text import fold

REQUIRED: dict[str, tuple[str, ...]] = {kind: schema.required(kind) for kind in (schema.APPROVED, schema.PAID)}
# Columns under a group header that say which sex the value belongs to.
_SEX_SPLIT = {"birth_date": ("birth_date_male", "birth_date_female"), "sex": ("sex_male", "sex_female")}
_MIN_FIELDS = 2
_ANCHORS = ("full_name", "id_number", "amount", "paid_amount")


@dataclass(frozen=True)
class HeaderMatch:
    """Where the header is and what each column holds.  Row indexes are 0-based positions in
    ``rows()``; the spreadsheet row number a person sees is the index + 1."""

    kind: str
    header_rows: tuple[int, ...]
    data_start: int
    columns: dict[str, int]
    recognised: dict[str, str]
    unrecognised: list[str]
    missing: list[str]
    labels: tuple[str, ...]
    multipliers: dict[str, int] = field(default_factory=dict)
    legacy: Legacy | None = None
    title_lines: tuple[str, ...] = ()
    title_decision_number: str | None = None
    title_decision_date: date | None = None

    @property
    def header_row(self) -> int:
        """The last header row (the one right above the data)."""
        return self.header_rows[-1]

    def label(self, index: int) -> str:
        """The column's header text, or its spreadsheet letter when it has none."""
        if index < len(self.labels) and self.labels[index]:
            return self.labels[index]
        return column_letter(index)


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass
class _Reading:
    """One way of reading one or two rows as the header."""

    rows: tuple[int, ...]
    hits: dict[int, Hit]
    texts: dict[int, str]
    keys: dict[int, str]
    legacy: Legacy | None

    def fields(self) -> set[str]:
        return {_public(h.field) for h in self.hits.values()}


def _public(name: str) -> str:
    return {"id_cccd": "id_number", "id_cmnd": "id_number", "birth_date_male": "birth_date",
            "birth_date_female": "birth_date", "sex_male": "sex", "sex_female": "sex"}.get(name, name)


def _cell_text(value: object, prefer: Legacy | None = None) -> tuple[str, Legacy | None]:
    if value is None or (isinstance(value, (int, float)) and not isinstance(value, bool)):
        return ("" if value is None else str(value)), None
    text = " ".join(str(value).split())
    legacy = detect_legacy(text, prefer=prefer)
    return (fix_legacy_text(text, prefer=prefer) if legacy else text), legacy


def _match_text(text: str) -> Hit | None:
    hit = match_key(header_key(text))
    if hit is None and not text.isascii():
        for decoded in (decode_tcvn3(text), decode_vni(text)):  # a header too short to detect its font
            if decoded != text and (hit := match_key(header_key(decoded))) is not None:
                break
    return hit


def _read_single(row: list[object], index: int) -> _Reading:
    hits: dict[int, Hit] = {}
    texts: dict[int, str] = {}
    keys: dict[int, str] = {}
    fonts: Counter[Legacy] = Counter()
    for column, value in enumerate(row):
        text, font = _cell_text(value)
        fonts.update([font] if font else [])
        if not text:
            continue
        texts[column], keys[column] = text, header_key(text)
        hit = _match_text(text)
        if hit is not None:
            hits[column] = hit
    return _Reading((index,), hits, texts, keys, _majority(fonts))


_COLUMN_NUMBER = re.compile(r"^\(?[0-9]{1,2}\)?$|^\(?[A-Z]\)?$")


def _read_pair(top: list[object], bottom: list[object], index: int) -> _Reading:
    """Two header rows: a group label merged across columns above its sub-labels."""
    width = max(len(top), len(bottom))
    hits: dict[int, Hit] = {}
    texts: dict[int, str] = {}
    keys: dict[int, str] = {}
    fonts: Counter[Legacy] = Counter()
    group: str | None = None
    group_columns = 0
    for column in range(width):
        top_text, font_top = _cell_text(top[column] if column < len(top) else None)
        low_text, font_low = _cell_text(bottom[column] if column < len(bottom) else None)
        fonts.update(f for f in (font_top, font_low) if f)
        if _COLUMN_NUMBER.match(low_text):
            low_text = ""
        if top_text:
            group, group_columns = (top_text, 1) if low_text else (None, 0)
            parent = top_text
            spans = _spans_right(top, bottom, column)
        elif low_text and group is not None:
            group_columns += 1
            parent, spans = group, True
        else:
            parent, spans = "", False
        if not parent and not low_text:
            continue
        hit = _match_pair(parent, low_text, spans)
        label = " / ".join(t for t in (parent, low_text) if t)
        texts[column], keys[column] = label, header_key(label)
        if hit is not None:
            hits[column] = hit
    return _Reading((index, index + 1), hits, texts, keys, _majority(fonts))


def _majority(fonts: Counter[Legacy]) -> Legacy | None:
    """The font most header cells were typed in (a lone ambiguous cell does not decide)."""
    return fonts.most_common(1)[0][0] if fonts else None


def _spans_right(top: list[object], bottom: list[object], column: int) -> bool:
    """True when the label at ``column`` is merged over the next column(s) (read-only openpyxl gives
    None for the hidden cells of a merge, so: the next top cell is empty while its sub-label is not)."""
    nxt = column + 1
    return (nxt < len(bottom) and bottom[nxt] not in (None, "")
            and (nxt >= len(top) or top[nxt] in (None, "")))


def _match_pair(parent: str, low: str, group: bool) -> Hit | None:
    if not low:
        return _match_text(parent)
    parent_hit = _match_text(parent) if parent else None
    if not group and parent_hit is not None:
        return parent_hit  # "Số tiền" over "(đồng)", or over a data value
    if parent_hit is not None and parent_hit.field in _SEX_SPLIT and header_key(low) in ("nam", "nu"):
        male, female = _SEX_SPLIT[parent_hit.field]
        return Hit(male if header_key(low) == "nam" else female, 1, True, 3)
    best: Hit | None = None
    for text in (low, f"{low} {parent}", f"{parent} {low}"):
        hit = _match_text(text)
        if hit is not None and (best is None or (hit.exact, hit.length) > (best.exact, best.length)):
            best = hit
    return best


def _score(reading: _Reading) -> tuple[int, int]:
    """(distinct columns named, anchors named): "Nam" and "Nữ" under "Giới tính" count as two."""
    fields = reading.fields()
    return len({h.field for h in reading.hits.values()}), sum(1 for name in _ANCHORS if name in fields)


def locate_header(rows: Iterable[list[object]], *, kind: str, max_scan: int = 30) -> HeaderMatch | None:
    """The header among the first ``max_scan`` rows, or None when no row names at least two known
    fields including one of name / ID / amount.  Only ``max_scan`` + 1 rows are read."""
    if kind not in REQUIRED:
        raise ValueError(f"unknown list kind {kind!r}")
    scanned = _take(iter(rows), max_scan + 1)
    singles = [_read_single(row, index) for index, row in enumerate(scanned)]
    candidates = singles[:max_scan]
    for index in range(min(len(scanned) - 1, max_scan)):
        pair = _read_pair(scanned[index], scanned[index + 1], index)
        # A second header row must add fields that neither row names alone ("Xã", "Huyện" under
        # "Địa chỉ"); a title above the header or a row of column numbers below it adds none.
        if _score(pair)[0] > max(_score(singles[index])[0], _score(singles[index + 1])[0]):
            candidates.append(pair)
    if not candidates:
        return None
    best = max(candidates, key=lambda r: (_score(r), -len(r.rows), -r.rows[0]))
    if _score(best)[0] < _MIN_FIELDS or _score(best)[1] == 0:
        return None
    return _build(best, scanned, kind)


def _take(iterator: Iterator[list[object]], count: int) -> list[list[object]]:
    taken: list[list[object]] = []
    for row in iterator:
        taken.append(list(row))
        if len(taken) >= count:
            break
    return taken


def _build(reading: _Reading, scanned: list[list[object]], kind: str) -> HeaderMatch:
    chosen: dict[str, int] = {}
    for column, hit in sorted(reading.hits.items()):
        current = chosen.get(hit.field)
        if current is None or hit.weight > reading.hits[current].weight:
            chosen[hit.field] = column
    columns = _resolve_ids(chosen)
    if kind == "paid" and "paid_amount" not in columns and "amount" in columns:
        columns["paid_amount"] = columns.pop("amount")  # a paid list's "Số tiền" is what was paid
    if reading.legacy is not None:  # header cells too short to tell their font alone ("Sè CMND")
        reading.texts = {c: fix_legacy_text(t, prefer=reading.legacy) for c, t in reading.texts.items()}
    used = set(columns.values())
    recognised = _recognised(columns, reading.texts)
    unrecognised = [reading.texts[c] for c in sorted(reading.texts) if c not in used]
    multipliers = {name: factor for name, column in columns.items()
                   if (factor := unit_multiplier(reading.keys.get(column, ""))) != 1}
    width = max([len(scanned[i]) for i in reading.rows] + [max(reading.texts, default=-1) + 1])
    labels = tuple(reading.texts.get(c, "") for c in range(width))
    title = _title_lines(scanned[: reading.rows[0]], reading.legacy)
    number, decided = _title_decision(title)
    return HeaderMatch(
        kind=kind, header_rows=reading.rows, data_start=reading.rows[-1] + 1, columns=columns,
        recognised=recognised, unrecognised=unrecognised,
        missing=[name for name in REQUIRED[kind] if name not in columns], labels=labels, multipliers=multipliers,
        legacy=reading.legacy, title_lines=title, title_decision_number=number, title_decision_date=decided)


def _resolve_ids(chosen: dict[str, int]) -> dict[str, int]:
    """A CCCD column and a CMND column side by side: the CCCD is the ID, the CMND the old one."""
    columns = {k: v for k, v in chosen.items() if k not in ("id_cccd", "id_cmnd")}
    cccd, cmnd = chosen.get("id_cccd"), chosen.get("id_cmnd")
    if "id_number" not in columns:
        first = cccd if cccd is not None else cmnd
        if first is not None:
            columns["id_number"] = first
    if cccd is not None and cmnd is not None:
        columns["old_id_number"] = cmnd
    elif "id_number" in chosen and (cccd is not None or cmnd is not None):
        columns["old_id_number"] = cmnd if cmnd is not None else cccd  # type: ignore[assignment]
    return columns


def _recognised(columns: dict[str, int], texts: dict[int, str]) -> dict[str, str]:
    recognised: dict[str, str] = {}
    for name, column in sorted(columns.items(), key=lambda item: item[1]):
        public = _public(name)
        text = texts.get(column, "")
        if public in recognised and public != name:
            recognised[public] = f"{recognised[public]} | {text}"  # "Ngày sinh / Nam | Ngày sinh / Nữ"
        else:
            recognised[public if public not in recognised else name] = text
    return recognised


def _title_lines(rows: list[list[object]], legacy: Legacy | None) -> tuple[str, ...]:
    lines = []
    for row in rows:
        texts = [_cell_text(v, legacy)[0] for v in row if isinstance(v, str)]
        line = " ".join(t for t in texts if t)
        if line:
            lines.append(line)
    return tuple(lines)


_DECISION = re.compile(r"quyet dinh so\s*:?\s*([0-9][0-9a-z/.\-]*)")
_DATE_NUMERIC = re.compile(r"ngay\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})")
_DATE_WORDS = re.compile(r"ngay\s*(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{4})")


def _title_decision(lines: tuple[str, ...]) -> tuple[str | None, date | None]:
    """"(Kèm theo Quyết định số 1234/QĐ-UBND ngày 20/8/2021 …)": the decision the list belongs to."""
    for line in lines:
        folded = fold(line).lower()
        found = _DECISION.search(folded)
        if not found:
            continue
        original = line if len(line) == len(folded) else folded
        number = original[found.start(1):found.end(1)].rstrip(".-/")
        rest = folded[found.end():]
        decided = None
        when = _DATE_NUMERIC.search(rest) or _DATE_WORDS.search(rest)
        if when:
            try:
                decided = date(int(when.group(3)), int(when.group(2)), int(when.group(1)))
            except ValueError:
                decided = None
        return number, decided
    return None, None


__all__ = ["FIELD_ALIASES", "REQUIRED", "HeaderMatch", "column_letter", "header_key", "locate_header", "match_key"]
