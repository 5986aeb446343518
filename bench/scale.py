"""1,000 citizens at once against one worker on SQLite, one on PostgreSQL and two on PostgreSQL,
then a model of what 1, 2, 8 and 32 workers would reach, checked against the measured runs.

    python bench/scale.py [--rows 1000000 --users 1000 --lookups 1 --db-cores 8]

Every bot is the real webhook worker (``python -m bot webhook``'s aiohttp app, in bench/worker.py,
one process each); this process plays Telegram (the local Bot API server, delivering each update
to the workers in turn with the secret header, as a load balancer would) and the citizens (a
lookup: /tracuu, the ID number, the birth date).  Measured per update: the workers' CPU (from
/proc; on SQLite it includes SQLite's own work, done in the worker), the PostgreSQL backends'
CPU (from /proc, the backends of the bench database only), this process's CPU, SQL statements
and write transactions.

The model: a worker is one Python event loop, so it answers at most 1 / (its CPU per update)
updates a second; the database answers at most (its cores) / (its CPU per update); replies have no
global Telegram limit (flood limits are per chat, about one message a second, which a person
typing never reaches; the 30/s limit is for bulk sending, which has its own budget).  Throughput
is the smallest of these.  On this machine everything shares 2 cores, so the check adds that
ceiling: 2 / (all CPU per update: workers + database + Telegram and citizens).
"""

from __future__ import annotations

import argparse
import asyncio
import math
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.fleet import (  # noqa: E402
    Delivery, Measured, Worker, approved_rows, create_pg_database, drop_pg_database, free_port, load_postgres,
    load_sqlite, measure, migrate,
)
from bot.localapi.server import LocalBotApi  # noqa: E402

FOUND = "Kết quả tra cứu"
MACHINE_CORES = 2
WORKER_COUNTS = (1, 2, 8, 32)


@dataclass(frozen=True)
class Run:
    name: str
    workers: int
    measured: Measured


async def run(name: str, workers: int, database_url: str, folder: Path, people: list[tuple[str, str]],
              users: int, lookups: int, first_user: int) -> Run:
    async with LocalBotApi() as api:
        started: list[Worker] = []
        try:
            for n in range(workers):
                started.append(await Worker.start("ansinh", api, folder, f"{name}-{n}", database_url,
                                                  webhook_port=free_port()))
            async with Delivery(api, [w.webhook_url for w in started]):
                measured = await measure(api, started, people, users, lookups, first_user=first_user, check=FOUND,
                                         database_url=database_url)
        finally:
            for worker in started:
                await worker.stop()
    return Run(name, workers, measured)


def row(r: Run) -> str:
    m = r.measured
    ms = lambda seconds: m.per_update(seconds) * 1000  # noqa: E731
    return (f"{r.name:<22} {m.load.rate:7.1f} {m.load.p50 * 1000:7.0f} {m.load.p95 * 1000:7.0f}   "
            f"{ms(m.worker_cpu):6.2f} {ms(m.db_cpu):6.2f} {ms(m.bench_cpu):6.2f}   "
            f"{m.per_update(m.statements):5.2f} {m.per_update(m.write_transactions):5.2f} {m.load.errors:4d}")


def model(one: Measured, db_cores: int) -> tuple[float, float, list[tuple[int, float, str]]]:
    """(worker capacity, database capacity, [(workers, throughput, what limits it)])."""
    worker_cap = 1 / one.per_update(one.worker_cpu)
    db_cpu = one.per_update(one.db_cpu)
    db_cap = db_cores / db_cpu if db_cpu > 0 else math.inf
    lines = []
    for n in WORKER_COUNTS:
        throughput = min(n * worker_cap, db_cap)
        lines.append((n, throughput, "workers' CPU" if n * worker_cap < db_cap else f"database ({db_cores} cores)"))
    return worker_cap, db_cap, lines


