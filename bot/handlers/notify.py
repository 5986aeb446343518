"""The repeating job that sends queued status notices (see ``bot.services.notifications``)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.ext import ContextTypes

from bot.delivery.transport import SendKind, SendResult

from bot.dialogs.notices import render_notice
from bot.domain.notices import OutgoingNotice
from bot.handlers.context import services_of
from bot.handlers.render import send_screens
from bot.i18n import Translator

# Per run (every NOTIFY_INTERVAL_SECONDS): about 20 a second, leaving room under Telegram's 30 a
# second for the replies citizens are waiting for.
NOTICES_PER_RUN = 40


async def send_notifications(context: ContextTypes.DEFAULT_TYPE) -> None:
    services = services_of(context)
    if services.notifications is None:
        return

    async def send(notice: OutgoingNotice) -> SendResult:
        screen = render_notice(notice.kind, notice.payload, Translator(notice.locale), services.rules)
        return await deliver(lambda: send_screens(context.bot, notice.chat_id, [screen]))

    await services.notifications.send_due(send, limit=NOTICES_PER_RUN)


async def deliver(send: Callable[[], Awaitable[object]]) -> SendResult:
    """Telegram's answer to one send, in the terms the notification service understands."""
    try:
        await send()
    except RetryAfter as error:
        wait = error.retry_after
        return SendResult(SendKind.RETRY_AFTER, retry_after=wait.total_seconds() if hasattr(wait, "total_seconds")
                          else float(wait))
    except Forbidden as error:
        return SendResult(SendKind.UNREACHABLE, error=str(error))
    except BadRequest as error:
        return SendResult(SendKind.REFUSED, error=str(error))
    except TimedOut:
        return SendResult(SendKind.UNCERTAIN, error="timed out")
    except NetworkError as error:
        return SendResult(SendKind.PASSING, error=str(error))
    return SendResult(SendKind.SENT)
