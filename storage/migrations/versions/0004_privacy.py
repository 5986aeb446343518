"""Privacy and crash-safety: duplicate applications kept and flagged, per-ID lookup counting,
notices interrupted by a crash counted.

- applications: the unique (policy_id, id_number) constraint goes (a stranger who typed someone's
  ID first must not lock the real person out); a plain index keeps the lookups fast, and
  ``possible_duplicate`` flags every application that shares policy and ID with another one.
- lookup_attempts: ``id_key``, a hash of the ID number looked up (never the number itself), so
  failed lookups can be counted per person across chats.
- notifications: ``interrupted`` counts the sends a crash or a timeout left undecided; such a
  notice is sent again and may arrive twice (see README, "Decisions").

Revision ID: 0003_privacy
Revises: 0003
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_privacy"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.drop_constraint("uq_applications_policy_person", type_="unique")
        batch_op.add_column(sa.Column("possible_duplicate", sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.create_index("ix_applications_policy_person", ["policy_id", "id_number"], unique=False)
    with op.batch_alter_table("lookup_attempts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("id_key", sa.String(length=64), nullable=True))
        batch_op.create_index("ix_lookup_attempts_id_key_at", ["id_key", "at"], unique=False)
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.add_column(sa.Column("interrupted", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.drop_column("interrupted")
    with op.batch_alter_table("lookup_attempts", schema=None) as batch_op:
        batch_op.drop_index("ix_lookup_attempts_id_key_at")
        batch_op.drop_column("id_key")
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.drop_index("ix_applications_policy_person")
        batch_op.drop_column("possible_duplicate")
        batch_op.create_unique_constraint("uq_applications_policy_person", ["policy_id", "id_number"])
