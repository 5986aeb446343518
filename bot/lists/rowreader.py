"""Converting one data row into a record or a row error: the hot loop of a million-row import.

Every cell goes through :mod:`.cells`; what makes it fast is that lists repeat themselves (the same
amounts, dates, communes, policies and decision numbers on every row), so each converter keeps a
small bounded memo of the texts it has seen, and the columns the file lacks are never looked at.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from datetime import date
from functools import lru_cache
from typing import Any

from bot.lists.cells import CellError, display, marked, to_birth, to_date, to_money, to_person_id, to_sex
from bot.lists.headers import HeaderMatch
from bot.lists.items import ApprovedRecord, PaidRecord, RowError
from bot.lists.legacy_fonts import Legacy, decode_tcvn3, decode_vni, detect_legacy
from bot.parsing import ParseError, PersonId, check_person_id, normalize_name, normalize_phone

_MEMO_SIZE = 4096
_HEADING_NUMBER = re.compile(r"^\s*([IVXLC]+|[A-Za-z]|\d{1,2})\s*[.)\-:]\s*")
_COMMUNE_HEADING = re.compile(r"(?i)(xã|phường|thị trấn|xa|phuong|thi tran)\s")
_FIELDS = ("full_name", "id_number", "old_id_number", "sex", "sex_male", "sex_female", "amount", "paid_amount",
           "decision_number", "decision_date", "paid_date", "payer", "phone", "address", "commune", "district",
           "province", "policy", "bank_account", "employer", "note")

Problem = tuple[str, str, dict[str, Any]]  # (field, code, params)


class ColumnText:
    """Cell text in NFC with legacy fonts converted, remembering each column's font: once a column
    has shown VNI twice, its ambiguous cells ("Hoà" = VNI "Hồ") are read as VNI too.  Converted
    texts are memoised per column, because most columns repeat the same few values."""

    def __init__(self, prior: Legacy | None) -> None:
        self._prior = prior
        self._preferred: dict[int, Legacy] = {}
        self._votes: dict[int, Counter[Legacy]] = {}
        self._memo: dict[int, dict[str, str]] = {}

    def legacy_columns(self) -> set[int]:
        """The columns whose cells have turned out to be in a legacy font (their ambiguous cells are
        read in it from then on)."""
        return set(self._preferred)

    def get(self, column: int, value: object) -> str:
        """The cell as text ("" when empty)."""
        if value is None:
            return ""
        if type(value) is not str:
            return display(value)
        memo = self._memo.get(column)
        if memo is None:
            memo = self._memo[column] = {}
        text = memo.get(value)
        if text is None:
            text = self._convert(column, value)
            if len(memo) >= _MEMO_SIZE:
                memo.clear()
            memo[value] = text
        return text

    def _convert(self, column: int, value: str) -> str:
        text = " ".join(value.split())
        if text.isascii():
            return text
        font = detect_legacy(text, prefer=self._preferred.get(column, self._prior))
        if font is None:
            return text
        votes = self._votes.setdefault(column, Counter())
        votes[font] += 1
        leader, count = votes.most_common(1)[0]
        if count >= 2 and self._preferred.get(column) != leader:
            self._preferred[column] = leader
            self._memo.pop(column, None)  # ambiguous cells read before may read differently now
        return unicodedata.normalize("NFC", decode_tcvn3(text) if font == "tcvn3" else decode_vni(text))


class _Memo:
    """A bounded memo of one cell converter: (True, value) or (False, (code, params))."""

    __slots__ = ("_convert", "_seen")

    def __init__(self, convert: Callable[[object], Any]) -> None:
        self._convert = convert
        self._seen: dict[object, tuple[bool, Any]] = {}

    def __call__(self, value: object) -> tuple[bool, Any]:
        key = value if type(value) is str else None
        if key is not None:
            hit = self._seen.get(key)
            if hit is not None:
                return hit
        try:
            result: tuple[bool, Any] = (True, self._convert(value))
        except CellError as error:
            result = (False, (error.code, error.params))
        if key is not None:
            if len(self._seen) >= _MEMO_SIZE:
                self._seen.clear()
            self._seen[key] = result
        return result


class RowReader:
    """Reads the data rows of one file whose header is ``header``.

    Every field has a column index; a field the file lacks points one past the widest column, and
    rows are padded with empty cells up to there, so the hot path indexes without conditions.
    """

    def __init__(self, header: HeaderMatch, kind: str, today: date, defaults: dict[str, Any]) -> None:
        self.header = header
        self.kind = kind
        self.defaults = defaults
        self.section = ""
        self.text = ColumnText(header.legacy)
        self.at = header.columns
        self.width = max(self.at.values(), default=-1) + 2  # the last cell is always empty
        absent = self.width - 1
        self.col = {name: self.at.get(name, absent) for name in _FIELDS}
        self.birth_columns = [(name, self.at[name], sex) for name, sex in
                              (("birth_date", ""), ("birth_date_male", "male"), ("birth_date_female", "female"))
                              if name in self.at]
        self.split_sex = "sex_male" in self.at or "sex_female" in self.at
        self.approved_texts = [self.col[name] for name in (
            "address", "commune", "district", "province", "policy", "decision_number", "bank_account", "employer",
            "note")]
        self.birth = _Memo(lambda v: to_birth(v, today=today))
        self.sex = _Memo(lambda v: to_sex(v if isinstance(v, str) else display(v)))
        self.dates = _Memo(lambda v: to_date(v, today=today))
        self.past_dates = _Memo(lambda v: to_date(v, today=today, allow_future=False))
        multiplier = header.multipliers.get("amount" if kind == "approved" else "paid_amount", 1)
        self.money = _Memo(lambda v: to_money(v, multiplier=multiplier))
        self.decision_number = defaults.get("decision_number") or header.title_decision_number or ""
        self.decision_date = defaults.get("decision_date") or header.title_decision_date

    def problem(self, problems: list[Problem], row: list[object], name: str, code: str,
                params: dict[str, Any] | None = None) -> None:
        index = self.at.get(name)
        value = row[index] if index is not None and index < len(row) else None
        where = {"column": self.header.label(index) if index is not None else "", "value": display(value)}
        problems.append((name, code, {**where, **(params or {})}))

    def raw(self, row: list[object], width: int) -> dict[str, str]:
        """The row as the officer typed it (legacy fonts converted), keyed by header text."""
        values: dict[str, str] = {}
        for index in range(max(width, len(self.header.labels))):
            label = self.header.label(index)
            if label in values:
                label = f"{label} ({index + 1})"
            values[label] = self.text.get(index, row[index] if index < width else None)
        return values

    # -- one row ----------------------------------------------------------------------------------
    def read(self, row: list[object], number: int) -> ApprovedRecord | PaidRecord | RowError:
        width = len(row)
        if width < self.width:
            row.extend([None] * (self.width - width))
        problems: list[Problem] = []
        record = self._approved(row, number, problems) if self.kind == "approved" \
            else self._paid(row, number, problems)
        if record is not None:
            return record
        (name, code, params), *others = problems
        return RowError(number, name, code, params, self.raw(row, width), tuple(others))

    def _approved(self, row: list[object], number: int, problems: list[Problem]) -> ApprovedRecord | None:
        col, text, defaults = self.col, self.text.get, self.defaults
        full_name = ""
        name_text = text(col["full_name"], row[col["full_name"]])  # "" when empty
        if not name_text:
            self.problem(problems, row, "full_name", "name_missing")
        else:
            full_name, code = _normalized_name(name_text)
            if code is not None:
                self.problem(problems, row, "full_name", code)
        born, year, split_sex = self._birth(row, problems)
        sex = self._sex(row) or split_sex
        pid, old = self._person_id(row, problems, born, year, sex)
        amount = self._money(row, problems, "amount", "amount_missing")
        decided = self._date(row, problems, "decision_date", self.dates)
        if problems or pid is None or amount is None:
            return None
        address, commune, district, province, policy, decision, account, employer, note = [
            text(index, value) if (value := row[index]) is not None else "" for index in self.approved_texts]
        return ApprovedRecord(
            number, full_name, pid.number, pid.kind, amount, born, year, sex, old, self._phone(row),
            address or defaults.get("address", ""),
            commune or defaults.get("commune") or self._commune_from_section(),
            district or defaults.get("district", ""), province or defaults.get("province", ""),
            policy or defaults.get("policy_text", ""), decision or self.decision_number, decided or self.decision_date,
            account, employer, note, self.section,
        )

    def _paid(self, row: list[object], number: int, problems: list[Problem]) -> PaidRecord | None:
        col, text, defaults = self.col, self.text.get, self.defaults
        born, year, _ = self._birth(row, [])  # informative in a paid list: it only checks the CCCD
        pid, old = self._person_id(row, problems, born, year, self._sex(row))
        amount = self._money(row, problems, "paid_amount", "paid_amount_missing")
        paid = self._date(row, problems, "paid_date", self.past_dates)
        if paid is None and row[col["paid_date"]] is None:
            paid = defaults.get("paid_date")
            if paid is None and "paid_date" in self.at:
                self.problem(problems, row, "paid_date", "paid_date_missing")
        if problems or pid is None or amount is None:
            return None
        name = text(col["full_name"], row[col["full_name"]])
        return PaidRecord(
            number, pid.number, pid.kind, amount, paid,
            text(col["payer"], row[col["payer"]]) or defaults.get("payer", ""),
            text(col["policy"], row[col["policy"]]) or defaults.get("policy_text", ""),
            (_normalized_name(name)[0] or name) if name else "", born, old,
            text(col["note"], row[col["note"]]), self.section,
        )

    # -- fields -----------------------------------------------------------------------------------
    def _birth(self, row: list[object], problems: list[Problem]) -> tuple[date | None, int | None, str]:
        """Birth date and year, and the sex when the list splits the date into "Nam | Nữ" columns."""
        for name, index, sex in self.birth_columns:
            value = row[index]
            if value is None:
                continue
            ok, result = self.birth(value)
            if not ok:
                self.problem(problems, row, name, *result)
                return None, None, sex
            return result[0], result[1], sex
        return None, None, ""

    def _sex(self, row: list[object]) -> str:
        value = row[self.col["sex"]]
        sex = self.sex(value)[1] if value is not None else None
        if sex is None and self.split_sex:
            male, female = marked(row[self.col["sex_male"]]), marked(row[self.col["sex_female"]])
            sex = "male" if male and not female else "female" if female and not male else None
        return sex or ""

    def _person_id(self, row: list[object], problems: list[Problem], born: date | None, year: int | None,
                   sex: str) -> tuple[PersonId | None, str]:
        name, value, old_value = "id_number", row[self.col["id_number"]], row[self.col["old_id_number"]]
        if value is None and old_value is not None:
            name, value, old_value = "old_id_number", old_value, None
        if value is None:
            self.problem(problems, row, "id_number", "id_missing")
            return None, ""
        try:
            pid = to_person_id(value)
            check_person_id(pid, birth_date=born or (date(year, 1, 1) if year else None), sex=sex or None)
        except (CellError, ParseError) as error:
            self.problem(problems, row, name, error.code, error.params)
            return None, ""
        old = ""
        if old_value is not None:
            try:
                old = to_person_id(old_value).number
            except CellError:
                old = ""  # the old number is informative only; a bad one does not refuse the row
        return pid, old

    def _money(self, row: list[object], problems: list[Problem], name: str, missing: str) -> int | None:
        value = row[self.col[name]]
        if value is None:
            self.problem(problems, row, name, missing)
            return None
        ok, result = self.money(value)
        if not ok:
            self.problem(problems, row, name, *result)
            return None
        return result  # type: ignore[no-any-return]

    def _date(self, row: list[object], problems: list[Problem], name: str, convert: _Memo) -> date | None:
        value = row[self.col[name]]
        if value is None:
            return None
        ok, result = convert(value)
        if not ok:
            self.problem(problems, row, name, *result)
            return None
        return result  # type: ignore[no-any-return]

    def _phone(self, row: list[object]) -> str:
        value = row[self.col["phone"]]
        text = self.text.get(self.col["phone"], value) if value is not None else ""
        if not text:
            return ""
        try:
            return normalize_phone(text if not text.isdigit() or text.startswith("0") else "0" + text)
        except ParseError:
            return ""  # a phone number is never a reason to refuse a row

    def _commune_from_section(self) -> str:
        """Lists grouped by commune name it once, in the heading ("I. Xã Ninh Quang")."""
        heading = _HEADING_NUMBER.sub("", self.section)
        return heading if _COMMUNE_HEADING.match(heading) else ""


@lru_cache(maxsize=16384)
def _normalized_name(text: str) -> tuple[str, str | None]:
    """(name, None) or ("", error code); cached because names repeat across a big list."""
    try:
        return normalize_name(text), None
    except ParseError as error:
        return "", error.code


__all__ = ["ColumnText", "RowReader"]
