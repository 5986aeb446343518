"""How long a citizen waits for /start while an officer's file is being read.

The bot runs against the local Bot API server.  A citizen sends /start again and again (each after
the previous answer) while, in turn:

1. nothing else happens (the baseline);
2. an officer sends a 2 MB CSV with a million columns through the chat (issue 7: it used to keep
   the citizen waiting 164 s; now it is refused at its first row);
3. a valid list of ``--rows`` rows is read into staging by the import service in the same process
   (a long read: the reading runs in a worker thread, so the event loop keeps answering).

Prints the slowest and the median reply of each.  Target: under one second while any file is read.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.app import build_application, build_services, close_services, polling  # noqa: E402
from bot.config import load_settings  # noqa: E402
from bot.lists.samples import generate_approved_csv  # noqa: E402
from bot.localapi.client import SimClient, SimUser  # noqa: E402
from bot.localapi.server import LocalBotApi  # noqa: E402
from bot.services.imports import ImportOptions, ImportRefused  # noqa: E402

TOKEN = "123456:BENCH-token-for-the-local-api"
OFFICER_ID = 900_001


async def ping_while(citizen: SimUser, work: Awaitable[object]) -> list[float]:
    """Reply times of /start, one after another, until ``work`` is done (at least one)."""
    task = asyncio.ensure_future(work)
    times: list[float] = []
    while not task.done() or not times:
        started = time.perf_counter()
        await citizen.send("/start")
        got = await citizen.replies(count=1, quiet=0.0, timeout=600)
        times.append(time.perf_counter() - started)
        if not got or "Xin chào" not in got[0].text:
            raise AssertionError("the citizen got no menu")
    await task
    return times


def report(label: str, times: list[float]) -> None:
    print(f"{label:<58} {len(times):>4} replies   slowest {max(times):6.3f} s   median "
          f"{statistics.median(times):6.3f} s")


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000, help="rows of the valid list read in step 3")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        wide = ("Họ và tên,Số CCCD,Số tiền\n" + ",".join(["1"] * 1_000_000) + "\n").encode("utf-8")
        valid = work / "approved.csv"
        generate_approved_csv(valid, args.rows, seed=5)
        settings = load_settings({"DATABASE_URL": f"sqlite:///{work / 'bot.db'}", "DATA_DIR": str(work),
                                  "BOT_ADMIN_IDS": str(OFFICER_ID)}, env_file=None)
        async with LocalBotApi() as api:
            local = replace(settings, telegram_api_base_url=api.base_url, telegram_file_base_url=api.base_file_url)
            services = await build_services(local)
            app = build_application(local, services, token=TOKEN)
            async with polling(app, poll_timeout=1):
                client = SimClient(api.url)
                citizen = await client.user(id=900_002, first_name="Lan")
                officer = await client.user(id=OFFICER_ID, first_name="Cán bộ")
                report("/start, nothing else running", await ping_while(citizen, asyncio.sleep(3)))

                async def million_columns() -> None:
                    await officer.upload("danh-sach.csv", wide, "text/csv")
                    await officer.replies(count=1, quiet=0.0, timeout=600)
                    await officer.press("Danh sách được duyệt")
                    answer = await officer.replies(timeout=600)
                    if not any("256 cột" in m.text for m in answer):
                        raise AssertionError([m.text for m in answer])

                report("/start while the million-column CSV is sent and refused",
                       await ping_while(citizen, million_columns()))

                async def long_read() -> None:
                    assert services.imports is not None
                    try:
                        preview = await services.imports.stage(
                            valid, "approved.csv", ImportOptions("approved", "nq68_unpaid_leave", "1/QĐ"), None)
                    except ImportRefused as refused:
                        raise AssertionError(refused.code) from refused
                    await services.imports.cancel(preview.batch_id, None)

                started = time.perf_counter()
                times = await ping_while(citizen, long_read())
                report(f"/start while {args.rows:,} rows are read ({time.perf_counter() - started:.0f} s)", times)
                await client.close()
            await close_services(services)


if __name__ == "__main__":
    asyncio.run(main())
