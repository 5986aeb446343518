"""Telegram users: language choice and whether they blocked the bot."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Officer, User
from storage.repositories.officers import OfficerRecord, officer_record

SEEN_RESOLUTION = timedelta(minutes=15)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


@dataclass(frozen=True)
class Visit:
    """What every update needs to know about its sender, from one read: their language, the area
    they last gave, and their active officer account (``officer_read`` False: not read, the user
    was new and the caller must ask the officers' table itself)."""

    locale: str
    area: tuple[str, str] | None
    officer: OfficerRecord | None
    officer_read: bool = True


class UserRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def touch(self, user_id: int, chat_id: int, first_name: str, default_locale: str, now: datetime) -> str:
        """Record that the user is active (and not blocking us); return their language."""
        return (await self.visit(user_id, chat_id, first_name, default_locale, now)).locale

    async def visit(self, user_id: int, chat_id: int, first_name: str, default_locale: str,
                    now: datetime) -> Visit:
        """Record that the user is active (and not blocking us); what an update needs of them.

        One read (the user joined to their active officer account, by primary key and index).
        Nothing is written when nothing changed and the last visit is recent, so an ordinary
        message costs that read, not a write that would queue behind other writers.
        """
        found = (await self._session.execute(
            select(User, Officer).outerjoin(Officer, (Officer.user_id == User.id) & Officer.removed_at.is_(None))
            .where(User.id == user_id).order_by(Officer.id.desc()).limit(1))).first()
        user, officer = (found[0], found[1]) if found is not None else (None, None)
        if (user is not None and user.chat_id == chat_id and user.blocked_at is None
                and (not first_name or user.first_name == first_name[:128])
                and now - _aware(user.last_seen_at) < SEEN_RESOLUTION):
            return _visit(user, officer)
        if user is None:
            user = User(id=user_id, chat_id=chat_id, first_name=first_name[:128],
                        locale=default_locale, created_at=now, last_seen_at=now,
                        current_province_code="", current_ward_code="")
            self._session.add(user)
            return Visit(user.locale, None, None, officer_read=False)
        user.chat_id, user.last_seen_at, user.blocked_at = chat_id, now, None
        if first_name:
            user.first_name = first_name[:128]
        return _visit(user, officer)

    async def locale(self, user_id: int) -> str | None:
        return await self._session.scalar(select(User.locale).where(User.id == user_id))

    async def set_locale(self, user_id: int, locale: str) -> None:
        await self._session.execute(update(User).where(User.id == user_id).values(locale=locale))

    async def mark_blocked(self, chat_id: int, blocked: bool, now: datetime) -> None:
        await self._session.execute(
            update(User).where(User.chat_id == chat_id).values(blocked_at=now if blocked else None)
        )

    async def place(self, user_id: int, province_code: str, ward_code: str) -> None:
        await self._session.execute(update(User).where(User.id == user_id).values(
            current_province_code=province_code[:8], current_ward_code=ward_code[:8]))

    async def set_announcements(self, user_id: int, wanted: bool) -> None:
        await self._session.execute(update(User).where(User.id == user_id).values(announcements_off=not wanted))


def _visit(user: User, officer: Officer | None) -> Visit:
    area = (user.current_province_code, user.current_ward_code) if user.current_province_code else None
    return Visit(user.locale, area, officer_record(officer) if officer is not None else None)
