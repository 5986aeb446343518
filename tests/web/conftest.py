"""A filled public site per database (SQLite and PostgreSQL) and an aiohttp test client on it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.services.container import Services
from bot.web import build_web_app
from tests.web.site import fill, open_services, publish


@pytest.fixture
async def site(database_url: str, tmp_path: Path) -> AsyncIterator[Services]:
    services = await open_services(database_url, tmp_path)
    await fill(services, tmp_path)
    await publish(services)
    try:
        yield services
    finally:
        await services.engine.dispose()


@pytest.fixture
async def client(site: Services) -> AsyncIterator[TestClient]:  # type: ignore[type-arg]
    async with TestClient(TestServer(build_web_app(site, site.settings))) as test_client:
        yield test_client
