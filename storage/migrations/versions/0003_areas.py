"""place records and users in today's province and commune

Revision ID: 0003
Revises: 0002

Approved and paid entries (and staged import rows) get the codes of the province and commune of
today they belong to, converted from the old address of a 2020-2021 list; applications already
have them.  Users get the area they last gave (application address or a found record), so a
broadcast can reach "everyone who has used the bot there".  Empty string = not placed yet.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

_PLACED = ("approved_entries", "paid_entries", "import_rows", "users")


def upgrade() -> None:
    for table in _PLACED:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("current_province_code", sa.String(8), nullable=False, server_default=""))
            batch.add_column(sa.Column("current_ward_code", sa.String(8), nullable=False, server_default=""))
    for table in ("approved_entries", "paid_entries", "applications", "users"):
        op.create_index(f"ix_{table}_area", table, ["current_province_code", "current_ward_code"])


def downgrade() -> None:
    for table in ("approved_entries", "paid_entries", "applications", "users"):
        op.drop_index(f"ix_{table}_area", table_name=table)
    for table in _PLACED:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("current_ward_code")
            batch.drop_column("current_province_code")
