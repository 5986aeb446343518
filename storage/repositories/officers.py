"""Officer accounts and their one-time invitations: every query on ``officers``/``officer_invites``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.areas import Area, Role
from storage.models import Officer, OfficerInvite


@dataclass(frozen=True)
class OfficerRecord:
    """One active (or removed) officer account."""

    id: int
    user_id: int
    role: Role
    area: Area
    added_by: int | None
    added_at: datetime
    removed_at: datetime | None


@dataclass(frozen=True)
class InviteRecord:
    id: int
    role: Role
    area: Area
    created_by: int
    expires_at: datetime
    used_at: datetime | None


def officer_record(row: Officer) -> OfficerRecord:
    return OfficerRecord(row.id, row.user_id, Role(row.role), Area(row.province_code, row.ward_code),
                         row.added_by, row.added_at, row.removed_at)


class OfficerRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def active(self, user_id: int) -> OfficerRecord | None:
        row = await self._session.scalar(select(Officer).where(
            Officer.user_id == user_id, Officer.removed_at.is_(None)).order_by(Officer.id.desc()).limit(1))
        return officer_record(row) if row is not None else None

    async def add(self, user_id: int, role: Role, area: Area, added_by: int | None, at: datetime) -> OfficerRecord:
        row = Officer(user_id=user_id, role=role.value, province_code=area.province_code, ward_code=area.ward_code,
                      added_by=added_by, added_at=at)
        self._session.add(row)
        await self._session.flush()
        return officer_record(row)

    async def remove(self, officer_id: int, removed_by: int | None, at: datetime) -> bool:
        result = await self._session.execute(update(Officer).where(
            Officer.id == officer_id, Officer.removed_at.is_(None)).values(removed_at=at, removed_by=removed_by))
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def in_province(self, province_code: str) -> list[OfficerRecord]:
        """Active officers of a province (the caller keeps those inside its own area)."""
        rows = await self._session.scalars(select(Officer).where(
            Officer.province_code == province_code, Officer.removed_at.is_(None)).order_by(Officer.id))
        return [officer_record(row) for row in rows]

    async def all_active(self) -> list[OfficerRecord]:
        rows = await self._session.scalars(select(Officer).where(Officer.removed_at.is_(None)).order_by(Officer.id))
        return [officer_record(row) for row in rows]

    async def get(self, officer_id: int) -> OfficerRecord | None:
        row = await self._session.get(Officer, officer_id)
        return officer_record(row) if row is not None else None

    async def add_invite(self, code_hash: str, role: Role, area: Area, created_by: int, at: datetime,
                         expires_at: datetime) -> None:
        self._session.add(OfficerInvite(code_hash=code_hash, role=role.value, province_code=area.province_code,
                                        ward_code=area.ward_code, created_by=created_by, created_at=at,
                                        expires_at=expires_at))
        await self._session.flush()

    async def invite(self, code_hash: str) -> InviteRecord | None:
        row = await self._session.scalar(select(OfficerInvite).where(OfficerInvite.code_hash == code_hash))
        if row is None:
            return None
        return InviteRecord(row.id, Role(row.role), Area(row.province_code, row.ward_code), row.created_by,
                            row.expires_at, row.used_at)

    async def use_invite(self, invite_id: int, user_id: int, at: datetime) -> bool:
        """Mark an invitation used; False when someone used it first (single use, even in a race)."""
        result = await self._session.execute(update(OfficerInvite).where(
            OfficerInvite.id == invite_id, OfficerInvite.used_at.is_(None)).values(used_at=at, used_by=user_id))
        return bool(result.rowcount)  # type: ignore[attr-defined]
