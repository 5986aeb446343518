"""Turning the records of a list into staging rows, in a worker thread, chunk by chunk.

Reading and converting a file is CPU work that would freeze every chat if it ran on the event
loop, so :class:`ChunkReader` is plain synchronous code that the import service runs with
``asyncio.to_thread`` one chunk at a time; the service writes each chunk to the database on the
loop while the next one is read.  Each row is also checked here against what the database will
refuse (text longer than its column, an amount beyond its range), so nothing valid in the preview
can fail at "Xác nhận".
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from bot.lists import ApprovedRecord, PaidRecord, RowError
from bot.lists.items import Item
from bot.parsing import name_key
from storage.repositories.imports import MAX_AMOUNT, STAGED_TEXT_LIMITS


class PolicyNames(Protocol):
    def resolve(self, text: str) -> str | None: ...


@dataclass
class ReadCounts:
    """What the reader has seen so far; the preview starts from these."""

    read: int = 0
    valid: int = 0
    invalid: int = 0
    skipped: int = 0
    errors: list[RowError] = field(default_factory=list)


class ChunkReader:
    """Pulls records from ``items`` and returns staging rows, ``size`` valid rows at a time.

    Not thread-safe, and need not be: the service asks for one chunk at a time.
    """

    def __init__(self, items: Iterator[Item], batch_id: int, default_policy: str, names: PolicyNames,
                 counts: ReadCounts) -> None:
        self._items = items
        self._batch_id = batch_id
        self._default_policy = default_policy
        self._names = names
        self.counts = counts

    def next_chunk(self, size: int) -> tuple[list[tuple[Any, ...]], bool]:
        """Up to ``size`` staging rows, and whether the file is finished."""
        counts, chunk = self.counts, []
        for item in self._items:
            if isinstance(item, RowError):
                counts.read += 1
                counts.invalid += 1
                counts.errors.append(item)
                continue
            if not isinstance(item, (ApprovedRecord, PaidRecord)):
                counts.skipped += 1
                continue
            counts.read += 1
            policy_id = self._names.resolve(item.policy_text) or self._default_policy
            if not policy_id:
                counts.invalid += 1
                counts.errors.append(RowError(item.row_number, "policy", "policy_unknown",
                                              {"text": item.policy_text}, {}))
                continue
            refused = database_problem(item)
            if refused is not None:
                counts.invalid += 1
                counts.errors.append(refused)
                continue
            chunk.append(staged_row(self._batch_id, policy_id, item))
            counts.valid += 1
            if len(chunk) >= size:
                return chunk, False
        return chunk, True


def database_problem(item: ApprovedRecord | PaidRecord) -> RowError | None:
    """The first value of ``item`` the staging or live tables would refuse, as a row error."""
    if isinstance(item, ApprovedRecord):
        texts = {"full_name": item.full_name, "commune": item.commune, "district": item.district,
                 "province": item.province, "decision_number": item.decision_number, "sex": item.sex}
        amount = item.amount
    else:
        texts = {"payer": item.payer}
        amount = item.paid_amount
    for name, value in texts.items():
        limit = STAGED_TEXT_LIMITS[name]
        if len(value) > limit:
            return RowError(item.row_number, name, "text_too_long", {"limit": limit}, {})
    if not 0 < amount <= MAX_AMOUNT:
        return RowError(item.row_number, "amount", "amount_invalid", {}, {})
    return None


def staged_row(batch_id: int, policy_id: str, item: ApprovedRecord | PaidRecord) -> tuple[Any, ...]:
    """One staging row, in ``STAGED_COLUMNS`` order.  No hash: the preview and the commit compare the
    values themselves (an md5 per row cost about a tenth of a million-row import)."""
    if isinstance(item, ApprovedRecord):
        return (batch_id, item.row_number, policy_id, item.id_number, item.full_name, name_key(item.full_name),
                item.birth_date, item.sex, item.address, item.commune, item.district, item.province, item.amount,
                item.decision_number, item.decision_date, None, "", "")
    # The name is staged (not stored in the paid list) so that a refused payment can be reported with it.
    name = item.full_name[:STAGED_TEXT_LIMITS["full_name"]]
    return (batch_id, item.row_number, policy_id, item.id_number, name, "", None, "", "", "", "", "",
            item.paid_amount, "", None, item.paid_date, item.payer, "")


__all__ = ["ChunkReader", "ReadCounts", "database_problem", "staged_row"]
