"""Users: remember each person's language and whether they blocked the bot."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.i18n import DEFAULT_LOCALE, SUPPORTED_LOCALES
from storage.repositories.users import UserRepository


class UserService:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def touch(self, user_id: int, chat_id: int, first_name: str, language_code: str | None) -> str:
        """Record activity and return the user's language (Vietnamese unless they chose otherwise)."""
        async with self._sessions() as session:
            locale = await UserRepository(session).touch(user_id, chat_id, first_name, DEFAULT_LOCALE)
            if session.dirty or session.new:
                await session.commit()
            return locale

    async def set_locale(self, user_id: int, locale: str) -> None:
        if locale not in SUPPORTED_LOCALES:
            raise ValueError(locale)
        async with self._sessions.begin() as session:
            await UserRepository(session).set_locale(user_id, locale)

    async def mark_blocked(self, chat_id: int, blocked: bool) -> None:
        async with self._sessions.begin() as session:
            await UserRepository(session).mark_blocked(chat_id, blocked)
