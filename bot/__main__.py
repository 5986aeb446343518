"""Command line: ``python -m bot [run|chat|web|demo|migrate|import|officers|i18n …]``.

With no command the bot runs against Telegram when BOT_TOKEN is set, and otherwise opens the
terminal chat against the built-in local Bot API server, so a fresh checkout is usable at once.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys

from bot.config import ConfigError, Settings, load_settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot", description="ansinh-bot")
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("run", help="long-poll Telegram (needs BOT_TOKEN)")
    webhook = sub.add_parser("webhook", help="serve Telegram's webhook, /healthz and /metrics (one worker)")
    webhook.add_argument("--host", default="127.0.0.1")
    webhook.add_argument("--port", type=int, default=8443)
    webhook.add_argument("--path", default="/telegram", help="the URL path Telegram posts updates to")
    web_page = sub.add_parser("web", help="serve the public page: figures (/) and status lookup (/tra-cuu)")
    web_page.add_argument("--host", default="127.0.0.1")
    web_page.add_argument("--port", type=int, default=8080)
    chat = sub.add_parser("chat", help="try the bot in this terminal, no Telegram token needed")
    chat.add_argument("--user-id", type=int, default=None,
                      help="Telegram user id to play (default: the first BOT_ADMIN_IDS entry, else 1001)")
    chat.add_argument("--name", default="Bạn", help="first name to play")
    demo = sub.add_parser("demo", help="the bot in a browser on synthetic data: local server, bot and /demo page")
    demo.add_argument("--host", default="127.0.0.1", help="listen address (keep 127.0.0.1: not for the internet)")
    demo.add_argument("--port", type=int, default=8080)
    demo.add_argument("--people", type=int, default=120, help="approved people in the synthetic lists")
    sub.add_parser("migrate", help="apply database migrations and exit")
    from bot.cli_import import add_arguments

    add_arguments(sub.add_parser("import", help="import an approved or paid list from a file"))
    from bot.cli_officers import add_arguments as officer_arguments

    officer_arguments(sub.add_parser("officers", help="officer accounts: add, list, remove"))
    from bot import cli_export

    cli_export.add_arguments(sub.add_parser("export", help="write the /thongke or /trunglap .xlsx of an area"))
    i18n = sub.add_parser("i18n", help="translation catalogs")
    i18n.add_argument("action", choices=["extract", "update", "compile", "check"])
    args = parser.parse_args(argv)

    try:
        settings = load_settings()
    except ConfigError as error:
        print(f"Configuration error: {error}", file=sys.stderr)
        return 2

    from bot.app import configure_logging

    command = args.command or ("run" if settings.bot_token else "chat")
    if command == "i18n":
        from bot import i18n_tools

        return i18n_tools.main(args.action)
    configure_logging(settings.log_level if command not in ("chat", "demo") else "WARNING")
    if command == "run":
        if settings.bot_token is None:
            print("Configuration error: BOT_TOKEN is not set: put the token from @BotFather in the "
                  "environment or in .env (or run `python -m bot chat` to try the bot locally).", file=sys.stderr)
            return 2
        return asyncio.run(_run(settings))
    if command == "webhook":
        if settings.bot_token is None or settings.webhook_secret is None:
            print("Configuration error: the webhook needs BOT_TOKEN and WEBHOOK_SECRET (and WEBHOOK_URL on the "
                  "worker that registers the webhook with Telegram).", file=sys.stderr)
            return 2
        return asyncio.run(_webhook(settings, args.host, args.port, args.path))
    if command == "web":
        return asyncio.run(_web(settings, args.host, args.port))
    if command == "chat":
        from bot.chat import run_chat

        user_id = getattr(args, "user_id", None) or min(settings.admin_ids, default=1001)
        return asyncio.run(run_chat(settings, user_id=user_id, first_name=getattr(args, "name", "Bạn")))
    if command == "demo":
        from demo.runner import DemoOptions, run_demo  # demo data lives in the demo package, not in bot/

        if args.people < 1:
            print("--people must be at least 1", file=sys.stderr)
            return 2
        return asyncio.run(run_demo(settings, DemoOptions(host=args.host, port=args.port, people=args.people)))
    if command == "migrate":
        return asyncio.run(_migrate(settings))
    if command == "import":
        from bot.cli_import import run_import

        return asyncio.run(run_import(settings, args))
    if command == "officers":
        from bot.cli_officers import run_officers

        return asyncio.run(run_officers(settings, args))
    if command == "export":
        return asyncio.run(cli_export.run_export(settings, args))
    parser.print_help()
    return 2


async def _run(settings: Settings) -> int:
    from bot.app import build_application, build_services, close_services, polling

    services = await build_services(settings)
    application = build_application(settings, services)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        async with polling(application):
            print("ansinh-bot is running (long polling). Press Ctrl+C to stop.", flush=True)
            await stop.wait()
    finally:
        await close_services(services)
    return 0


async def _webhook(settings: Settings, host: str, port: int, path: str) -> int:
    from telegram import Update

    from bot.app import build_application, build_services, close_services, serving
    from bot.webhook import WebhookOptions, webhook_server

    assert settings.webhook_secret is not None
    services = await build_services(settings)
    application = build_application(settings, services, webhook=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    options = WebhookOptions(host=host, port=port, path=path, secret=settings.webhook_secret.value)
    try:
        async with serving(application), webhook_server(application, options) as bound:
            if settings.webhook_url:
                await application.bot.set_webhook(settings.webhook_url, secret_token=options.secret,
                                                  allowed_updates=Update.ALL_TYPES)
            print(f"ansinh-bot webhook worker on http://{host}:{bound}{path} (/healthz, /metrics). "
                  "Press Ctrl+C to stop.", flush=True)
            await stop.wait()
    finally:
        await close_services(services)
    return 0


async def _web(settings: Settings, host: str, port: int) -> int:
    """The public page alone (no bot token needed); several can run behind a proxy on one database."""
    from aiohttp import web

    from bot.app import build_services, close_services
    from bot.web import build_web_app

    services = await build_services(settings)
    runner = web.AppRunner(build_web_app(services, settings), access_log=None)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        await runner.setup()
        site = web.TCPSite(runner, host, port)
        await site.start()
        print(f"ansinh-bot public page on http://{host}:{port}/ (/tra-cuu). Press Ctrl+C to stop.", flush=True)
        await stop.wait()
    finally:
        await runner.cleanup()
        await close_services(services)
    return 0


async def _migrate(settings: Settings) -> int:
    from storage.database import make_engine
    from storage.migrate import current_revision, upgrade_to_head

    engine = make_engine(settings.database_url)
    await upgrade_to_head(engine)
    print(f"database at revision {await current_revision(engine)}")
    await engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
