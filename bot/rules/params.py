"""Citations and dated parameters: the numbers and dates the law set, each for a period.

A parameter is a list of ``start date → value`` entries; a ``None`` value ends the previous one
(the law stopped applying).  As in OpenFisca and PolicyEngine, a rule never holds a bare
number: it names a parameter, and the parameter is looked up at the rule's reference date.
Each entry may carry its own citation (e.g. the regional minimum wage comes from a different
decree every year), so "unverified" can be precise to the value actually used.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

UNITS = ("vnd", "date", "days", "months", "percent", "times", "count")
REGIONS = ("r1", "r2", "r3", "r4")


@dataclass(frozen=True)
class Citation:
    """Where a rule comes from.  ``verified`` is False when no source quoting the text was found.

    ``article`` and ``clause`` hold only the legal reference ("Điều 13", "khoản 1"; the loader
    refuses anything else), so ``str()`` is a clean citation a citizen can look up.  What the
    team still doubts goes into ``note``: it is for maintainers and is never shown to citizens;
    they see one plain sentence when ``verified`` is False.
    """

    document: str
    article: str = ""
    clause: str = ""
    url: str = ""
    verified: bool = True
    note: str = ""

    def __str__(self) -> str:
        """Vietnamese legal order: "khoản 1 Điều 13, Quyết định 23/2021/QĐ-TTg"."""
        reference = " ".join(part for part in (self.clause, self.article) if part)
        return ", ".join(part for part in (reference, self.document) if part)


@dataclass(frozen=True)
class ParamValue:
    value: Any
    citation: Citation


@dataclass(frozen=True)
class Parameter:
    id: str
    unit: str
    entries: tuple[tuple[date, Any, Citation], ...]  # sorted by start date

    def at(self, when: date) -> ParamValue | None:
        """The value in force on ``when``; None before the first entry or after an ending ``None``."""
        found: ParamValue | None = None
        for start, value, citation in self.entries:
            if start > when:
                break
            found = None if value is None else ParamValue(value, citation)
        return found

    def span(self) -> tuple[date, date | None]:
        """First and last day with a value (None: still in force).  Gaps are refused by the loader."""
        first = self.entries[0][0]
        last_start, last_value, _ = self.entries[-1]
        return first, (last_start - timedelta(days=1) if last_value is None else None)


def display(value: Any, unit: str | None = None) -> str:
    """A value as written in Vietnamese texts: 01/05/2021, 1.855.000, 15."""
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".") if unit == "vnd" or abs(value) >= 10_000 else str(value)
    return str(value)
