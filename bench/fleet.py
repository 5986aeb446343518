"""What bench/lookup_rate.py and bench/scale.py share: a million-row list loaded in seconds, bot
processes (bench/worker.py) to start, measure and stop, webhook delivery, and simulated citizens.

The list is written straight into ``approved_entries`` (SQLite: executemany in one transaction;
PostgreSQL: COPY through asyncpg), after the migrations made the schema: the import command's
own speed is bench/import_speed.py's business, not these benches'.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
import random
import signal
import sqlite3
import statistics
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.lists.samples import people as sample_people  # noqa: E402
from bot.localapi import sim  # noqa: E402
from bot.localapi.server import LocalBotApi  # noqa: E402
from bot.localapi.state import World  # noqa: E402
from bot.parsing.names import name_key  # noqa: E402
from bot.webhook import SECRET_HEADER  # noqa: E402
from storage.database import make_engine  # noqa: E402
from storage.migrate import upgrade_to_head  # noqa: E402

PG_ADMIN_URL = os.environ.get("ANSINH_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
POLICY = "nq68_unpaid_leave"
COLUMNS = ("policy_id", "id_number", "full_name", "name_key", "birth_date", "sex", "address", "commune", "district",
           "province", "current_province_code", "current_ward_code", "amount", "decision_number", "decision_date",
           "rice_kg", "in_kind_note", "row_hash", "batch_id", "updated_at")
CLK_TCK = os.sysconf("SC_CLK_TCK")
SECRET = "bench-secret-of-the-webhook"


# -- the approved list ---------------------------------------------------------------------------

def approved_rows(n: int, seed: int = 3) -> tuple[list[tuple[Any, ...]], list[tuple[str, str]]]:
    """``n`` rows of an approved list and a sample of (ID number, birth date as typed) to look up."""
    keys: dict[str, str] = {}
    rows: list[tuple[Any, ...]] = []
    now = "2026-12-01 00:00:00.000000"
    for p in sample_people(n, seed):
        full = p.full_name
        key = keys.get(full)
        if key is None:
            key = keys[full] = name_key(full)
        rows.append((POLICY, p.id_number, full, key, p.birth_date, p.sex, "", p.commune, p.district, p.province,
                     "", "", 3_710_000, "1234/QĐ-UBND", "2021-08-20", 0, "", "", 1, now))
    rows.sort(key=lambda r: r[1])  # in index order: B-tree pages are appended to, not split at random
    rng = random.Random(1)
    picked = rng.sample(rows, min(len(rows), 20_000))
    return rows, [(r[1], f"{r[4].day}/{r[4].month}/{r[4].year}") for r in picked]


async def migrate(url: str) -> None:
    engine = make_engine(url)
    try:
        await upgrade_to_head(engine)
    finally:
        await engine.dispose()


def load_sqlite(path: Path, rows: list[tuple[Any, ...]]) -> float:
    """Bulk insert into the migrated SQLite file; seconds taken."""
    started = time.perf_counter()
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA synchronous=OFF")
        db.execute("PRAGMA cache_size=-262144")  # 256 MB: the two ID indexes stay in memory while they grow
        db.executemany(f"INSERT INTO approved_entries ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})",
                       ((*r[:4], r[4].isoformat(), *r[5:]) for r in rows))
    return time.perf_counter() - started


async def load_postgres(url: str, rows: list[tuple[Any, ...]]) -> float:
    """COPY into the migrated PostgreSQL database; seconds taken."""
    import asyncpg
    from datetime import date, datetime, timezone

    started = time.perf_counter()
    connection = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://"))
    stamp = datetime(2026, 12, 1, tzinfo=timezone.utc)
    decided = date(2021, 8, 20)
    try:
        await connection.copy_records_to_table(
            "approved_entries", columns=list(COLUMNS),
            records=((*r[:14], decided, *r[15:19], stamp) for r in rows))
        await connection.execute("ANALYZE approved_entries")
    finally:
        await connection.close()
    return time.perf_counter() - started


async def create_pg_database() -> str:
    import asyncpg

    name = f"ansinh_bench_{uuid.uuid4().hex[:10]}"
    connection = await asyncpg.connect(PG_ADMIN_URL, timeout=5)
    try:
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
    return f"{PG_ADMIN_URL.rsplit('/', 1)[0]}/{name}".replace("postgresql://", "postgresql+asyncpg://", 1)


async def drop_pg_database(url: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(PG_ADMIN_URL, timeout=5)
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')
    finally:
        await connection.close()


async def pg_backend_cpu(url: str) -> float:
    """CPU seconds used so far by the PostgreSQL backends serving ``url``'s database (from /proc)."""
    import asyncpg

    connection = await asyncpg.connect(PG_ADMIN_URL, timeout=5)
    try:
        pids = [r[0] for r in await connection.fetch("SELECT pid FROM pg_stat_activity WHERE datname = $1",
                                                       url.rsplit("/", 1)[1])]
    finally:
        await connection.close()
    return sum(process_cpu(pid) for pid in pids)


