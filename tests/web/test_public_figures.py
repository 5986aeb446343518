"""``GET /`` on SQLite and PostgreSQL: the figures equal the imported rows, only published areas,
one statistics computation between imports however many visitors, and an import changes the page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from aiohttp.test_utils import TestClient
from sqlalchemy import event

from bot.services.container import Services
from tests.web.site import (
    APPROVED_ROWS, LATE_APPROVED, TAN_DINH, OfficerScope, Role, approved_csv, expected, import_list, publish,
)


def figure(page: str, name: str, area: str = "56") -> str:
    section = page.split(f'data-area="{area}"', 1)[1].split("</section>", 1)[0]
    found = re.search(rf'data-figure="{name}">([^<]*)<', section)
    assert found, name
    return found.group(1)


def vnd(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + " đ"


@contextmanager
def figure_queries(services: Services) -> Iterator[list[str]]:
    """The statements that read the approved or paid lists (what the statistics cost)."""
    seen: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:  # noqa: ANN001 - SQLAlchemy's hook
        if "approved_entries" in statement or "paid_entries" in statement:
            seen.append(statement)

    event.listen(services.engine.sync_engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(services.engine.sync_engine, "before_cursor_execute", count)


async def test_the_page_shows_what_the_database_holds_and_nothing_personal(client: TestClient) -> None:
    response = await client.get("/")
    page = await response.text()
    want = expected()
    assert response.status == 200
    assert figure(page, "people_approved") == str(want.people_approved)
    assert figure(page, "amount_approved") == vnd(want.amount_approved)
    assert figure(page, "people_paid") == str(want.people_paid)
    assert figure(page, "amount_paid") == vnd(want.amount_paid)
    assert figure(page, "share_paid") == "60,0 %"
    assert "Phường Bắc Cam Ranh" in page and "Xã Tân Định" in page
    assert "Hà Nội" not in page  # its row was imported, but nobody published Hà Nội
    for name, _born, id_number, *_rest in APPROVED_ROWS:
        assert name not in page and id_number not in page and id_number[-3:] + "<" not in page
    assert response.headers["Cache-Control"] == "public, max-age=60"
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    assert "script" not in page.lower()


async def test_a_burst_of_visitors_costs_one_computation_and_an_import_changes_the_page(
        client: TestClient, site: Services, tmp_path: Path) -> None:
    with figure_queries(site) as queries:
        first = await (await client.get("/")).text()
        per_computation = len(queries)
        assert per_computation > 0
        for _ in range(30):
            assert await (await client.get("/")).text() == first
            assert (await client.get("/?lang=en")).status == 200
        assert len(queries) == per_computation  # the stamp is read, the lists are not
    await import_list(site, approved_csv((LATE_APPROVED,)), "approved", tmp_path, "late.csv")
    assert site.public_figures is not None
    site.public_figures._checked_at = float("-inf")  # past the stamp's few seconds of trust
    with figure_queries(site) as queries:
        after = await (await client.get("/")).text()
        assert 0 < len(queries) <= per_computation
    want = expected(APPROVED_ROWS + (LATE_APPROVED,))
    assert figure(after, "people_approved") == str(want.people_approved)
    assert figure(after, "amount_approved") == vnd(want.amount_approved)


async def test_hiding_removes_the_area_and_a_commune_may_publish_alone(client: TestClient, site: Services) -> None:
    await publish(site, published=False)
    site.public_figures._checked_at = float("-inf")  # type: ignore[union-attr]
    page = await (await client.get("/")).text()
    assert 'data-area="56"' not in page and "Bắc Cam Ranh" not in page
    await publish(site, OfficerScope(502, Role.COMMUNE, TAN_DINH))
    site.public_figures._checked_at = float("-inf")  # type: ignore[union-attr]
    page = await (await client.get("/")).text()
    assert figure(page, "people_approved", TAN_DINH.ward_code or "") == "1"
    assert "Bắc Cam Ranh" not in page


async def test_english_switch_and_headers_on_errors(client: TestClient) -> None:
    english = await (await client.get("/?lang=en")).text()
    assert '<html lang="en">' in english and "People approved" in english and 'href="/tra-cuu?lang=en"' in english
    vietnamese = await (await client.get("/")).text()
    assert '<html lang="vi">' in vietnamese and "Số người được duyệt" in vietnamese
    missing = await client.get("/no-such-page")
    assert missing.status == 404 and missing.headers["X-Content-Type-Options"] == "nosniff"
    css = await client.get("/static/style.css")
    assert css.status == 200 and "max-age=86400" in css.headers["Cache-Control"]


async def test_the_last_figures_are_shown_while_the_database_is_unreachable(client: TestClient, site: Services) -> None:
    first = await (await client.get("/")).text()
    await site.engine.dispose()
    site.public_figures._checked_at = float("-inf")  # type: ignore[union-attr]
    original = site.public_figures._sessions  # type: ignore[union-attr]

    def unreachable() -> object:
        raise OSError("connection refused")

    site.public_figures._sessions = unreachable  # type: ignore[union-attr,assignment]
    try:
        response = await client.get("/")
        assert response.status == 200 and await response.text() == first
        site.public_figures._snapshot = None  # type: ignore[union-attr]  # a worker that just started
        site.public_figures._checked_at = float("-inf")  # type: ignore[union-attr]
        busy = await client.get("/")
        assert busy.status == 503 and "thử lại sau một phút" in await busy.text()
        assert busy.headers["Cache-Control"] == "no-store"
    finally:
        site.public_figures._sessions = original  # type: ignore[union-attr]
