"""Telegram users: language choice and whether they blocked the bot."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Officer, User
from bot.domain.areas import Area, Role
from storage.repositories.officers import OfficerRecord

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
    wrote: bool = False  # the user's row was created or refreshed: the unit of work must commit


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
        message costs that read, not a write that would queue behind other writers.  The
        statements are built once (``_VISIT``…): building a SELECT costs more CPU than running it.
        """
        found = (await self._session.execute(_VISIT, {"user_id": user_id})).first()
        name = first_name[:128]
        if found is None:
            await self._session.execute(_NEW_USER, {
                "id": user_id, "chat_id": chat_id, "first_name": name, "locale": default_locale,
                "created_at": now, "last_seen_at": now})
            return Visit(default_locale, None, None, officer_read=False, wrote=True)
        (known_chat, known_name, locale, seen, blocked, province, ward, *officer) = found
        record = officer_record_of(officer) if officer[0] is not None else None
        area = (province, ward) if province else None
        if (known_chat == chat_id and blocked is None and (not name or known_name == name)
                and now - _aware(seen) < SEEN_RESOLUTION):
            return Visit(locale, area, record)
        await self._session.execute(_SEEN, {"user_id": user_id, "chat": chat_id, "seen": now,
                                            "name": name or known_name})
        return Visit(locale, area, record, wrote=True)

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


_OFFICER_COLUMNS = (Officer.id, Officer.user_id, Officer.role, Officer.province_code, Officer.ward_code,
                    Officer.added_by, Officer.added_at, Officer.removed_at)
_VISIT = (select(User.chat_id, User.first_name, User.locale, User.last_seen_at, User.blocked_at,
                 User.current_province_code, User.current_ward_code, *_OFFICER_COLUMNS)
          .outerjoin(Officer, (Officer.user_id == User.id) & Officer.removed_at.is_(None))
          .where(User.id == bindparam("user_id")).order_by(Officer.id.desc()).limit(1))
_NEW_USER = insert(User).values(
    id=bindparam("id"), chat_id=bindparam("chat_id"), first_name=bindparam("first_name"),
    locale=bindparam("locale"), created_at=bindparam("created_at"), last_seen_at=bindparam("last_seen_at"),
    current_province_code="", current_ward_code="")
_SEEN = (update(User).where(User.id == bindparam("user_id"))
         .values(chat_id=bindparam("chat"), last_seen_at=bindparam("seen"), blocked_at=None,
                 first_name=bindparam("name"))
         .execution_options(synchronize_session=False))  # no ORM objects to refresh: skip its evaluator


def officer_record_of(columns: list[object]) -> OfficerRecord:
    officer_id, user_id, role, province, ward, added_by, added_at, removed_at = columns
    # a province officer's ward is NULL: it must stay None (the whole province), never the text "None"
    area = Area(str(province), None if ward is None else str(ward))
    return OfficerRecord(int(officer_id), int(user_id), Role(role), area,  # type: ignore[arg-type]
                         added_by, added_at, removed_at)  # type: ignore[arg-type]
