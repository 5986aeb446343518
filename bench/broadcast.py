"""A broadcast through the local Bot API server with Telegram's limits on, and a citizen's reply time meanwhile.

    python bench/broadcast.py --chats 20000 --rate 1000     # paid broadcasts
    python bench/broadcast.py --chats 3000 --rate 30        # the default limit (3,000 chats: ~100 s)

The bench process hosts the local server (global limit = ``--rate``, one message a second per
chat, every ``--blocked-every``-th chat has blocked the bot); the real bot runs in a subprocess
(``python -m bot run``) on a SQLite file, as in production.  Printed: the achieved rate beside the
limit (target ≥ 95 %), duplicates (0), skipped (0: every chat that did not block the bot got it,
except rows the ledger marks uncertain), and the median/p95 reply time of a citizen chatting during
the broadcast beside the same with no broadcast (target within 1.5×).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.config import TIMEZONE  # noqa: E402
from bot.domain.areas import Area, OfficerScope, Role  # noqa: E402
from bot.localapi import botapi  # noqa: E402
from bot.localapi.client import SimClient  # noqa: E402
from bot.localapi.limits import FloodLimits  # noqa: E402
from bot.localapi.server import LocalBotApi  # noqa: E402
from bot.localapi.state import World  # noqa: E402
from bot.services.broadcasts import BroadcastDraft, BroadcastService  # noqa: E402
from bot.services.clock import Clock  # noqa: E402
from storage.database import make_engine, make_session_factory  # noqa: E402
from storage.migrate import upgrade_to_head  # noqa: E402
from storage.repositories.broadcasts import Audience, BroadcastRepository, Delivery  # noqa: E402
from tests.e2e.broadcast_setup import OFFICER_ID, PROVINCE, add_people, bot_texts  # noqa: E402

TOKEN = "123456:BENCH-TOKEN-for-the-local-bot-api"
TEXT = "<b>Thông báo</b>: chi trả hỗ trợ từ 07:00 ngày 05/12 tại UBND phường."
CITIZEN = 42


class ReplyTrace:
    """Where a citizen's reply spends its time, seen from the local server (same process, same clock):
    the update waiting to be fetched by the bot (getUpdates), the bot working until its answer arrives
    at the server, and the server telling the simulated user."""

    def __init__(self, world: World) -> None:
        self.pickups: list[float] = []   # when getUpdates handed the bot a message of the citizen
        self.answers: list[float] = []   # when the bot's answer to the citizen reached the server
        original_get_updates = botapi.METHODS["getupdates"]

        async def get_updates(world: World, params: dict) -> object:  # type: ignore[type-arg]
            result = await original_get_updates(world, params)
            if any((u.get("message") or {}).get("chat", {}).get("id") == CITIZEN for u in result):  # type: ignore[union-attr]
                self.pickups.append(time.perf_counter())
            return result

        botapi.METHODS["getupdates"] = get_updates
        original_record = world.record_output

        def record_output(chat: object, message_id: int) -> int:
            if getattr(chat, "id", None) == CITIZEN:
                self.answers.append(time.perf_counter())
            return original_record(chat, message_id)  # type: ignore[arg-type]

        world.record_output = record_output  # type: ignore[method-assign]

    def split(self, started: float, finished: float) -> tuple[float, float, float] | None:
        pickup = next((t for t in self.pickups if started <= t <= finished), None)
        answer = next((t for t in self.answers if (pickup or started) <= t <= finished), None)
        if pickup is None or answer is None:
            return None
        return pickup - started, answer - pickup, finished - answer


async def reply_times(client: SimClient, probes: int, stop: asyncio.Event | None = None,
                      trace: ReplyTrace | None = None, parts: list[tuple[float, float, float]] | None = None
                      ) -> list[float]:
    """Seconds from a citizen's message to the bot's answer, ``probes`` times (or until ``stop``)."""
    user = await client.user(id=CITIZEN, first_name="Lan")
    times: list[float] = []
    while len(times) < probes and not (stop is not None and stop.is_set()):
        started = time.perf_counter()
        await user.send("/trogiup")
        await user.replies(count=1, quiet=0.0, timeout=30)
        finished = time.perf_counter()
        times.append(finished - started)
        split = trace.split(started, finished) if trace is not None else None
        if split is not None and parts is not None:
            parts.append(split)
        await asyncio.sleep(1.5)  # a person types; faster would hit Telegram's 1 message/s per chat
    return times


def _parts(parts: list[tuple[float, float, float]]) -> str:
    if not parts:
        return "no samples"
    names = ("waiting to be fetched", "in the bot", "server to user")
    return ", ".join(f"{name} {statistics.median(p[i] for p in parts) * 1000:.0f} ms"
                     for i, name in enumerate(names)) + " (medians)"


async def loop_lag(stop: asyncio.Event) -> list[float]:
    """How late this process's event loop (the local server's) wakes a 10 ms sleep: the server's own delay."""
    lags: list[float] = []
    loop = asyncio.get_running_loop()
    while not stop.is_set():
        started = loop.time()
        await asyncio.sleep(0.01)
        lags.append(max(0.0, loop.time() - started - 0.01))
    return lags


def _summary(times: list[float]) -> str:
    if not times:
        return "no samples"
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return f"median {statistics.median(ordered) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms (n={len(ordered)})"


