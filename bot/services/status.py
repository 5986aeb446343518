"""Status lookup: answer "was I approved / have I been paid?" only to someone who knows the person.

The person gives an ID number and a second fact (birth date, or birth year and name).  Unless
that fact matches a record of that ID, the answer is exactly the same as for an unknown ID, so
nobody learns whether a number is on a list.  Failures are counted per chat; after a few in an
hour the chat must wait, which makes walking through ID numbers pointless.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.parsing import mask_name, names_match
from bot.services.clock import Clock
from bot.domain.status import Proof, StatusAnswer
from storage.repositories.status import StatusRepository

MAX_FAILURES_PER_HOUR = 5
WINDOW = timedelta(hours=1)


class StatusService:
    def __init__(self, clock: Clock, *, max_failures: int = MAX_FAILURES_PER_HOUR) -> None:
        self._clock = clock
        self._max_failures = max_failures

    async def lookup(self, session: AsyncSession, chat_id: int, id_number: str, proof: Proof) -> StatusAnswer:
        repo = StatusRepository(session)
        now = self._clock.utcnow()
        if await repo.failures_since(chat_id, now - WINDOW) >= self._max_failures:
            oldest = await repo.oldest_failure_since(chat_id, now - WINDOW)
            wait = (oldest + WINDOW - now) if oldest else WINDOW
            return StatusAnswer("limited", retry_after=max(wait, timedelta(minutes=1)))
        approvals = await repo.approvals(id_number)
        applications = await repo.applications(id_number)
        names = [(a.full_name, a.birth_date) for a in approvals] + [(a.full_name, a.birth_date) for a in applications]
        matched = next((name for name, born in names if _proves(proof, name, born)), None)
        await repo.record_attempt(chat_id, now, success=matched is not None)
        if matched is None:
            return StatusAnswer("not_found")
        return StatusAnswer("found", masked_name=mask_name(matched), approvals=approvals,
                            payments=await repo.payments(id_number), applications=applications)

    async def subscribe(self, session: AsyncSession, chat_id: int, user_id: int, id_number: str,
                        locale: str) -> bool:
        return await StatusRepository(session).subscribe(chat_id, user_id, id_number, locale)


def _proves(proof: Proof, full_name: str, born: date | None) -> bool:
    """Does the second fact match this record?  A record without a birth date needs the name."""
    if proof.birth_date is not None:
        return born is not None and born == proof.birth_date
    if proof.birth_year is not None and proof.name:
        if born is not None and born.year != proof.birth_year:
            return False
        return names_match(proof.name, full_name)
    return False
