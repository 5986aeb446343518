"""Status lookup: answer "was I approved / have I been paid?" only to someone who knows the person.

The person gives an ID number and a second fact (birth date, or birth year and name).  Unless
that fact matches a record of that ID, the answer is exactly the same as for an unknown ID, so
nobody learns whether a number is on a list.  Two limits make guessing pointless:

- per chat: after ``MAX_FAILURES`` failures in an hour the chat waits (checked when /tracuu
  starts, before anything is typed);
- per ID number, across all chats (rotating chats does not help): after ``MAX_FAILURES``
  failures in a day, every further failure pauses that ID for ``ID_PAUSE``.  During a pause the
  lookup needs one more fact, the phone number on file (applications have one); without it the
  person waits until the pause ends.  Attempts refused during a pause are not counted, so a
  stranger cannot stretch it: the real person is kept waiting at most ``ID_PAUSE`` after the
  stranger's latest failure, and never if they know the phone on file.  Each burst is recorded
  in the audit trail for officers, with the ID number masked.

Failures per ID are counted through a hash of the number (``id_key``), not the number itself.

The public web page (``/tra-cuu``) asks this same service; a web visitor has no chat, so the
first limit counts per client address instead (through a hash of it, ``client_key``), with a
higher ceiling, ``ADDRESS_MAX_FAILURES``: mobile carriers put many people behind one address.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.status import (
    ApplicationRecord, GateOutcome, LookupGate, LookupOutcome, Proof, StatusAnswer,
)
from bot.parsing import mask_id, mask_name, names_match
from bot.services.clock import Clock
from storage.repositories.audit import AuditRepository
from storage.repositories.status import Limits, StatusRepository

MAX_FAILURES = 5
CHAT_WINDOW = timedelta(hours=1)
ID_WINDOW = timedelta(days=1)
ID_PAUSE = timedelta(hours=1)
BURST_ACTION = "lookup.burst"
ADDRESS_MAX_FAILURES = 20  # per client address and hour, for the web page (shared mobile addresses)


def id_key(id_number: str) -> str:
    """What the attempts table keeps instead of the ID number."""
    return hashlib.sha256(b"ansinh-lookup:" + id_number.encode()).hexdigest()


def client_key(address: str) -> str:
    """What the attempts table keeps instead of a web client's address."""
    return hashlib.sha256(b"ansinh-client:" + address.encode()).hexdigest()


@dataclass(frozen=True)
class Asker:
    """Who is looking up: a Telegram chat, or a web client (by the hash of its address)."""

    chat_id: int | None = None
    client_key: str | None = None

    @staticmethod
    def web(address: str) -> Asker:
        return Asker(client_key=client_key(address))


