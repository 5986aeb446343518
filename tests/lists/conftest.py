"""Helpers for reading generated office lists back."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bot.lists import ApprovedRecord, PaidRecord, RowError, Skipped, iter_records, open_table

TODAY = date(2026, 11, 25)


@dataclass
class Read:
    records: list[Any] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    @property
    def error_codes(self) -> dict[int, str]:
        return {e.row_number: e.code for e in self.errors}

    @property
    def reasons(self) -> Counter[str]:
        return Counter(s.reason for s in self.skipped)


def read_list(path: Path, kind: str = "approved", **options: Any) -> Read:
    result = Read()
    for item in iter_records(open_table(path), kind, today=TODAY, **options):
        if isinstance(item, (ApprovedRecord, PaidRecord)):
            result.records.append(item)
        elif isinstance(item, RowError):
            result.errors.append(item)
        else:
            assert isinstance(item, Skipped)
            result.skipped.append(item)
    return result


@pytest.fixture
def today() -> date:
    return TODAY
