"""One bot process for the benches: the real bot (``ansinh``) or PTB's echo bot (``echo``).

    python bench/worker.py --kind ansinh --api http://127.0.0.1:PORT --database-url URL --data-dir DIR
                           --stats FILE [--webhook-port P --secret S]

Runs in its own process so that the benches can read its CPU time from /proc (the bot's own cost,
apart from the load generator and the local Bot API server that play Telegram and the citizens).
Long polling by default; with ``--webhook-port`` it serves ``python -m bot webhook``'s aiohttp app
(the real webhook worker) and the bench delivers the updates.  On SIGUSR1 it writes what it saw
to ``--stats`` (updates, SQL statements, write transactions, seconds spent in the database
driver); SIGTERM stops it cleanly.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import signal
import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from telegram import Update  # noqa: E402
from telegram.ext import ApplicationBuilder, ContextTypes, MessageHandler, TypeHandler, filters  # noqa: E402

from bot.app import build_application, build_services, close_services, polling, serving  # noqa: E402
from bot.config import load_settings  # noqa: E402
from bot.handlers.concurrency import PerChatUpdateProcessor  # noqa: E402
from bot.webhook import WebhookOptions, webhook_server  # noqa: E402
from storage.statements import StatementCounter  # noqa: E402

TOKEN = "123456:BENCH-token-for-the-local-api"


async def _echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if update.effective_message is not None:
        await update.effective_message.reply_text(update.effective_message.text or "")


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kind", choices=("ansinh", "echo"), required=True)
    parser.add_argument("--api", required=True, help="the local Bot API server's URL")
    parser.add_argument("--database-url", default="")
    parser.add_argument("--data-dir", default="")
    parser.add_argument("--stats", required=True)
    parser.add_argument("--webhook-port", type=int, default=0)
    parser.add_argument("--secret", default="bench-secret-of-the-webhook")
    args = parser.parse_args()

    updates = 0

    async def count(_update: object, _context: object) -> None:
        nonlocal updates
        updates += 1

    counter = StatementCounter()
    services = None
    if args.kind == "ansinh":
        settings = replace(load_settings({"DATABASE_URL": args.database_url, "DATA_DIR": args.data_dir},
                                         env_file=None),
                           telegram_api_base_url=f"{args.api}/bot", telegram_file_base_url=f"{args.api}/file/bot")
        services = await build_services(settings)
        counter.attach(services.engine)
        application = build_application(settings, services, token=TOKEN, webhook=bool(args.webhook_port))
    else:
        builder = (ApplicationBuilder().token(TOKEN).base_url(f"{args.api}/bot")
                   .base_file_url(f"{args.api}/file/bot").concurrent_updates(PerChatUpdateProcessor()))
        if args.webhook_port:
            builder = builder.updater(None)
        application = builder.build()
        application.add_handler(MessageHandler(filters.TEXT, _echo))
    application.add_handler(TypeHandler(Update, count), group=-1)

    def write_stats() -> None:
        Path(args.stats).write_text(json.dumps({
            "updates": updates, "statements": len(counter.statements), "write_transactions": counter.write_transactions,
            "commits": counter.commits, "db_seconds": counter.seconds, "checkouts": counter.checkouts}))

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGUSR1, write_stats)
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_signal_handler(signal.SIGINT, stop.set)
    try:
        if args.webhook_port:
            async with serving(application):
                async with webhook_server(application, WebhookOptions(port=args.webhook_port, secret=args.secret)):
                    print("ready", flush=True)
                    await stop.wait()
        else:
            async with polling(application, poll_timeout=1):
                print("ready", flush=True)
                await stop.wait()
    finally:
        if services is not None:
            with contextlib.suppress(Exception):
                await close_services(services)


if __name__ == "__main__":
    if os.environ.get("BENCH_PROFILE"):  # where the bot's CPU goes: python -m pstats FILE
        import cProfile

        kind = sys.argv[sys.argv.index("--kind") + 1]
        cProfile.run("asyncio.run(main())", f"{os.environ['BENCH_PROFILE']}.{kind}.{os.getpid()}")
    else:
        asyncio.run(main())
