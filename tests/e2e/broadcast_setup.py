"""Shared set-up of broadcast tests and the bench: people placed in a province, chats on the local server."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timezone

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.localapi.state import World
from storage.models import User

PROVINCE = "79"
OFFICER_ID = 777001


async def add_people(engine: AsyncEngine, world: World, chat_ids: Iterable[int], *, province: str = PROVINCE,
                     ward: str = "26734") -> None:
    """Users who have used the bot in ``province`` (and whose chats exist on the local server)."""
    now = datetime.now(timezone.utc)
    rows = [{"id": chat_id, "chat_id": chat_id, "first_name": f"N{chat_id}", "locale": "vi", "created_at": now,
             "last_seen_at": now, "current_province_code": province, "current_ward_code": ward}
            for chat_id in chat_ids]
    for row in rows:
        world.register({"id": row["id"], "first_name": row["first_name"]})
    async with engine.begin() as connection:
        for start in range(0, len(rows), 5000):
            await connection.execute(insert(User), rows[start:start + 5000])


def bot_texts(world: World, chat_id: int) -> list[str]:
    chat = world.chat(chat_id)
    if chat is None:
        return []
    return [m.get("_html") or m.get("text", "") for m in chat.messages.values()
            if m.get("from", {}).get("id") == world.bot["id"]]
