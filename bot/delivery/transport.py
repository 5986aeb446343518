"""What one bulk send can come to, and the HTTP transport that maps Bot API answers onto it."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol



class SendKind(StrEnum):
    SENT = "sent"
    RETRY_AFTER = "retry_after"    # 429: wait, then the same row again
    UNREACHABLE = "unreachable"    # 403 blocked, or the chat no longer exists
    REFUSED = "refused"            # Telegram refuses the message itself: retrying cannot help
    PASSING = "passing"            # the request did not get through: retry a bounded number of times
    UNCERTAIN = "uncertain"        # timed out after sending: it may have arrived, never resend


@dataclass(frozen=True)
class SendResult:
    kind: SendKind
    message_id: int | None = None
    retry_after: float = 0.0
    error: str = ""


@dataclass(frozen=True)
class Announcement:
    """The message every recipient gets: Telegram HTML text, optionally with one photo or document."""

    text: str
    media_kind: str = ""      # "" | "photo" | "document"
    media_file_id: str = ""


class Transport(Protocol):
    async def send(self, chat_id: int, message: Announcement) -> SendResult: ...


class HttpTransport:
    """Bulk sends as plain JSON POSTs to the Bot API over one aiohttp connection pool.

    PTB's Bot builds a full ``Message`` object for every answer; a broadcast needs only the message
    id, and at 1000 messages a second that difference is most of the CPU (measured about 4× more
    sends per second on the development machine).  The answers map onto :class:`SendResult`
    onto the same outcomes PTB's errors would (429, 403, chat not found, refused, network).
    """

    def __init__(self, base_url: str, token: str, *, connections: int = 64, timeout: float = 10.0) -> None:
        self._url = f"{base_url}{token}/"
        self._connections = connections
        self._timeout = timeout
        self._session: Any = None

    async def start(self) -> None:
        import aiohttp

        self._session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=self._connections),
                                              timeout=aiohttp.ClientTimeout(total=self._timeout))

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def send(self, chat_id: int, message: Announcement) -> SendResult:
        import aiohttp

        if self._session is None:
            await self.start()
        assert self._session is not None
        if message.media_kind in ("photo", "document"):
            method = "sendPhoto" if message.media_kind == "photo" else "sendDocument"
            body = {"chat_id": chat_id, message.media_kind: message.media_file_id, "caption": message.text,
                    "parse_mode": "HTML"}
        else:
            method, body = "sendMessage", {"chat_id": chat_id, "text": message.text, "parse_mode": "HTML"}
        try:
            async with self._session.post(self._url + method, json=body) as response:
                answer = await response.json(content_type=None)
        except asyncio.TimeoutError:
            return SendResult(SendKind.UNCERTAIN, error="timed out")  # it may have arrived
        except (aiohttp.ClientConnectionError, aiohttp.ClientPayloadError, ValueError) as error:
            if isinstance(error, aiohttp.ServerDisconnectedError):
                return SendResult(SendKind.UNCERTAIN, error="server disconnected")
            return SendResult(SendKind.PASSING, error=type(error).__name__)
        return classify(answer)


def classify(answer: dict[str, object]) -> SendResult:
    """A Bot API answer as a :class:`SendResult`."""
    if answer.get("ok"):
        result = answer.get("result")
        message_id = result.get("message_id") if isinstance(result, dict) else None
        return SendResult(SendKind.SENT, message_id=int(message_id) if message_id is not None else None)
    code = int(answer.get("error_code") or 0)  # type: ignore[call-overload]
    description = str(answer.get("description") or "")
    if code == 429:
        parameters = answer.get("parameters")
        retry_after = parameters.get("retry_after", 1) if isinstance(parameters, dict) else 1
        return SendResult(SendKind.RETRY_AFTER, retry_after=float(retry_after), error=description)
    if code == 403:
        return SendResult(SendKind.UNREACHABLE, error=description)
    if code == 400:
        lowered = description.lower()
        unreachable = "chat not found" in lowered or "user is deactivated" in lowered
        return SendResult(SendKind.UNREACHABLE if unreachable else SendKind.REFUSED, error=description)
    return SendResult(SendKind.PASSING, error=description or str(code))
