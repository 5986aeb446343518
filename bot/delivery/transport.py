"""What one bulk send can come to, and the Telegram transport that maps Bot API answers onto it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut


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


class TelegramTransport:
    """Sends through its own :class:`telegram.Bot` (own connection pool, no reply rate limiter)."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def send(self, chat_id: int, message: Announcement) -> SendResult:
        try:
            if message.media_kind == "photo":
                sent = await self.bot.send_photo(chat_id, message.media_file_id, caption=message.text,
                                                 parse_mode=ParseMode.HTML)
            elif message.media_kind == "document":
                sent = await self.bot.send_document(chat_id, message.media_file_id, caption=message.text,
                                                    parse_mode=ParseMode.HTML)
            else:
                sent = await self.bot.send_message(chat_id, message.text, parse_mode=ParseMode.HTML,
                                                   link_preview_options=None)
        except RetryAfter as error:
            seconds = error.retry_after
            return SendResult(SendKind.RETRY_AFTER, retry_after=float(getattr(seconds, "total_seconds",
                                                                                lambda: seconds)()))
        except Forbidden as error:
            return SendResult(SendKind.UNREACHABLE, error=error.message)
        except BadRequest as error:
            unreachable = "chat not found" in error.message.lower() or "user is deactivated" in error.message.lower()
            return SendResult(SendKind.UNREACHABLE if unreachable else SendKind.REFUSED, error=error.message)
        except TimedOut as error:
            return SendResult(SendKind.UNCERTAIN, error=error.message)
        except NetworkError as error:
            return SendResult(SendKind.PASSING, error=error.message)
        return SendResult(SendKind.SENT, message_id=sent.message_id)
