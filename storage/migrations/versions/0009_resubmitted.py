"""sent-back applications come back: when the missing paper arrived

Revision ID: 0009_resubmitted
Revises: 0004_broadcasts

An application sent back by /duyet (status ``returned``) returns to the queue (``submitted``)
when the applicant adds the paper through /bosung; ``resubmitted_at`` is the moment the dossier
became complete again, from which its processing time is counted (README, Decisions).  What the
applicant added is kept in ``answers["supplements"]``.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0009_resubmitted'
down_revision = '0004_broadcasts'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("applications") as batch:
        batch.add_column(sa.Column("resubmitted_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("applications") as batch:
        batch.drop_column("resubmitted_at")
