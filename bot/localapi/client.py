"""``SimClient``: a Telegram user, driven over the local server's ``/sim`` API (tests, terminal, bench)."""

from __future__ import annotations

import asyncio
import json

from dataclasses import dataclass
from typing import Any

import aiohttp


@dataclass(frozen=True)
class SimMessage:
    message_id: int
    text: str
    buttons: list[list[str]]
    data: list[list[str | None]]
    document: dict[str, Any] | None
    edited: bool
    from_bot: bool
    html: str = ""
    photo: str | None = None   # the file id of a photo
    method: str = ""           # the Bot API method that sent it (sendMessage, sendPhoto, sendDocument)
    parse_mode: str = ""

    @classmethod
    def of(cls, raw: dict[str, Any]) -> SimMessage:
        return cls(raw["message_id"], raw["text"], [[b["text"] for b in row] for row in raw["buttons"]],
                   [[b["data"] for b in row] for row in raw["buttons"]], raw.get("document"), raw["edited"],
                   raw["from_bot"], raw.get("html", ""), raw.get("photo"), raw.get("method", ""),
                   raw.get("parse_mode", ""))

    @property
    def labels(self) -> list[str]:
        return [label for row in self.buttons for label in row]


class SimClient:
    def __init__(self, url: str, *, connections: int = 100) -> None:
        """``connections``: at most that many requests at once (0: no limit, for benches whose
        hundreds of simulated users each hold a waiting request)."""
        self.url = url.rstrip("/")
        self._connections = connections
        self._session: aiohttp.ClientSession | None = None

    @property
    def session(self) -> aiohttp.ClientSession:
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=120),
                                                  connector=aiohttp.TCPConnector(limit=self._connections))
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()

    async def post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        async with self.session.post(f"{self.url}{path}", json=body) as response:
            response.raise_for_status()
            return await response.json()  # type: ignore[no-any-return]

    async def get(self, path: str, **params: Any) -> dict[str, Any]:
        query = {k: str(v) for k, v in params.items() if v is not None}
        async with self.session.get(f"{self.url}{path}", params=query) as response:
            response.raise_for_status()
            return await response.json()  # type: ignore[no-any-return]

    async def user(self, *, id: int, first_name: str, last_name: str = "", username: str = "",  # noqa: A002
                   language_code: str = "vi") -> SimUser:
        body = {"id": id, "first_name": first_name, "language_code": language_code}
        if last_name:
            body["last_name"] = last_name
        if username:
            body["username"] = username
        await self.post("/sim/users", body)
        return SimUser(self, id)

    async def fault(self, method: str, kind: str = "429", count: int = 1, retry_after: int = 1) -> None:
        await self.post("/sim/fault", {"method": method, "kind": kind, "count": count, "retry_after": retry_after})


class SimUser:
    def __init__(self, client: SimClient, user_id: int) -> None:
        self.client, self.id = client, user_id
        self._action = 0
        self.last: SimMessage | None = None

    async def send(self, text: str, entities: list[dict[str, Any]] | None = None) -> None:
        """Write ``text``; ``entities`` is formatting made in the Telegram app (bold, italic, text_link…)."""
        body: dict[str, Any] = {"user_id": self.id, "text": text}
        if entities:
            body["entities"] = entities
        self._action = (await self.client.post("/sim/send", body))["action"]

    async def upload(self, filename: str, data: bytes, mime: str = "application/octet-stream", *,
                     caption: str = "", caption_entities: list[dict[str, Any]] | None = None,
                     photo: bool = False) -> None:
        """Send a file (``photo``: as a picture), optionally with a formatted caption."""
        form = aiohttp.FormData()
        form.add_field("user_id", str(self.id))
        form.add_field("filename", filename)
        form.add_field("mime", mime)
        if caption:
            form.add_field("caption", caption)
            form.add_field("caption_entities", json.dumps(caption_entities or []))
        if photo:
            form.add_field("photo", "1")
        form.add_field("file", data, filename=filename, content_type=mime)
        async with self.client.session.post(f"{self.client.url}/sim/upload", data=form) as response:
            response.raise_for_status()
            self._action = (await response.json())["action"]

    async def replies(self, *, quiet: float = 0.25, timeout: float = 10.0, count: int | None = None,
                      until: str | None = None) -> list[SimMessage]:
        """What the bot sent or edited since my last action or my last read (latest version of each).

        ``until``: keep reading (up to ``timeout``) until a message contains this text, for answers
        that come after a progress message, however slow the machine is.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        collected: dict[int, SimMessage] = {}
        while True:
            left = max(0.1, deadline - loop.time())
            raw = await self.client.get("/sim/wait", user_id=self.id, after=self._action, quiet=quiet,
                                        timeout=left, count=count)
            for message in (SimMessage.of(m) for m in raw["messages"]):
                collected.pop(message.message_id, None)
                collected[message.message_id] = message
            self._action = max(self._action, int(raw.get("read_upto", self._action)))
            if until is None or any(until in m.text for m in collected.values()) or loop.time() >= deadline:
                break
        messages = list(collected.values())
        if messages:
            self.last = messages[-1]
        return messages

    async def messages(self) -> list[SimMessage]:
        raw = await self.client.get("/sim/chat", user_id=self.id)
        return [SimMessage.of(m) for m in raw["messages"]]

    async def press(self, label: str, message: SimMessage | None = None) -> None:
        """Press the button labelled ``label`` on the newest bot message that has it."""
        candidates = [message] if message else list(reversed([m for m in await self.messages() if m.from_bot]))
        available: list[str] = []
        for wanted in (lambda t: t == label, lambda t: " ".join(t.split()).lower() == " ".join(label.split()).lower()):
            for candidate in candidates:
                for row_labels, row_data in zip(candidate.buttons, candidate.data):
                    for text, data in zip(row_labels, row_data):
                        if wanted(text):
                            await self.press_data(candidate.message_id, data or "")
                            return
        for candidate in candidates[:3]:
            available += candidate.labels
        raise AssertionError(f"no button {label!r}; buttons on the latest messages: {available}")

    async def press_data(self, message_id: int, data: str) -> None:
        result = await self.client.post("/sim/press", {"user_id": self.id, "message_id": message_id, "data": data})
        self._action = result["action"]
        self.last_callback = result["callback_query_id"]

    async def callback_answered(self) -> bool:
        return bool((await self.client.get("/sim/callback", id=self.last_callback))["answered"])

    async def block(self, blocked: bool = True) -> None:
        await self.client.post("/sim/block", {"user_id": self.id, "blocked": blocked})

    async def download(self, document: dict[str, Any]) -> bytes:
        async with self.client.session.get(f"{self.client.url}/sim/file", params={"file_id": document["file_id"]}) as r:
            r.raise_for_status()
            return await r.read()

