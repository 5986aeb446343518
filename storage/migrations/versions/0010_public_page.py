"""the public web page: published areas, the figures' version stamp, lookups from web addresses

Revision ID: 0004_public_page
Revises: 0004_broadcasts

- published_areas: which areas' figures an officer chose to show on ``python -m bot web``'s page.
- figures_stamp: one row whose ``version`` every import commit, review approval and publish change
  bumps; web workers recompute the public figures only when it moves (several workers share it).
- lookup_attempts: ``client_key`` (a hash of the web client's address) for the per-address limit of
  /tra-cuu; ``chat_id`` may be empty for those web lookups.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004_public_page'
down_revision = '0009_resubmitted'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "published_areas",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("province_code", sa.String(8), nullable=False),
        sa.Column("ward_code", sa.String(8), nullable=False),
        sa.Column("published", sa.Boolean(), nullable=False),
        sa.Column("changed_by", sa.BigInteger(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("province_code", "ward_code", name="uq_published_areas_area"),
    )
    op.create_table(
        "figures_stamp",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
    )
    with op.batch_alter_table("lookup_attempts") as batch:
        batch.alter_column("chat_id", existing_type=sa.BigInteger(), nullable=True)
        batch.add_column(sa.Column("client_key", sa.String(64), nullable=True))
        batch.create_index("ix_lookup_attempts_client_at", ["client_key", "at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("lookup_attempts") as batch:
        batch.drop_index("ix_lookup_attempts_client_at")
        batch.drop_column("client_key")
    op.execute("DELETE FROM lookup_attempts WHERE chat_id IS NULL")
    with op.batch_alter_table("lookup_attempts") as batch:
        batch.alter_column("chat_id", existing_type=sa.BigInteger(), nullable=False)
    op.drop_table("figures_stamp")
    op.drop_table("published_areas")
