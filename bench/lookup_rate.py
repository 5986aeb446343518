"""Status lookups per second end to end through the local Bot API server, beside an echo bot.

    python bench/lookup_rate.py --people 100000 --users 20 --lookups 10

Both bots run on the same local server with the same update processing and the same rate limiter
(PTB's AIORateLimiter, Telegram's ~30 messages/s); each simulated user
sends the same number of messages (a lookup is /tracuu, the ID number, the birth date).
Target: lookups per second at least 80% of the echo bot's rate.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from telegram import Update  # noqa: E402
from telegram.ext import AIORateLimiter, ApplicationBuilder, ContextTypes, MessageHandler, filters  # noqa: E402

from bot.app import build_application, build_services, close_services, polling  # noqa: E402
from bot.config import load_settings  # noqa: E402
from bot.handlers.concurrency import PerChatUpdateProcessor  # noqa: E402
from bot.lists.samples import write_approved_csv  # noqa: E402
from bot.localapi.client import SimClient  # noqa: E402
from bot.localapi.server import LocalBotApi  # noqa: E402
from bot.services.imports import ImportOptions  # noqa: E402

TOKEN = "123456:BENCH-token-for-the-local-api"
LOOKUP_STEPS = (("/tracuu", 1), ("{id}", 1), ("{born}", 1))
ECHO_STEPS = (("/tracuu", 1), ("{id}", 1), ("{born}", 1))


async def drive(api: LocalBotApi, people: list[tuple[str, str]], users: int, lookups: int,
                steps: tuple[tuple[str, int], ...], check: str | None) -> float:
    client = SimClient(api.url)
    sims = [await client.user(id=50_000 + u, first_name=f"U{u}") for u in range(users)]

    async def one(u: int) -> None:
        user = sims[u]
        for n in range(lookups):
            number, born = people[(u * lookups + n) % len(people)]
            for text, replies in steps:
                await user.send(text.format(id=number, born=born))
                got = await user.replies(count=replies, timeout=30)
            if check and check not in got[0].text:
                raise AssertionError(got[0].text)

    started = time.perf_counter()
    await asyncio.gather(*(one(u) for u in range(users)))
    elapsed = time.perf_counter() - started
    await client.close()
    return users * lookups / elapsed


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if update.effective_message is not None:
        await update.effective_message.reply_text(update.effective_message.text or "")


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--lookups", type=int, default=10)
    parser.add_argument("--no-rate-limit", action="store_true",
                        help="measure raw capacity: neither bot uses the 30 messages/s flood limiter")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        csv_path = work / "approved.csv"
        write_approved_csv(csv_path, args.people, seed=3)
        settings = load_settings({"DATABASE_URL": f"sqlite:///{work / 'bot.db'}", "DATA_DIR": str(work)}, env_file=None)
        services = await build_services(settings)
        preview = await services.imports.stage(csv_path, "approved.csv", ImportOptions("approved", "nq68_unpaid_leave"), None)
        await services.imports.commit(preview.batch_id, None)
        await close_services(services)
        with sqlite3.connect(work / "bot.db") as db:
            rows = db.execute("SELECT id_number, birth_date FROM approved_entries").fetchall()
        rng = random.Random(1)
        people = [(n, "/".join(reversed(b.split("-")))) for n, b in rng.sample(rows, min(len(rows), 5000))]

        async with LocalBotApi() as api:
            local = replace(settings, telegram_api_base_url=api.base_url, telegram_file_base_url=api.base_file_url)
            services = await build_services(local)
            app = build_application(local, services, token=TOKEN, rate_limit=not args.no_rate_limit)
            async with polling(app, poll_timeout=1):
                bot_rate = await drive(api, people, args.users, args.lookups, LOOKUP_STEPS, "Kết quả tra cứu")
            await close_services(services)

        async with LocalBotApi() as api:
            builder = (ApplicationBuilder().token(TOKEN).base_url(api.base_url).base_file_url(api.base_file_url)
                       .concurrent_updates(PerChatUpdateProcessor()))
            if not args.no_rate_limit:
                builder = builder.rate_limiter(AIORateLimiter(max_retries=3))
            app = builder.build()
            app.add_handler(MessageHandler(filters.TEXT, echo))
            async with polling(app, poll_timeout=1):
                echo_rate = await drive(api, people, args.users, args.lookups, ECHO_STEPS, None)

    limiter = "without" if args.no_rate_limit else "with"
    print(f"{args.people:,} people on the approved list, {args.users} users x {args.lookups} lookups, "
          f"{limiter} the flood rate limiter")
    print(f"status lookups: {bot_rate:.1f} /s")
    print(f"echo bot, same messages: {echo_rate:.1f} /s")
    print(f"ratio: {bot_rate / echo_rate:.0%} (target >= 80%)")


if __name__ == "__main__":
    asyncio.run(main())
