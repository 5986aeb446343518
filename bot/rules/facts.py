"""Checking the answers the caller passes in, before any rule reads them.

Why: the dialog stores answers as JSON and converts them back; a date left as a string or a
count given as "2" would otherwise compare wrongly deep inside a rule.  Unknown keys are
ignored (answers saved under an older rule book must not crash the dialog).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from bot.rules.model import Fact, FactKind


def check_facts(catalogue: dict[str, Fact], facts: dict[str, Any]) -> None:
    """Raise TypeError or ValueError naming the fact whose value does not fit its kind or bounds."""
    for fact_id, value in facts.items():
        fact = catalogue.get(fact_id)
        if fact is None or value is None:
            continue
        if fact.kind is FactKind.BOOL and not isinstance(value, bool):
            raise TypeError(f"fact {fact_id} is yes/no; got {value!r}")
        if fact.kind is FactKind.DATE and (not isinstance(value, date) or isinstance(value, datetime)):
            raise TypeError(f"fact {fact_id} is a datetime.date; got {value!r}")
        if fact.kind is FactKind.CHOICE and value not in {v for v, _ in fact.choices}:
            raise ValueError(f"fact {fact_id} is one of {[v for v, _ in fact.choices]}; got {value!r}")
        if fact.kind in (FactKind.COUNT, FactKind.MONEY, FactKind.MONTHS):
            if isinstance(value, bool) or not isinstance(value, int):
                raise TypeError(f"fact {fact_id} is an integer; got {value!r}")
            if (fact.min is not None and value < fact.min) or (fact.max is not None and value > fact.max):
                raise ValueError(f"fact {fact_id} must be within {fact.min}..{fact.max}; got {value}")
