"""The public page: its weight, and what a burst of visitors costs with the figures cache.

    python bench/public_page.py --people 50000 --requests 400

A province (Tỉnh Khánh Hòa, all its communes of today) with ``--people`` approved records under two
policies, two thirds of them paid, written straight into a SQLite database, published.  Prints:

- page weight of ``/``: HTML + CSS + images (the chart is inline SVG, so no image request), raw and
  gzip; beside the baseline of the same chart as the /thongke matplotlib PNG.
- ``--requests`` GETs of ``/`` (20 at a time) through a real socket: requests per second and the
  statistics statements run; beside the baseline of computing the figures for every visitor
  (what the page would cost without the cache).
Target: the page under 50 KB raw with its stylesheet; one figures computation per data version.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import random
import sys
import tempfile
import time
from datetime import date, datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import aiohttp  # noqa: E402
from aiohttp import web  # noqa: E402
from sqlalchemy import event, insert  # noqa: E402

from bot.app import build_services  # noqa: E402
from bot.config import TIMEZONE, Settings  # noqa: E402
from bot.domain.areas import Area, OfficerScope, Role  # noqa: E402
from bot.i18n import Translator  # noqa: E402
from bot.reports import area_names  # noqa: E402
from bot.reports.chart import paid_against_approved_png  # noqa: E402
from bot.services.clock import Clock  # noqa: E402
from bot.services.publication import PublicationService  # noqa: E402
from bot.web import build_web_app  # noqa: E402
from storage.models import ApprovedEntry, PaidEntry  # noqa: E402

PROVINCE = "56"
POLICIES = ("nq68_unpaid_leave", "nq68_work_stoppage")


def wards_of(province: str) -> list[str]:
    return sorted(code for code, (_name, p) in area_names._wards().items() if p == province)


async def fill(services, people: int) -> None:  # noqa: ANN001
    wards = wards_of(PROVINCE)
    rng = random.Random(7)
    now = datetime(2021, 10, 1, tzinfo=timezone.utc)
    approved, paid = [], []
    for n in range(people):
        policy, ward, amount = POLICIES[n % 2], wards[rng.randrange(len(wards))], rng.choice((1_855_000, 3_710_000))
        id_number = f"056{n:09d}"
        approved.append(dict(policy_id=policy, id_number=id_number, full_name="Người Thử", name_key="nguoi thu",
                             birth_date=date(1990, 1, 1), current_province_code=PROVINCE, current_ward_code=ward,
                             amount=amount, decision_number="1/QĐ", decision_date=date(2021, 8, 1),
                             row_hash=f"{n:032d}", batch_id=1, updated_at=now))
        if n % 3:
            paid.append(dict(policy_id=policy, id_number=id_number, amount=amount, paid_date=date(2021, 9, 1),
                             current_province_code=PROVINCE, current_ward_code=ward, row_hash=f"p{n:031d}",
                             batch_id=2))
    async with services.sessions.begin() as session:
        for start in range(0, people, 5000):
            await session.execute(insert(ApprovedEntry), approved[start:start + 5000])
        for start in range(0, len(paid), 5000):
            await session.execute(insert(PaidEntry), paid[start:start + 5000])
        await PublicationService(services.clock).set(session, OfficerScope(1, Role.PROVINCE, Area(PROVINCE)), True)


async def main(people: int, requests: int) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="ansinh-public-"))
    settings = Settings(bot_token=None, database_url=f"sqlite+aiosqlite:///{tmp / 'bench.db'}", data_dir=tmp)
    services = await build_services(settings, clock=Clock(TIMEZONE, datetime(2021, 10, 4, 9, tzinfo=TIMEZONE)))
    await fill(services, people)
    statements: list[str] = []
    event.listen(services.engine.sync_engine, "before_cursor_execute",
                 lambda _c, _cur, sql, *_a: statements.append(sql) if "approved_entries" in sql else None)
    runner = web.AppRunner(build_web_app(services, settings), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    url = f"http://127.0.0.1:{runner.addresses[0][1]}"
    async with aiohttp.ClientSession() as client:
        html = await (await client.get(url + "/", headers={"Accept-Encoding": "identity"})).read()
        sent = (await client.get(url + "/", headers={"Accept-Encoding": "gzip"}, auto_decompress=False))
        on_wire = len(await sent.read())
        css = await (await client.get(url + "/static/style.css")).read()
        computed_once = len(statements)
        semaphore = asyncio.Semaphore(20)

        async def one() -> None:
            async with semaphore:
                async with client.get(url + "/") as response:
                    assert response.status == 200
                    await response.read()

        started = time.perf_counter()
        await asyncio.gather(*(one() for _ in range(requests)))
        cached = time.perf_counter() - started
    cached_statements = len(statements) - computed_once
    assert services.public_figures is not None
    statistics = services.public_figures._statistics
    started = time.perf_counter()
    async with services.sessions() as session:
        report = await statistics.public_report(session, Area(PROVINCE))
    one_computation = time.perf_counter() - started
    png = paid_against_approved_png(report, Translator("vi"))
    await runner.cleanup()
    await services.engine.dispose()

    kb = 1024
    svg = sum(len(part.split("</svg>")[0]) + 10 for part in html.decode().split("<svg")[1:])
    print(f"province {PROVINCE}: {people} approved, {len(report.sub_areas)} communes, {requests} requests")
    print(f"page weight of /: HTML {len(html) / kb:.1f} KB (gzip {len(gzip.compress(html)) / kb:.1f} KB; "
          f"inline SVG chart {svg / kb:.1f} KB) + CSS {len(css) / kb:.1f} KB (gzip "
          f"{len(gzip.compress(css)) / kb:.1f} KB) + images 0 KB = {(len(html) + len(css)) / kb:.1f} KB "
          f"(gzip {(len(gzip.compress(html)) + len(gzip.compress(css))) / kb:.1f} KB)")
    print(f"  sent to a browser that accepts gzip: {on_wire / kb:.1f} KB for the HTML")
    print(f"  baseline: the same chart as /thongke's matplotlib PNG: {len(png) / kb:.1f} KB (one more request)")
    print(f"burst: {requests / cached:.0f} requests/s served from the cache; statements reading the approved "
          f"list during the burst: {cached_statements} (first render: {computed_once})")
    print(f"  baseline: computing the figures for each visitor: {one_computation * 1000:.0f} ms each, "
          f"at most {1 / one_computation:.1f} requests/s before rendering")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--requests", type=int, default=400)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.people, arguments.requests))
