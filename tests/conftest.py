"""Shared fixtures: databases (SQLite file and a fresh PostgreSQL database), a fixed clock.

PostgreSQL tests use the server on 127.0.0.1:5432 (override with ANSINH_TEST_POSTGRES_URL).  When
it cannot be reached they are skipped on a developer machine but FAIL in CI (CI=true), so a
broken service can never turn into a silently green run.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.config import TIMEZONE
from storage.database import make_engine
from storage.migrate import upgrade_to_head

PG_ADMIN_URL = os.environ.get("ANSINH_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
FIXED_NOW = datetime(2026, 11, 25, 9, 30, tzinfo=TIMEZONE)


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


async def _create_pg_database() -> str:
    import asyncpg

    name = f"ansinh_test_{uuid.uuid4().hex[:12]}"
    try:
        connection = await asyncpg.connect(PG_ADMIN_URL, timeout=5)
    except (OSError, asyncpg.PostgresError) as error:
        message = f"PostgreSQL is not reachable at {PG_ADMIN_URL}: {error}"
        if _in_ci():
            pytest.fail(message + " (required in CI)")
        pytest.skip(message)
    try:
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    return f"{base}/{name}".replace("postgresql://", "postgresql+asyncpg://", 1)


async def _drop_pg_database(url: str) -> None:
    import asyncpg

    name = url.rsplit("/", 1)[1]
    connection = await asyncpg.connect(PG_ADMIN_URL, timeout=5)
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await connection.close()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """Each test gets an empty database of each kind."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'test.db'}"
        return
    url = await _create_pg_database()
    try:
        yield url
    finally:
        await _drop_pg_database(url)


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = make_engine(database_url)
    await upgrade_to_head(engine)
    try:
        yield engine
    finally:
        await engine.dispose()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
