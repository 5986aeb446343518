"""Unprompted notices (the outbox) as the services and handlers see them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class NoticeStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"  # claimed by a sender; left so only if the process died mid-send
    SENT = "sent"
    BLOCKED = "blocked"
    FAILED = "failed"
    UNCERTAIN = "uncertain"  # written by earlier versions; re-queued at start-up like ``sending``


class NoticeKind(StrEnum):
    PAID = "paid"
    APPROVED = "approved"
    APPLICATION_APPROVED = "application_approved"
    APPLICATION_REJECTED = "application_rejected"


@dataclass(frozen=True)
class OutgoingNotice:
    id: int
    chat_id: int
    kind: str
    payload: dict[str, Any]
    locale: str
    attempts: int = 1
    interrupted: int = 0  # > 0: an earlier send may have arrived, this one can be a duplicate


@dataclass(frozen=True)
class SendReport:
    """What one pass over the outbox did."""

    claimed: int = 0
    delivered: int = 0
    postponed: bool = False  # Telegram asked us to slow down: the pass stopped early


@dataclass(frozen=True)
class Recovery:
    """What start-up found of the sends a crash interrupted."""

    requeued: int = 0
    given_up: int = 0
