"""The migrations are the schema: they match the models, and they upgrade a filled database.

A deployment upgrades a database that already holds approved lists, payments and half-filled
dialogs; a migration that loses or mangles them would lose citizens' answers and officers'
imports.  Both tests run on SQLite and on PostgreSQL.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.database import make_engine
from storage.migrate import MIGRATIONS_DIR, _alembic_config, current_revision, upgrade_to_head
from storage.models import Base


def _revisions() -> list[str]:
    """Every revision from the first to the head, in order (the chain must be linear)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    script = ScriptDirectory.from_config(config)
    assert len(script.get_heads()) == 1, f"migrations have several heads: {script.get_heads()}"
    return [r.revision for r in reversed(list(script.walk_revisions()))]


async def _upgrade(engine: AsyncEngine, revision: str) -> None:
    async with engine.begin() as connection:
        await connection.run_sync(lambda sync: command.upgrade(_alembic_config(sync), revision))


async def test_the_models_and_the_migrations_describe_the_same_schema(engine: AsyncEngine) -> None:
    def differences(sync_connection) -> list:  # type: ignore[no-untyped-def]
        context = MigrationContext.configure(sync_connection, opts={"compare_type": False})
        return compare_metadata(context, Base.metadata)

    async with engine.connect() as connection:
        diff = await connection.run_sync(differences)
    assert diff == []


async def test_a_filled_database_upgrades_from_the_first_migration_to_the_last(database_url: str) -> None:
    revisions = _revisions()
    engine = make_engine(database_url)
    try:
        await _upgrade(engine, "0002")
        now = datetime(2021, 8, 1, 3, 0, tzinfo=timezone.utc).replace(tzinfo=None)
        async with engine.begin() as c:
            await c.execute(text(
                "INSERT INTO users (id, chat_id, first_name, locale, created_at, last_seen_at) "
                "VALUES (11, 11, 'Lan', 'vi', :now, :now)"), {"now": now})
            await c.execute(text(
                "INSERT INTO dialog_states (chat_id, dialog, user_id, step, seq, data, version, started_at, "
                "updated_at) VALUES (11, 'apply', 11, 'field', 3, :data, 1, :now, :now)"),
                {"data": '{"answers": {"full_name": "Nguyễn Thị Lan"}}', "now": now})
            await c.execute(text(
                "INSERT INTO approved_entries (policy_id, id_number, full_name, name_key, birth_date, sex, address, "
                "commune, district, province, amount, decision_number, decision_date, row_hash, batch_id, "
                "updated_at) VALUES ('nq68-unpaid-leave', '079190000001', 'Nguyễn Thị Lan', 'nguyen thi lan', "
                ":born, 'Nữ', '', 'Phường Tân Định', 'Quận 1', 'Thành phố Hồ Chí Minh', 1855000, '123/QĐ-UBND', "
                ":born, 'h', 1, :now)"), {"born": date(1990, 1, 1), "now": now})
            await c.execute(text(
                "INSERT INTO applications (reference_code, user_id, chat_id, policy_id, id_number, full_name, "
                "name_key, birth_date, phone, province_code, ward_code, current_province_code, current_ward_code, "
                "answers, status, status_note, submitted_at) VALUES ('HS-2108-AAAAA', 11, 11, 'nq68-unpaid-leave', "
                "'079190000001', 'Nguyễn Thị Lan', 'nguyen thi lan', :born, '+84912345678', '79', '26734', '79', "
                "'26737', '{}', 'submitted', '', :now)"), {"born": date(1990, 1, 1), "now": now})
        await upgrade_to_head(engine)
        assert await current_revision(engine) == revisions[-1]
        async with engine.connect() as c:
            answers = (await c.execute(text("SELECT data FROM dialog_states WHERE chat_id = 11"))).scalar_one()
            approved = (await c.execute(text(
                "SELECT full_name, amount FROM approved_entries WHERE id_number = '079190000001'"))).one()
            application = (await c.execute(text(
                "SELECT reference_code, phone FROM applications WHERE chat_id = 11"))).one()
        assert "Nguyễn Thị Lan" in (answers if isinstance(answers, str) else str(answers))
        assert tuple(approved) == ("Nguyễn Thị Lan", 1855000)
        assert tuple(application) == ("HS-2108-AAAAA", "+84912345678")
    finally:
        await engine.dispose()
