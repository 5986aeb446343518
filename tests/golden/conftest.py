"""Golden conversations run the real bot (the e2e harness) on SQLite only: they compare texts, and
the texts do not depend on the database, so running them again on PostgreSQL would prove nothing."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import api, bot, client  # noqa: F401  (the e2e fixtures, reused as they are)


@pytest.fixture
async def e2e_database_url(sqlite_url: str) -> str:
    return sqlite_url
