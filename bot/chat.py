"""``python -m bot chat``: try the real bot in a terminal, without Telegram or a token.

Starts the project's local Bot API server in-process, runs the real bot against it (same
composition root, same database as ``run``), and lets the person type messages and press
buttons by number.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import Path

from bot.app import build_application, build_services, close_services, polling
from bot.config import Settings
from bot.i18n import DEFAULT_LOCALE, Translator
from bot.localapi.client import SimClient
from bot.localapi.server import LocalBotApi
from bot.localapi.terminal import run_terminal_chat

LOCAL_TOKEN = "1000000001:local-bot-api-token-for-the-terminal"


async def run_chat(settings: Settings, *, user_id: int, first_name: str) -> int:
    async with LocalBotApi(host="127.0.0.1", port=0) as api:
        local = replace(settings, telegram_api_base_url=api.base_url, telegram_file_base_url=api.base_file_url)
        services = await build_services(local)
        application = build_application(local, services, token=LOCAL_TOKEN)
        try:
            async with polling(application, poll_timeout=1):
                tr = Translator(DEFAULT_LOCALE)
                print(tr._("ansinh-bot in your terminal. Type /start to begin, a number to press a button "
                           "(when the question asks for a number, a number is the answer; put ' before it to send "
                           "it as text anyway, e.g. '24), /file PATH to send a file, /quit to leave."), flush=True)
                client = SimClient(api.url)
                try:
                    user = await client.user(id=user_id, first_name=first_name, language_code="vi")
                    await run_terminal_chat(
                        user,
                        read_line=lambda: asyncio.to_thread(_read_line),
                        write=lambda text: print(text, flush=True),
                        download_dir=Path(settings.data_dir) / "downloads",
                    )
                finally:
                    await client.close()
        finally:
            await close_services(services)
    return 0


def _read_line() -> str | None:
    try:
        return input("> ")
    except EOFError:
        return None
