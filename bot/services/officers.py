"""Officer accounts by area: who is an officer right now, invitations, listing and removal.

``scope(user_id)`` is the one source of an officer's rights (:class:`OfficerScope`); every
officer feature asks it (through the dialog service) before every step, so a removal takes
effect at once.  ``BOT_ADMIN_IDS`` stay province officers of ``BOT_PROVINCE`` without a row in
the database: configuration cannot be removed from the bot, only from the configuration.

Invitation codes are random (128 bits), shown once and stored as a SHA-256 hash: a database
dump does not let anyone join.  Every account change is written to the audit log.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain.areas import Area, OfficerScope, Role
from bot.services.clock import Clock
from storage.repositories.audit import AuditAction, AuditRepository
from storage.repositories.officers import OfficerRecord, OfficerRepository

INVITE_VALIDITY = timedelta(hours=48)
RANK = {Role.PROVINCE: 2, Role.COMMUNE: 1, Role.SUPERVISOR: 0}


class AccountRefusal(StrEnum):
    """Why an account change was refused; each has its own Vietnamese message."""

    NOT_ALLOWED = "not_allowed"        # read-only supervisor, or a role above one's own
    OUTSIDE_AREA = "outside_area"      # the area is not inside the officer's own
    BAD_AREA = "bad_area"              # a commune role needs a commune, a province role a province
    UNKNOWN_OFFICER = "unknown_officer"
    CONFIGURED = "configured"          # a BOT_ADMIN_IDS officer: change the configuration instead
    INVITE_UNKNOWN = "invite_unknown"
    INVITE_USED = "invite_used"
    INVITE_EXPIRED = "invite_expired"


class AccountError(Exception):
    def __init__(self, reason: AccountRefusal) -> None:
        super().__init__(reason.value)
        self.reason = reason


@dataclass(frozen=True)
class Invitation:
    """A freshly made invitation: the code is shown once and never stored in clear."""

    code: str
    role: Role
    area: Area
    expires_at_utc: datetime


@dataclass(frozen=True)
class OfficerEntry:
    """An officer as a list shows them."""

    officer_id: int
    user_id: int
    role: Role
    area: Area
    configured: bool = False


def hash_code(code: str) -> str:
    return hashlib.sha256(code.encode("ascii", "ignore")).hexdigest()


def fits(role: Role, area: Area) -> bool:
    """A commune officer has a commune, a province officer a province; a supervisor either."""
    if role is Role.COMMUNE:
        return not area.is_province
    if role is Role.PROVINCE:
        return area.is_province
    return True


def may_grant(scope: OfficerScope, role: Role, area: Area) -> AccountRefusal | None:
    """Whether ``scope`` may create or remove an account of ``role`` over ``area`` (pure)."""
    if not scope.may_change_data or RANK[role] > RANK[scope.role]:
        return AccountRefusal.NOT_ALLOWED
    if not fits(role, area):
        return AccountRefusal.BAD_AREA
    if not scope.area.covers(area):
        return AccountRefusal.OUTSIDE_AREA
    return None


class OfficerService:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], clock: Clock, admin_ids: frozenset[int],
                 admin_area: Area | None) -> None:
        self._sessions = sessions
        self._clock = clock
        self._admin_ids = admin_ids
        self._admin_area = admin_area
        self._changed: set[int] = set()

    def take_changed(self) -> set[int]:
        """Users whose account changed since the last call (their Telegram menus need refreshing)."""
        changed, self._changed = self._changed, set()
        return changed

    def configured_ids(self) -> frozenset[int]:
        return self._admin_ids if self._admin_area is not None else frozenset()

    async def scope(self, user_id: int) -> OfficerScope | None:
        """The user's rights right now; None for a citizen (or a removed officer)."""
        async with self._sessions() as session:
            record = await OfficerRepository(session).active(user_id)
        return self.scope_of(user_id, record)

    def scope_of(self, user_id: int, record: OfficerRecord | None) -> OfficerScope | None:
        """The rights given by ``record`` (the user's active account, just read) or the configuration."""
        if record is not None:
            return OfficerScope(user_id, record.role, record.area)
        if user_id in self._admin_ids and self._admin_area is not None:
            return OfficerScope(user_id, Role.PROVINCE, self._admin_area)
        return None

    async def add(self, user_id: int, role: Role, area: Area, *, added_by: int | None = None) -> OfficerRecord:
        """Create an account directly (command line: the first officer); replaces an active one."""
        if not fits(role, area):
            raise AccountError(AccountRefusal.BAD_AREA)
        now = self._clock.utcnow()
        async with self._sessions.begin() as session:
            repo = OfficerRepository(session)
            current = await repo.active(user_id)
            if current is not None:
                await repo.remove(current.id, added_by, now)
            record = await repo.add(user_id, role, area, added_by, now)
            await _audit(session, added_by, AuditAction.ACCOUNT_ADD, record.user_id, role, area, now)
        self._changed.add(user_id)
        return record

    async def invite(self, scope: OfficerScope, role: Role, area: Area) -> Invitation:
        refusal = may_grant(scope, role, area)
        if refusal is not None:
            raise AccountError(refusal)
        code = secrets.token_urlsafe(16)
        now = self._clock.utcnow()
        async with self._sessions.begin() as session:
            await OfficerRepository(session).add_invite(hash_code(code), role, area, scope.user_id, now,
                                                        now + INVITE_VALIDITY)
            await _audit(session, scope.user_id, AuditAction.ACCOUNT_INVITE, None, role, area, now)
        return Invitation(code, role, area, now + INVITE_VALIDITY)

    async def redeem(self, code: str, user_id: int) -> OfficerRecord:
        """Join with an invitation: single use, 48 hours; the inviter must still be allowed to grant it."""
        now = self._clock.utcnow()
        if not await self._inviter_still_allowed(code):
            raise AccountError(AccountRefusal.INVITE_UNKNOWN)
        async with self._sessions.begin() as session:
            repo = OfficerRepository(session)
            invite = await repo.invite(hash_code(code))
            if invite is None:
                raise AccountError(AccountRefusal.INVITE_UNKNOWN)
            if invite.used_at is not None:
                raise AccountError(AccountRefusal.INVITE_USED)
            if now >= invite.expires_at:
                raise AccountError(AccountRefusal.INVITE_EXPIRED)
            if not await repo.use_invite(invite.id, user_id, now):
                raise AccountError(AccountRefusal.INVITE_USED)
            current = await repo.active(user_id)
            if current is not None:
                await repo.remove(current.id, invite.created_by, now)
            record = await repo.add(user_id, invite.role, invite.area, invite.created_by, now)
            await _audit(session, user_id, AuditAction.ACCOUNT_JOIN, user_id, invite.role, invite.area, now,
                         invited_by=invite.created_by)
        self._changed.add(user_id)
        return record

    async def _inviter_still_allowed(self, code: str) -> bool:
        """Whether the officer who made an invitation may still grant it (a removed one may not)."""
        async with self._sessions() as session:
            invite = await OfficerRepository(session).invite(hash_code(code))
        if invite is None:
            return True  # redeem() gives the precise refusal
        scope = await self.scope(invite.created_by)
        return scope is not None and may_grant(scope, invite.role, invite.area) is None

    async def list(self, scope: OfficerScope) -> list[OfficerEntry]:
        """Officers inside the area of ``scope`` (supervisors may read the list too)."""
        async with self._sessions() as session:
            records = await OfficerRepository(session).in_province(scope.area.province_code)
        entries = [OfficerEntry(r.id, r.user_id, r.role, r.area) for r in records if scope.area.covers(r.area)]
        if self._admin_area is not None and scope.area.covers(self._admin_area):
            listed = {e.user_id for e in entries}
            entries += [OfficerEntry(0, uid, Role.PROVINCE, self._admin_area, configured=True)
                        for uid in sorted(self._admin_ids) if uid not in listed]
        return entries

    async def remove(self, scope: OfficerScope, officer_id: int) -> OfficerRecord:
        """Remove an officer of one's area (at or below one's level); effective at the next step."""
        now = self._clock.utcnow()
        async with self._sessions.begin() as session:
            repo = OfficerRepository(session)
            record = await repo.get(officer_id)
            if record is None or record.removed_at is not None:
                raise AccountError(AccountRefusal.UNKNOWN_OFFICER)
            refusal = may_grant(scope, record.role, record.area)
            if refusal is not None:
                raise AccountError(refusal)
            await repo.remove(record.id, scope.user_id, now)
            await _audit(session, scope.user_id, AuditAction.ACCOUNT_REMOVE, record.user_id, record.role, record.area,
                         now)
        self._changed.add(record.user_id)
        return record

    async def remove_user(self, user_id: int, *, removed_by: int | None = None) -> bool:
        """Command line: remove whatever account the user has."""
        now = self._clock.utcnow()
        async with self._sessions.begin() as session:
            repo = OfficerRepository(session)
            record = await repo.active(user_id)
            if record is None:
                return False
            await repo.remove(record.id, removed_by, now)
            await _audit(session, removed_by, AuditAction.ACCOUNT_REMOVE, user_id, record.role, record.area, now)
        self._changed.add(user_id)
        return True

    async def active_ids(self) -> set[int]:
        """Every user who is an officer now: accounts and the configured ``BOT_ADMIN_IDS``."""
        return {entry.user_id for entry in await self.all_active()} | set(self.configured_ids())

    async def all_active(self) -> list[OfficerEntry]:
        async with self._sessions() as session:
            records = await OfficerRepository(session).all_active()
        return [OfficerEntry(r.id, r.user_id, r.role, r.area) for r in records]


async def _audit(session: AsyncSession, actor: int | None, action: AuditAction, subject_user: int | None,
                 role: Role, area: Area, now: datetime, **extra: int) -> None:
    """Who (actor), what (an ``account.*`` action, so /nhatky's "Accounts" filter finds it, and the
    role), which area (the account's), how many (1), when (the injected clock)."""
    await AuditRepository(session).record(
        actor, action, "officer", str(subject_user or ""),
        {"role": role.value, "province_code": area.province_code, "ward_code": area.ward_code or "", "count": 1,
         **extra}, at=now)
