"""In-memory world of the local Bot API server: users, chats, messages, updates, files.

Everything hangs off one :class:`World` per server, so two servers in one test never share
anything.  Bot output is numbered with a global sequence so a test can ask for "what the bot
said after my last action" deterministically.
"""

from __future__ import annotations

import asyncio
import itertools
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from bot.localapi.limits import FloodLimits


@dataclass
class StoredFile:
    file_id: str
    unique_id: str
    path: str
    name: str
    mime: str
    data: bytes


@dataclass
class Chat:
    user: dict[str, Any]
    messages: dict[int, dict[str, Any]] = field(default_factory=dict)
    order: list[int] = field(default_factory=list)
    next_id: int = 1
    blocked: bool = False
    outputs: list[tuple[int, int]] = field(default_factory=list)  # (seq, message_id) of bot sends/edits
    keyboard: list[list[str]] = field(default_factory=list)  # the reply keyboard shown under the input field
    action: str = ""  # the bot's last sendChatAction ("typing", "upload_document"…), cleared by its next message
    action_at: float = 0.0  # monotonic time of that action: Telegram shows it for 5 s at most
    # Readers of this chat waiting for the bot's next output: woken per chat, not all at once, so a
    # thousand simulated users waiting cost one wake-up per reply (bench/scale.py), not a thousand.
    waiters: list[asyncio.Future[None]] = field(default_factory=list)

    @property
    def id(self) -> int:
        return int(self.user["id"])


@dataclass
class Fault:
    kind: str  # "429" | "500"
    retry_after: int = 1


class World:
    def __init__(self, bot_id: int = 1000000001, bot_username: str = "ansinh_local_bot") -> None:
        self.bot = {"id": bot_id, "is_bot": True, "first_name": "An Sinh", "username": bot_username,
                    "can_join_groups": False, "can_read_all_group_messages": False,
                    "supports_inline_queries": False}
        self.chats: dict[int, Chat] = {}
        self.updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._seq = itertools.count(1)
        self.last_seq = 0
        self.callbacks: dict[str, dict[str, Any]] = {}
        self.files: dict[str, StoredFile] = {}
        self.faults: dict[str, list[Fault]] = {}
        self.commands: dict[str, list[dict[str, Any]]] = {}
        self.changed = asyncio.Condition()
        self.limits: FloodLimits | None = None  # Telegram's flood limits; off unless a test turns them on

    # -- clock and ids ------------------------------------------------------------------

    @staticmethod
    def now() -> int:
        return int(time.time())

    def next_seq(self) -> int:
        self.last_seq = next(self._seq)
        return self.last_seq

    async def notify(self) -> None:
        async with self.changed:
            self.changed.notify_all()

    # -- users and chats ----------------------------------------------------------------

    def chat(self, chat_id: int) -> Chat | None:
        return self.chats.get(int(chat_id))

    def register(self, user: dict[str, Any]) -> Chat:
        user = {"is_bot": False, "first_name": "", **user}
        chat = self.chats.get(int(user["id"]))
        if chat is None:
            chat = Chat(user)
            self.chats[chat.id] = chat
        else:
            chat.user.update(user)
        return chat

    def chat_dict(self, chat: Chat) -> dict[str, Any]:
        u = chat.user
        data = {"id": chat.id, "type": "private", "first_name": u.get("first_name", "")}
        for key in ("last_name", "username"):
            if u.get(key):
                data[key] = u[key]
        return data

    # -- messages -----------------------------------------------------------------------

    def add_message(self, chat: Chat, message: dict[str, Any]) -> dict[str, Any]:
        message["message_id"] = chat.next_id
        chat.next_id += 1
        message["date"] = self.now()
        message["chat"] = self.chat_dict(chat)
        chat.messages[message["message_id"]] = message
        chat.order.append(message["message_id"])
        return message

    def record_output(self, chat: Chat, message_id: int) -> int:
        chat.action = ""  # as in Telegram, the bot's message ends its "typing…"
        seq = self.next_seq()
        chat.outputs.append((seq, message_id))
        waiters, chat.waiters = chat.waiters, []
        for waiter in waiters:
            if not waiter.done():
                waiter.set_result(None)
        return seq

    def record_action(self, chat: Chat, action: str) -> None:
        chat.action, chat.action_at = action, time.monotonic()

    @staticmethod
    def current_action(chat: Chat) -> str:
        """The chat action a Telegram client would show now: the last one, for 5 seconds."""
        return chat.action if chat.action and time.monotonic() - chat.action_at < 5.0 else ""

    # -- updates ------------------------------------------------------------------------

    def push_update(self, payload: dict[str, Any]) -> int:
        update = {"update_id": next(self._update_ids), **payload}
        self.updates.append(update)
        return update["update_id"]

    def new_callback_id(self) -> str:
        return uuid.uuid4().hex[:16]

    # -- files --------------------------------------------------------------------------

    def store_file(self, data: bytes, name: str, mime: str) -> StoredFile:
        file_id = "F" + uuid.uuid4().hex
        stored = StoredFile(file_id, uuid.uuid4().hex[:12], f"documents/{file_id}/{name}", name, mime, data)
        self.files[file_id] = stored
        return stored

    def document_dict(self, stored: StoredFile) -> dict[str, Any]:
        return {"file_id": stored.file_id, "file_unique_id": stored.unique_id, "file_name": stored.name,
                "mime_type": stored.mime, "file_size": len(stored.data)}

    def take_fault(self, method: str) -> Fault | None:
        queue = self.faults.get(method.lower())
        return queue.pop(0) if queue else None
