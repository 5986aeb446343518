"""Alembic environment: runs migrations on the connection handed over by ``storage.migrate``.

The bot applies migrations itself at start-up, so there is no alembic.ini with a URL to keep in
sync; ``alembic`` on the command line can still be used through ``python -m bot migrate``.
"""

from __future__ import annotations

from alembic import context

from storage.models import Base

target_metadata = Base.metadata
connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reached when alembic is misused directly
    raise RuntimeError("Run migrations through `python -m bot migrate`, which supplies the connection.")

context.configure(
    connection=connection,
    target_metadata=target_metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
