"""``python -m bot webhook``: serve Telegram's webhook, a health check and metrics with aiohttp.

Several such workers, on one machine or many, behind one load balancer, serve one bot: every
piece of state that must be shared (dialog state, rate limits, notice and broadcast ledgers)
lives in the database, so any worker can take any update.

* ``POST <path>``: an update from Telegram.  The ``X-Telegram-Bot-Api-Secret-Token`` header must
  equal the configured secret (compared in constant time); anything else is refused with 403
  before the body is read.  The update is queued for handling and acknowledged at once, as long
  polling acknowledges it: Telegram waits for no reply, and a slow import never times it out.
* ``GET /healthz``: 200 when this worker can reach the database, 503 otherwise (the load
  balancer takes it out of rotation until the database is back).
* ``GET /metrics``: Prometheus text format (updates, errors, latency, queue depth).
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass

from aiohttp import web
from sqlalchemy import text
from telegram import Update
from telegram.ext import Application

from bot.metrics import METRICS_KEY, BotMetrics

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_UPDATE_BYTES = 1 << 20  # Telegram's updates are small; a larger body is not from Telegram
HEALTH_TIMEOUT_SECONDS = 2.0


@dataclass(frozen=True)
class WebhookOptions:
    host: str = "127.0.0.1"
    port: int = 8443
    path: str = "/telegram"
    secret: str = ""


def build_web_app(application: Application, options: WebhookOptions) -> web.Application:  # type: ignore[type-arg]
    """The aiohttp app of one worker; ``application`` must be running (see ``bot.app.serving``)."""
    metrics: BotMetrics = application.bot_data[METRICS_KEY]
    engine = application.bot_data["services"].engine

    async def receive(request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not options.secret or not hmac.compare_digest(given.encode(), options.secret.encode()):
            return web.Response(status=403)
        if (request.content_length or 0) > MAX_UPDATE_BYTES:
            return web.Response(status=413)
        try:
            payload = json.loads(await request.read())
            update = Update.de_json(payload, application.bot)
        except (ValueError, TypeError, KeyError):
            return web.Response(status=400)
        if update is None:
            return web.Response(status=400)
        await application.update_queue.put(update)
        return web.Response(status=200)

    async def healthz(_request: web.Request) -> web.Response:
        try:
            async with asyncio.timeout(HEALTH_TIMEOUT_SECONDS):
                async with engine.connect() as connection:
                    await connection.execute(text("SELECT 1"))
        except Exception as error:  # noqa: BLE001 - any failure means "not healthy"
            log.warning("health check: database unreachable (%s)", type(error).__name__)
            return web.json_response({"status": "database unreachable"}, status=503)
        return web.json_response({"status": "ok"})

    async def metrics_page(_request: web.Request) -> web.Response:
        return web.Response(body=metrics.render(), headers={"Content-Type": metrics.content_type})

    app = web.Application(client_max_size=MAX_UPDATE_BYTES)
    app.router.add_post(options.path, receive)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/metrics", metrics_page)
    return app


@contextlib.asynccontextmanager
async def webhook_server(application: Application, options: WebhookOptions) -> AsyncIterator[int]:  # type: ignore[type-arg]
    """Serve the webhook for the block; yields the port actually bound (``port=0`` picks one)."""
    runner = web.AppRunner(build_web_app(application, options), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, options.host, options.port)
    await site.start()
    sockets = getattr(site._server, "sockets", None) or []  # noqa: SLF001 - aiohttp exposes no public getter
    port = sockets[0].getsockname()[1] if sockets else options.port
    try:
        yield port
    finally:
        await runner.cleanup()