async def main(args: argparse.Namespace) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="bench-broadcast-"))
    db = workdir / "bot.db"
    engine = make_engine(f"sqlite+aiosqlite:///{db}")
    await upgrade_to_head(engine)
    sessions = make_session_factory(engine)
    async with LocalBotApi() as api:
        api.world.register({"id": OFFICER_ID, "first_name": "Officer"})
        chats = list(range(1_000_000, 1_000_000 + args.chats))
        await add_people(engine, api.world, chats)
        blocked = set(chats[:: args.blocked_every])
        for chat_id in blocked:
            api.world.chats[chat_id].blocked = True
        api.world.limits = FloodLimits(global_rate=args.rate, chat_rate=1.0)
        trace = ReplyTrace(api.world)
        env = {**os.environ, "BOT_TOKEN": TOKEN, "DATABASE_URL": f"sqlite:///{db}",
               "TELEGRAM_API_BASE_URL": api.base_url, "TELEGRAM_FILE_BASE_URL": api.base_file_url,
               "BOT_ADMIN_IDS": str(OFFICER_ID), "BOT_PROVINCE": PROVINCE,
               "BROADCAST_PAID": "true" if args.rate > 30 else "false", "BROADCAST_RATE": str(args.rate),
               "DATA_DIR": str(workdir / "data"), "LOG_LEVEL": os.environ.get("ANSINH_BENCH_LOG", "WARNING"),
               "PYTHONPATH": str(ROOT)}
        bot = subprocess.Popen([sys.executable, "-m", "bot", "run"], cwd=workdir, env=env,
                               stdout=subprocess.DEVNULL, stderr=(workdir / "bot.log").open("wb"))
        client = SimClient(api.url)
        try:
            await reply_times(client, 3)  # warm up (the bot's start-up)
            quiet_done = asyncio.Event()
            quiet_lag_task = asyncio.create_task(loop_lag(quiet_done))
            quiet_parts: list[tuple[float, float, float]] = []
            quiet = await reply_times(client, args.probes, trace=trace, parts=quiet_parts)
            quiet_done.set()
            quiet_lag = await quiet_lag_task

            scope = OfficerScope(OFFICER_ID, Role.PROVINCE, Area(PROVINCE))
            broadcast_id = await BroadcastService(sessions, Clock(TIMEZONE)).create(
                scope, OFFICER_ID, BroadcastDraft(TEXT, Audience.EVERYONE))
            done = asyncio.Event()
            during_parts: list[tuple[float, float, float]] = []
            during_task = asyncio.create_task(reply_times(client, 10_000, stop=done, trace=trace, parts=during_parts))
            during_lag_task = asyncio.create_task(loop_lag(done))
            while True:
                async with sessions() as session:
                    record = await BroadcastRepository(session).get(broadcast_id)
                if record is not None and record.status.value == "done":
                    break
                if bot.poll() is not None:
                    raise SystemExit("the bot died: " + (workdir / "bot.log").read_text()[-2000:])
                await asyncio.sleep(0.25)
            done.set()
            during = await during_task
            during_lag = await during_lag_task
            async with sessions() as session:
                repo = BroadcastRepository(session)
                record = await repo.get(broadcast_id)
                outcomes = await repo.outcomes_by_chat(broadcast_id)
        finally:
            bot.send_signal(signal.SIGTERM)
            try:
                bot.wait(30)
            except subprocess.TimeoutExpired:
                bot.kill()
            await client.close()
        await engine.dispose()

    assert record is not None and record.started_at and record.finished_at
    seconds = (record.finished_at - record.started_at).total_seconds()
    received = {c: bot_texts(api.world, c).count(TEXT) for c in chats}
    requests = sum(received.values()) + len(blocked)
    uncertain = sum(1 for o in outcomes.values() if o is Delivery.UNCERTAIN)
    duplicates = sum(1 for n in received.values() if n > 1)
    skipped = sum(1 for c, n in received.items() if n == 0 and c not in blocked and outcomes.get(c) is not Delivery.UNCERTAIN)
    achieved = requests / seconds
    print(f"chats {args.chats}, blocked {len(blocked)}, limit {args.rate:g}/s (+1/s per chat)")
    print(f"achieved {achieved:.1f} requests/s = {achieved / args.rate * 100:.1f}% of the limit "
          f"({sum(received.values())} delivered in {seconds:.1f} s; 429 answers {api.world.limits.rejected})")
    print(f"duplicates {duplicates}, skipped {skipped}, uncertain {uncertain}")
    print(f"citizen reply without broadcast: {_summary(quiet)}")
    print(f"citizen reply during broadcast:  {_summary(during)}")
    print(f"  where, without broadcast: {_parts(quiet_parts)}")
    print(f"  where, during broadcast:  {_parts(during_parts)}")
    print(f"local server loop lag without broadcast: {_summary(quiet_lag)}")
    print(f"local server loop lag during broadcast:  {_summary(during_lag)}")
    if quiet and during:
        print(f"ratio of medians {statistics.median(during) / statistics.median(quiet):.2f}x")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chats", type=int, default=20_000)
    parser.add_argument("--rate", type=float, default=1000.0)
    parser.add_argument("--blocked-every", type=int, default=50)
    parser.add_argument("--probes", type=int, default=15)
    asyncio.run(main(parser.parse_args()))
