"""support in kind beside money on approved and paid lists

Revision ID: 0004_in_kind
Revises: 0004_review

Offices gave rice (kilograms) and gifts beside money in 2020-2021, and councils supervised both.
``rice_kg`` is whole kilograms (0 = none); ``in_kind_note`` names any other gift ("1 thùng mì").
Both are optional and default to nothing, so existing rows and imports are unchanged.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004_in_kind'
down_revision = '0004_review'
branch_labels = None
depends_on = None

_TABLES = ("approved_entries", "paid_entries")


def upgrade() -> None:
    for table in _TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("rice_kg", sa.Integer(), nullable=False, server_default="0"))
            batch.add_column(sa.Column("in_kind_note", sa.String(255), nullable=False, server_default=""))


def downgrade() -> None:
    for table in _TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("in_kind_note")
            batch.drop_column("rice_kg")
