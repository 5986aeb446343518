"""The periodic job that queues the officers' daily review digest (sent by the outbox job)."""

from __future__ import annotations

from telegram.ext import ContextTypes

from bot.handlers.context import services_of


async def queue_review_digests(context: ContextTypes.DEFAULT_TYPE) -> None:
    services = services_of(context)
    if services.review_digest is not None:
        await services.review_digest.run()
