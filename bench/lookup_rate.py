"""Status lookups against PTB's echo bot, same local Bot API server, same run.

    python bench/lookup_rate.py [--rows 1000000 --users 200 --lookups 3] [--db-cache FILE]

200 simulated citizens at once each make a few lookups (/tracuu, the ID number, the birth date:
three messages, one reply each) against a 1,000,000-row approved list on SQLite (WAL), the bot
running as its own process (bench/worker.py, long polling, as ``python -m bot run`` does).  Then
PTB's echo bot (same update processor, its own process) gets the same messages from the same
number of citizens.  Printed: messages answered per second and p50/p95 reply time of each, the
ratios, the bot's CPU and database time per update, and SQL statements per update.
Target: >= 0.8x echo's messages per second and p95 <= 1.5x echo's.

The list is bulk-inserted straight into the table (bench/fleet.py); ``--db-cache FILE`` keeps the
loaded database to copy on later runs.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.fleet import Measured, Worker, approved_rows, load_sqlite, measure, migrate  # noqa: E402
from bot.localapi.server import LocalBotApi  # noqa: E402

FOUND = "Kết quả tra cứu"


async def prepare(db: Path, rows: int, cache: Path | None) -> list[tuple[str, str]]:
    started = time.perf_counter()
    if cache is not None and cache.exists():
        shutil.copyfile(cache, db)
        with sqlite3.connect(db) as connection:
            count = connection.execute("SELECT count(*) FROM approved_entries").fetchone()[0]
            sample = connection.execute("SELECT id_number, birth_date FROM approved_entries "
                                        "WHERE id % 50 = 7 LIMIT 20000").fetchall()
        if count == rows:
            print(f"list of {rows:,} rows copied from {cache} ({time.perf_counter() - started:.1f} s)")
            random.Random(1).shuffle(sample)
            return [(number, "/".join(str(int(part)) for part in reversed(born.split("-")))) for number, born in sample]
    table, people = approved_rows(rows)
    await migrate(f"sqlite+aiosqlite:///{db}")
    seconds = load_sqlite(db, table)
    print(f"list of {rows:,} rows generated and bulk-inserted in {time.perf_counter() - started:.1f} s "
          f"(insert {seconds:.1f} s)")
    if cache is not None:
        shutil.copyfile(db, cache)
    return people


async def run(kind: str, folder: Path, people: list[tuple[str, str]], users: int, lookups: int,
              database_url: str = "") -> Measured:
    async with LocalBotApi() as api:
        worker = await Worker.start(kind, api, folder, kind, database_url)
        try:
            return await measure(api, [worker], people, users, lookups, first_user=10_000,
                                 check=FOUND if kind == "ansinh" else None)
        finally:
            await worker.stop()


def line(name: str, m: Measured) -> str:
    return (f"{name:<16} {m.load.rate:8.1f} msg/s   p50 {m.load.p50 * 1000:7.0f} ms   p95 {m.load.p95 * 1000:7.0f} ms"
            f"   CPU per update: bot {m.per_update(m.worker_cpu) * 1000:5.2f} ms, Telegram's side "
            f"{m.per_update(m.bench_cpu) * 1000:5.2f} ms   errors {m.load.errors}")


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--lookups", type=int, default=3)
    parser.add_argument("--db-cache", type=Path, default=None)
    parser.add_argument("--bot-only", action="store_true", help="skip the echo bot (while iterating)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        db = folder / "bot.db"
        people = await prepare(db, args.rows, args.db_cache)
        bot = await run("ansinh", folder, people, args.users, args.lookups, f"sqlite:///{db}")
        if args.bot_only:
            print(line("status lookups", bot))
            print(f"bot per update: {bot.per_update(bot.statements):.2f} SQL statements")
            return
        echo = await run("echo", folder, people, args.users, args.lookups)
    rate, p95 = bot.load.rate / echo.load.rate, bot.load.p95 / echo.load.p95
    print(f"{args.rows:,} people on the approved list (SQLite, WAL); {args.users} citizens at once x "
          f"{args.lookups} lookups x 3 messages")
    print(line("status lookups", bot))
    print(line("echo bot", echo))
    print(f"bot per update: {bot.per_update(bot.statements):.2f} SQL statements, "
          f"{bot.per_update(bot.write_transactions):.2f} write transactions, "
          f"{bot.per_update(bot.checkouts):.2f} connection checkouts (units of work), "
          f"{bot.per_update(bot.db_driver_seconds) * 1000:.2f} ms in the database driver (wall)")
    print(f"ratio messages/s: {rate:.2f}x echo (target >= 0.8x)   {'met' if rate >= 0.8 else 'NOT met'}")
    print(f"ratio p95 reply:  {p95:.2f}x echo (target <= 1.5x)   {'met' if p95 <= 1.5 else 'NOT met'}")


if __name__ == "__main__":
    asyncio.run(main())
