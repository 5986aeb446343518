"""Users: remember each person's language and whether they blocked the bot."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.i18n import DEFAULT_LOCALE, SUPPORTED_LOCALES
from bot.services.clock import Clock
from storage.repositories.users import UserRepository, Visit


class UserService:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], clock: Clock) -> None:
        self._sessions = sessions
        self._clock = clock

    async def touch(self, user_id: int, chat_id: int, first_name: str, language_code: str | None) -> str:
        """Record activity and return the user's language (Vietnamese unless they chose otherwise)."""
        return (await self.visit(user_id, chat_id, first_name)).locale

    async def visit(self, user_id: int, chat_id: int, first_name: str,
                    session: AsyncSession | None = None) -> Visit:
        """Record activity; the user's language, area and officer account, read at once.

        Inside a dialog step pass the step's ``session``: the sender and the step then share one
        transaction (one connection checkout and commit per update instead of two); the step's
        unit of work commits what the visit wrote.
        """
        if session is not None:
            return await UserRepository(session).visit(user_id, chat_id, first_name, DEFAULT_LOCALE,
                                                       self._clock.utcnow())
        async with self._sessions() as session:
            visit = await UserRepository(session).visit(user_id, chat_id, first_name, DEFAULT_LOCALE,
                                                        self._clock.utcnow())
            if visit.wrote:
                await session.commit()
            return visit

    async def set_locale(self, user_id: int, locale: str) -> None:
        if locale not in SUPPORTED_LOCALES:
            raise ValueError(locale)
        async with self._sessions.begin() as session:
            await UserRepository(session).set_locale(user_id, locale)

    async def mark_blocked(self, chat_id: int, blocked: bool) -> None:
        async with self._sessions.begin() as session:
            await UserRepository(session).mark_blocked(chat_id, blocked, self._clock.utcnow())

    async def place(self, user_id: int, province_code: str, ward_code: str,
                    session: AsyncSession | None = None) -> None:
        """Remember the area (today's codes) a user last gave, so area broadcasts reach them.

        Inside a dialog step pass the step's ``session``: a second writer would wait on SQLite.
        """
        if not province_code:
            return
        if session is not None:
            await UserRepository(session).place(user_id, province_code, ward_code)
            return
        async with self._sessions.begin() as own:
            await UserRepository(own).place(user_id, province_code, ward_code)

    async def set_announcements(self, user_id: int, wanted: bool) -> None:
        """/tatthongbao and /batthongbao; personal notices are not affected."""
        async with self._sessions.begin() as session:
            await UserRepository(session).set_announcements(user_id, wanted)