def process_cpu(pid: int) -> float:
    """User + system CPU seconds of a process, all its threads included (0 if it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def own_cpu() -> float:
    return time.process_time()


def machine_busy() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine so far, all cores (/proc/stat)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:9]]
    user, nice, system, idle, iowait, irq, softirq, steal = fields
    busy = user + nice + system + irq + softirq + steal
    return busy / CLK_TCK, (busy + idle + iowait) / CLK_TCK


# -- bot processes --------------------------------------------------------------------------------

@dataclass
class Worker:
    """A bench/worker.py process."""

    process: subprocess.Popen[bytes]
    stats_path: Path
    webhook_url: str = ""

    @classmethod
    async def start(cls, kind: str, api: LocalBotApi, folder: Path, name: str, database_url: str = "",
                    webhook_port: int = 0) -> Worker:
        stats = folder / f"{name}.stats.json"
        data = folder / f"{name}-data"
        command = [sys.executable, str(ROOT / "bench" / "worker.py"), "--kind", kind, "--api", api.url,
                   "--database-url", database_url, "--data-dir", str(data), "--stats", str(stats)]
        if webhook_port:
            command += ["--webhook-port", str(webhook_port), "--secret", SECRET]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=(folder / f"{name}.log").open("wb"))
        assert process.stdout is not None
        line = await asyncio.to_thread(process.stdout.readline)
        if b"ready" not in line:
            raise RuntimeError(f"worker {name} did not start; see {folder / (name + '.log')}: "
                               + (folder / f"{name}.log").read_text()[-2000:])
        url = f"http://127.0.0.1:{webhook_port}/telegram" if webhook_port else ""
        return cls(process, stats, url)

    def cpu(self) -> float:
        return process_cpu(self.process.pid)

    async def stats(self) -> dict[str, float]:
        self.stats_path.unlink(missing_ok=True)
        self.process.send_signal(signal.SIGUSR1)
        for _ in range(200):
            if self.stats_path.exists():
                with contextlib.suppress(ValueError):
                    return json.loads(self.stats_path.read_text())  # type: ignore[no-any-return]
            await asyncio.sleep(0.02)
        raise RuntimeError("the worker wrote no figures")

    async def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                await asyncio.to_thread(self.process.wait, 30)
            except subprocess.TimeoutExpired:
                self.process.kill()


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Delivery:
    """Plays Telegram's webhook side: posts each update the local server holds to the workers in
    turn, with the secret header, as a load balancer in front of them would."""

    def __init__(self, api: LocalBotApi, urls: list[str]) -> None:
        self.api, self.urls = api, urls
        self._next = itertools.cycle(urls)
        self._task: asyncio.Task[None] | None = None
        self._session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0))

    async def __aenter__(self) -> Delivery:
        self._task = asyncio.create_task(self._run())
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._task is not None
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        await self._session.close()

    async def _run(self) -> None:
        world = self.api.world
        while True:
            async with world.changed:
                await world.changed.wait_for(lambda: bool(world.updates))
            updates, world.updates = world.updates, []
            for update in updates:
                asyncio.create_task(self._post(next(self._next), update))

    async def _post(self, url: str, update: dict[str, Any]) -> None:
        async with self._session.post(url, json=update, headers={SECRET_HEADER: SECRET}) as response:
            if response.status != 200:
                raise RuntimeError(f"the worker refused an update: {response.status}")


# -- citizens -------------------------------------------------------------------------------------

@dataclass
class Load:
    """Messages answered, over how long, and each message's reply time."""

    messages: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    errors: int = 0

    @property
    def rate(self) -> float:
        return self.messages / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies) if self.latencies else float("nan")

    @property
    def p95(self) -> float:
        return self.percentile(95)