class StatusService:
    def __init__(self, clock: Clock, *, max_failures: int = MAX_FAILURES,
                 address_max_failures: int = ADDRESS_MAX_FAILURES) -> None:
        self._clock = clock
        self._max_failures = max_failures
        self._address_max_failures = address_max_failures

    async def gate(self, session: AsyncSession, chat_id: int, id_number: str | None = None) -> LookupGate:
        """May this chat (and this ID) be looked up now?  Asked before the person types the rest."""
        return await self.gate_for(session, Asker(chat_id=chat_id), id_number)

    async def gate_for(self, session: AsyncSession, asker: Asker, id_number: str | None = None) -> LookupGate:
        now = self._clock.utcnow()
        limits = await self._limits(StatusRepository(session), asker, id_number, now)
        wait = self._asker_wait(limits, asker, now)
        if wait is not None:
            return LookupGate(GateOutcome.CHAT_LIMITED, wait)
        if id_number is not None:
            pause = self._id_pause(limits, now)
            if pause is not None:
                return LookupGate(GateOutcome.NEEDS_PHONE, pause)
        return LookupGate(GateOutcome.OPEN)

    async def lookup(self, session: AsyncSession, chat_id: int, id_number: str, proof: Proof) -> StatusAnswer:
        return await self.lookup_for(session, Asker(chat_id=chat_id), id_number, proof)

    async def lookup_for(self, session: AsyncSession, asker: Asker, id_number: str, proof: Proof) -> StatusAnswer:
        """The one lookup of the bot and the web page: the same proof, answers and limits.

        The limits and the records are read (indexed), and only a failure is written: only failures
        count against the limits, so recording successes would be a write per lookup nothing reads.
        """
        repo = StatusRepository(session)
        now = self._clock.utcnow()
        limits = await self._limits(repo, asker, id_number, now)
        wait = self._asker_wait(limits, asker, now)
        if wait is not None:
            return StatusAnswer(LookupOutcome.LIMITED, retry_after=wait)
        pause = self._id_pause(limits, now)
        if pause is not None and proof.phone is None:
            return StatusAnswer(LookupOutcome.NEEDS_PHONE, retry_after=pause)
        person = await repo.person(id_number)
        approvals = [] if proof.phone else [
            a for a in person.approvals if _proves(proof, a.full_name, a.birth_date)]
        applications = [a for a in person.applications if _proves_application(proof, a)]
        names = [a.full_name for a in approvals] + [a.full_name for a in applications]
        if not names:
            key = id_key(id_number)
            await repo.record_attempt(asker.chat_id, now, success=False, id_key=key, client_key=asker.client_key)
            await self._note_burst(session, repo, limits.person.failures + 1, key, id_number, now)
            return StatusAnswer(LookupOutcome.NOT_FOUND)
        payments = await repo.payments(id_number)
        return StatusAnswer(LookupOutcome.FOUND, masked_name=mask_name(names[0]), approvals=approvals,
                            payments=payments, applications=applications, area=person.area)

    async def subscribe(self, session: AsyncSession, chat_id: int, user_id: int, id_number: str,
                        locale: str) -> bool:
        return await StatusRepository(session).subscribe(chat_id, user_id, id_number, locale, self._clock.utcnow())

    async def _limits(self, repo: StatusRepository, asker: Asker, id_number: str | None, now: datetime) -> Limits:
        return await repo.limits(asker.chat_id, now - CHAT_WINDOW, id_key(id_number) if id_number else None,
                                 now - ID_WINDOW, client_key=asker.client_key)

    def _asker_wait(self, limits: Limits, asker: Asker, now: datetime) -> timedelta | None:
        """How long this chat (or web address) must wait after too many failures in the last hour."""
        limit = self._address_max_failures if asker.client_key is not None else self._max_failures
        if limits.chat_failures < limit:
            return None
        oldest = limits.chat_oldest
        wait = (oldest + CHAT_WINDOW - now) if oldest else CHAT_WINDOW
        return max(wait, timedelta(minutes=1))

    def _id_pause(self, limits: Limits, now: datetime) -> timedelta | None:
        counted = limits.person
        if counted.failures < self._max_failures or counted.latest is None:
            return None
        left = counted.latest + ID_PAUSE - now
        return max(left, timedelta(minutes=1)) if left > timedelta(0) else None

    async def _note_burst(self, session: AsyncSession, repo: StatusRepository, failures: int, key: str,
                          id_number: str, now: datetime) -> None:
        """Officers see each burst of failures on one ID (the 5th, 10th, … in a day), number masked.

        ``failures`` counts the one just recorded; only at a burst is the ID's count read again
        (for the number of chats), so an ordinary failure costs no extra read.
        """
        if failures < self._max_failures or failures % self._max_failures != 0:
            return
        counted = await repo.id_failures(key, now - ID_WINDOW)
        if counted.failures >= self._max_failures and counted.failures % self._max_failures == 0:
            await AuditRepository(session).record(
                None, BURST_ACTION, "id_number", mask_id(id_number),
                {"failures_today": counted.failures, "chats": counted.chats}, at=now)


def _proves(proof: Proof, full_name: str, born: date | None) -> bool:
    """Does the second fact match this record?  A record without a birth date needs the name."""
    if proof.birth_date is not None:
        return born is not None and born == proof.birth_date
    if proof.birth_year is not None and proof.name:
        if born is not None and born.year != proof.birth_year:
            return False
        return names_match(proof.name, full_name)
    return False


def _proves_application(proof: Proof, application: ApplicationRecord) -> bool:
    """An application is shown only to someone who knows its own facts (and its phone, when asked)."""
    if proof.phone is not None and application.phone != proof.phone:
        return False
    return _proves(proof, application.full_name, application.birth_date)
