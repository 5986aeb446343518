"""Time, injected: rules and dialogs never read the clock, services ask this object."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class Clock:
    """Local time in Vietnam; tests pass a ``fixed`` moment."""

    tz: ZoneInfo
    fixed: datetime | None = None

    def now(self) -> datetime:
        return self.fixed.astimezone(self.tz) if self.fixed else datetime.now(self.tz)

    def utcnow(self) -> datetime:
        """The moment to store: the database keeps UTC (SQLite would otherwise drop the offset)."""
        return self.now().astimezone(timezone.utc)

    def today(self) -> date:
        return self.now().date()