LOOKUP = ("/tracuu", "{id}", "{born}")


class Citizen:
    """A simulated user driven in this process, straight on the local server's world: the citizens
    cost no HTTP of their own, so the bench's CPU goes to playing Telegram for the bots (their
    getUpdates, sendMessage and webhook posts), not to simulating people."""

    def __init__(self, world: World, user_id: int) -> None:
        self.world, self.id = world, user_id
        self._after = 0

    async def say(self, text: str, timeout: float) -> str | None:
        """Send ``text``; the text of the bot's first reply, or None if none came in time."""
        self._after = (await sim.user_sends_text(self.world, self.id, text))["action"]
        replies = await sim.wait_outputs(self.world, self.id, self._after, timeout=timeout, count=1)
        chat = self.world.chat(self.id)
        assert chat is not None
        self._after = max((seq for seq, _ in chat.outputs), default=self._after)
        return str(replies[-1]["text"]) if replies else None


async def citizens(api: LocalBotApi, people: list[tuple[str, str]], users: int, lookups: int, *,
                   first_user: int, check: str | None, timeout: float = 120.0) -> Load:
    """``users`` people at once, each making ``lookups`` lookups (3 messages, one reply each)."""
    world = api.world
    sims = []
    for u in range(users):
        world.register({"id": first_user + u, "first_name": f"Dân {u}", "language_code": "vi"})
        sims.append(Citizen(world, first_user + u))
    load = Load()

    async def one(u: int) -> None:
        user = sims[u]
        for n in range(lookups):
            number, born = people[(u * lookups + n) % len(people)]
            last: str | None = None
            for text in LOOKUP:
                sent = time.perf_counter()
                last = await user.say(text.format(id=number, born=born), timeout)
                if last is None:
                    load.errors += 1
                    continue
                load.latencies.append(time.perf_counter() - sent)
                load.messages += 1
            if check and (last is None or check not in last):
                load.errors += 1

    started = time.perf_counter()
    await asyncio.gather(*(one(u) for u in range(users)))
    load.seconds = time.perf_counter() - started
    return load


@dataclass
class Measured:
    """One run: the load, and the CPU and database time it cost, per update."""

    load: Load
    worker_cpu: float  # seconds, all bot processes
    bench_cpu: float  # seconds, this process (local Bot API server + simulated citizens)
    db_cpu: float  # seconds, PostgreSQL backends (0 on SQLite: its work is in the worker's CPU)
    db_driver_seconds: float  # wall seconds inside the database driver, all workers
    others_cores: float  # cores busy with everything else on the machine meanwhile (other people's work)
    statements: int
    write_transactions: int
    updates: int
    checkouts: int = 0  # database connections taken from the pool (units of work), all workers

    def per_update(self, value: float) -> float:
        return value / self.updates if self.updates else float("nan")


async def measure(api: LocalBotApi, workers: list[Worker], people: list[tuple[str, str]], users: int,
                  lookups: int, *, first_user: int, check: str | None, database_url: str = "") -> Measured:
    """Run the citizens against running workers, with a short warm-up first."""
    await citizens(api, people[::-1], min(users, 20), 1, first_user=first_user + 500_000, check=check)
    before = [await w.stats() for w in workers]
    cpu0 = sum(w.cpu() for w in workers)
    bench0 = own_cpu()
    busy0, _total0 = machine_busy()
    db0 = await pg_backend_cpu(database_url) if database_url.startswith("postgresql") else 0.0
    load = await citizens(api, people, users, lookups, first_user=first_user, check=check)
    db1 = await pg_backend_cpu(database_url) if database_url.startswith("postgresql") else 0.0
    cpu1 = sum(w.cpu() for w in workers)
    bench1 = own_cpu()
    busy1, _total1 = machine_busy()
    after = [await w.stats() for w in workers]

    def delta(key: str) -> float:
        return sum(a[key] - b[key] for a, b in zip(after, before))

    ours = (cpu1 - cpu0) + (bench1 - bench0) + max(0.0, db1 - db0)
    others = max(0.0, (busy1 - busy0) - ours) / load.seconds if load.seconds else 0.0
    return Measured(load, cpu1 - cpu0, bench1 - bench0, max(0.0, db1 - db0), delta("db_seconds"), others,
                    int(delta("statements")), int(delta("write_transactions")), int(delta("updates")),
                    int(delta("checkouts")))