def on_this_machine(one: Measured, workers: int, others_cores: float) -> float:
    """What ``workers`` workers reach when they, PostgreSQL and the simulation share what is left of
    MACHINE_CORES after the other work measured on the machine during that run."""
    total = one.per_update(one.worker_cpu + one.db_cpu + one.bench_cpu)
    free = max(0.1, MACHINE_CORES - others_cores)
    return min(workers / one.per_update(one.worker_cpu), free / total)


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--lookups", type=int, default=1)
    parser.add_argument("--db-cores", type=int, default=8, help="cores of the PostgreSQL server in the model")
    parser.add_argument("--peak", type=float, default=1250.0,
                        help="updates/s a national deployment must answer at its peak (see README)")
    args = parser.parse_args()
    runs: list[Run] = []
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        started = time.perf_counter()
        table, people = approved_rows(args.rows)
        sqlite_db = folder / "bot.db"
        await migrate(f"sqlite+aiosqlite:///{sqlite_db}")
        sqlite_seconds = load_sqlite(sqlite_db, table)
        pg_url = await create_pg_database()
        try:
            await migrate(pg_url)
            pg_seconds = await load_postgres(pg_url, table)
            del table
            print(f"{args.rows:,} approved rows generated and loaded in {time.perf_counter() - started:.0f} s "
                  f"(SQLite insert {sqlite_seconds:.1f} s, PostgreSQL COPY {pg_seconds:.1f} s)")
            runs.append(await run("1 worker, SQLite", 1, f"sqlite:///{sqlite_db}", folder, people, args.users,
                                  args.lookups, 100_000))
            plain_pg = pg_url.replace("postgresql+asyncpg://", "postgresql://", 1)
            runs.append(await run("1 worker, PostgreSQL", 1, plain_pg, folder, people, args.users, args.lookups,
                                  200_000))
            runs.append(await run("2 workers, PostgreSQL", 2, plain_pg, folder, people, args.users, args.lookups,
                                  300_000))
        finally:
            await drop_pg_database(pg_url)

    print(f"\n{args.users} citizens at once, {args.lookups} lookup(s) each (3 messages), webhook workers")
    print(f"{'':<22} {'msg/s':>7} {'p50 ms':>7} {'p95 ms':>7}   {'CPU ms per update:':<20} "
          f"{'SQL':>5} {'write':>5} {'err':>4}")
    print(f"{'':<22} {'':>7} {'':>7} {'':>7}   {'worker':>6} {'PG':>6} {'sim':>6}   {'stmts':>5} {'tx':>5}")
    for r in runs:
        print(row(r))

    one_pg, two_pg = runs[1].measured, runs[2].measured
    worker_cap, db_cap, lines = model(one_pg, args.db_cores)
    print(f"\nmodel from the 1-worker PostgreSQL run: a worker answers at most {worker_cap:.0f} updates/s "
          f"(1 core each); PostgreSQL with {args.db_cores} cores at most {db_cap:.0f} updates/s; replies have no "
          f"global Telegram limit (assumed; 1 message/s per chat only)")
    for n, throughput, limit in lines:
        print(f"  {n:>2} workers: {throughput:8.0f} updates/s  (limited by {limit})")
    stop = math.ceil(db_cap / worker_cap) if math.isfinite(db_cap) else None
    if stop is not None:
        print(f"  growth stops at about {stop} workers: beyond that the database is the limit")
    sqlite_one = runs[0].measured
    print(f"  SQLite: one process only (one writer); at most {1 / sqlite_one.per_update(sqlite_one.worker_cpu):.0f} "
          f"updates/s on one core, whatever is added")

    workers_needed = math.ceil(args.peak / worker_cap)
    print(f"  a national peak of {args.peak:.0f} updates/s needs {workers_needed} such workers "
          f"(PostgreSQL then at {args.peak / db_cap:.0%} of {args.db_cores} cores)" if math.isfinite(db_cap)
          else f"  a national peak of {args.peak:.0f} updates/s needs {workers_needed} such workers")

    print(f"\ncheck on this machine ({MACHINE_CORES} cores shared by the workers, PostgreSQL, the simulation, "
          "and other people's work, measured from /proc/stat during each run):")
    for label, measured, n in (("1 worker", one_pg, 1), ("2 workers", two_pg, 2)):
        predicted = on_this_machine(one_pg, n, measured.others_cores)
        print(f"  {label}: others used {measured.others_cores:.2f} cores; predicted {predicted:6.1f} updates/s, "
              f"measured {measured.load.rate:6.1f} ({measured.load.rate / predicted:.2f}x the prediction)")


if __name__ == "__main__":
    asyncio.run(main())
