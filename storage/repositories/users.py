"""Telegram users: language choice and whether they blocked the bot."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Application, ApprovedEntry, User

SEEN_RESOLUTION = timedelta(minutes=15)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


class UserRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def touch(self, user_id: int, chat_id: int, first_name: str, default_locale: str, now: datetime) -> str:
        """Record that the user is active (and not blocking us); return their language.

        Nothing is written when nothing changed and the last visit is recent, so an ordinary
        message costs one read, not a write that would queue behind other writers.
        """
        user = await self._session.get(User, user_id)
        if (user is not None and user.chat_id == chat_id and user.blocked_at is None
                and (not first_name or user.first_name == first_name[:128])
                and now - _aware(user.last_seen_at) < SEEN_RESOLUTION):
            return user.locale
        if user is None:
            user = User(id=user_id, chat_id=chat_id, first_name=first_name[:128],
                        locale=default_locale, created_at=now, last_seen_at=now)
            self._session.add(user)
        else:
            user.chat_id, user.last_seen_at, user.blocked_at = chat_id, now, None
            if first_name:
                user.first_name = first_name[:128]
        return user.locale

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

    async def area_of_person(self, id_number: str) -> tuple[str, str] | None:
        """Today's (province, commune) of a person's newest placed record, if any."""
        for model in (ApprovedEntry, Application):
            row = (await self._session.execute(
                select(model.current_province_code, model.current_ward_code)
                .where(model.id_number == id_number, model.current_province_code != "")
                .order_by(model.id.desc()).limit(1))).first()
            if row is not None:
                return str(row[0]), str(row[1])
        return None
