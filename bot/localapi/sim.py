"""What a simulated Telegram user does: write, press buttons, send files, block the bot.

Each action returns the output sequence number at the time it happened, so the caller can
then wait for exactly the bot output that followed it.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from bot.localapi.state import Chat, World


def _chat(world: World, user_id: int) -> Chat:
    chat = world.chat(user_id)
    if chat is None:
        raise KeyError(f"unknown user {user_id}; register it first")
    return chat


async def user_sends_text(world: World, user_id: int, text: str,
                          entities: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """``entities``: formatting made in the Telegram app (bold, italic, text_link…, offsets in UTF-16)."""
    chat = _chat(world, user_id)
    mark = world.last_seq
    message: dict[str, Any] = {"from": chat.user, "text": text}
    if text.startswith("/"):
        command = text.split()[0]
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
    elif entities:
        message["entities"] = entities
    world.add_message(chat, message)
    world.push_update({"message": dict(message)})
    await world.notify()
    return {"action": mark, "message_id": message["message_id"]}


async def user_sends_document(world: World, user_id: int, name: str, mime: str, data: bytes, *, caption: str = "",
                              caption_entities: list[dict[str, Any]] | None = None,
                              photo: bool = False) -> dict[str, Any]:
    """A file (or, with ``photo``, a picture) the user sends, optionally with a formatted caption."""
    chat = _chat(world, user_id)
    mark = world.last_seq
    stored = world.store_file(data, name, mime)
    message: dict[str, Any] = {"from": chat.user}
    if photo:
        message["photo"] = [{"file_id": stored.file_id, "file_unique_id": stored.unique_id, "width": 1, "height": 1}]
    else:
        message["document"] = world.document_dict(stored)
    if caption:
        message["caption"] = caption
        if caption_entities:
            message["caption_entities"] = caption_entities
    world.add_message(chat, message)
    world.push_update({"message": dict(message)})
    await world.notify()
    return {"action": mark, "message_id": message["message_id"], "file_id": stored.file_id}


async def user_presses(world: World, user_id: int, message_id: int, data: str) -> dict[str, Any]:
    chat = _chat(world, user_id)
    message = chat.messages.get(message_id)
    if message is None:
        raise KeyError(f"no message {message_id}")
    mark = world.last_seq
    query_id = world.new_callback_id()
    world.callbacks[query_id] = {"answered": False, "chat_id": chat.id, "message_id": message_id}
    public = {k: v for k, v in message.items() if not k.startswith("_")}
    world.push_update({"callback_query": {"id": query_id, "from": chat.user, "message": public,
                                          "chat_instance": str(chat.id), "data": data}})
    await world.notify()
    return {"action": mark, "callback_query_id": query_id}


async def set_blocked(world: World, user_id: int, blocked: bool) -> None:
    chat = _chat(world, user_id)
    if chat.blocked == blocked:
        return
    chat.blocked = blocked
    old, new = ("member", "kicked") if blocked else ("kicked", "member")
    world.push_update({"my_chat_member": {
        "chat": world.chat_dict(chat), "from": chat.user, "date": world.now(),
        "old_chat_member": {"status": old, "user": world.bot, **({"until_date": 0} if old == "kicked" else {})},
        "new_chat_member": {"status": new, "user": world.bot, **({"until_date": 0} if new == "kicked" else {})},
    }})
    await world.notify()


def view(message: dict[str, Any]) -> dict[str, Any]:
    """A message as tests and the terminal read it."""
    keyboard = (message.get("reply_markup") or {}).get("inline_keyboard") or []
    return {
        "message_id": message["message_id"],
        "from_bot": bool(message.get("from", {}).get("is_bot")),
        "text": message.get("text") or message.get("caption") or "",
        "html": message.get("_html", ""),
        "buttons": [[{"text": b.get("text", ""), "data": b.get("callback_data")} for b in row] for row in keyboard],
        "document": message.get("document"),
        "photo": (message.get("photo") or [{}])[-1].get("file_id"),
        "method": message.get("_method", ""),
        "parse_mode": message.get("_parse_mode", ""),
        "edited": "edit_date" in message,
        "deleted": bool(message.get("deleted")),
    }


async def wait_outputs(world: World, user_id: int, after: int, *, quiet: float = 0.25, timeout: float = 10.0,
                       count: int | None = None) -> list[dict[str, Any]]:
    """The bot messages sent or edited after ``after``: once ``count`` outputs arrived, or once the
    bot has been quiet for ``quiet`` seconds after its first output (or ``timeout`` passed)."""
    chat = _chat(world, user_id)
    deadline = time.monotonic() + timeout

    def outputs() -> list[tuple[int, int]]:
        return [o for o in chat.outputs if o[0] > after]

    while time.monotonic() < deadline:
        current = outputs()
        if count is not None and len(current) >= count:
            break
        if current and count is None:
            last = len(current)
            await asyncio.sleep(quiet)
            if len(outputs()) == last:
                break
            continue
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        chat.waiters.append(waiter)
        try:
            await asyncio.wait_for(waiter, max(0.01, min(quiet, deadline - time.monotonic())))
        except asyncio.TimeoutError:
            pass
        finally:
            if waiter in chat.waiters:
                chat.waiters.remove(waiter)
    ids: list[int] = []
    for _, message_id in outputs():
        if message_id not in ids:
            ids.append(message_id)
    return [view(chat.messages[i]) for i in ids]


def transcript(world: World, user_id: int) -> list[dict[str, Any]]:
    chat = _chat(world, user_id)
    return [view(chat.messages[i]) for i in chat.order]
