"""officer accounts by area and one-time invitations

Revision ID: 0005_officers
Revises: 0003_privacy

``officers``: who is an officer of which area with which role (removal keeps the row).
``officer_invites``: one-time links (SHA-256 of the code only), valid 48 hours.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0005_officers'
down_revision = '0003_privacy'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "officers",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("province_code", sa.String(8), nullable=False),
        sa.Column("ward_code", sa.String(8), nullable=True),
        sa.Column("added_by", sa.BigInteger(), nullable=True),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("removed_by", sa.BigInteger(), nullable=True),
    )
    op.create_index("ix_officers_user", "officers", ["user_id", "removed_at"])
    op.create_index("ix_officers_area", "officers", ["province_code", "ward_code"])
    op.create_table(
        "officer_invites",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("code_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("province_code", sa.String(8), nullable=False),
        sa.Column("ward_code", sa.String(8), nullable=True),
        sa.Column("created_by", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("used_by", sa.BigInteger(), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("officer_invites")
    op.drop_index("ix_officers_area", table_name="officers")
    op.drop_index("ix_officers_user", table_name="officers")
    op.drop_table("officers")
