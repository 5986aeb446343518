"""broadcasts and their delivery ledger; users may turn announcements off

Revision ID: 0004_broadcasts
Revises: 0004_in_kind

A broadcast is one announcement; ``broadcast_recipients`` holds one row per chat, claimed in the
database before sending so several workers share one broadcast without sending twice.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004_broadcasts'
down_revision = '0004_in_kind'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("announcements_off", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_table(
        "broadcasts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("created_by", sa.BigInteger(), nullable=False),
        sa.Column("officer_chat_id", sa.BigInteger(), nullable=False),
        sa.Column("province_code", sa.String(8), nullable=False),
        sa.Column("ward_code", sa.String(8), nullable=False),
        sa.Column("audience", sa.String(24), nullable=False),
        sa.Column("audience_arg", sa.String(64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("media_kind", sa.String(16), nullable=False),
        sa.Column("media_file_id", sa.String(256), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("scheduled_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("progress_message_id", sa.BigInteger(), nullable=True),
        sa.Column("reported", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_broadcasts_status", "broadcasts", ["status", "scheduled_at"])
    op.create_table(
        "broadcast_recipients",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("broadcast_id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_by", sa.String(40), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("telegram_message_id", sa.BigInteger(), nullable=True),
        sa.Column("error", sa.String(200), nullable=False),
        sa.UniqueConstraint("broadcast_id", "chat_id", name="uq_broadcast_recipients_chat"),
    )
    op.create_index("ix_broadcast_recipients_claim", "broadcast_recipients",
                    ["broadcast_id", "status", "next_attempt_at"])


def downgrade() -> None:
    op.drop_index("ix_broadcast_recipients_claim", table_name="broadcast_recipients")
    op.drop_table("broadcast_recipients")
    op.drop_index("ix_broadcasts_status", table_name="broadcasts")
    op.drop_table("broadcasts")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("announcements_off")
