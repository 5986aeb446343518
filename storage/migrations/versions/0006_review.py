"""review on time and an append-only audit trail

Revision ID: 0004_review
Revises: 0005_officers

Applications get what a decision needs beyond approve/reject: the reason chosen from the list
(``decision_reason``), the paper asked for when an application is sent back (``sent_back_at``,
the note stays in ``status_note``) and the amount approved when the officer changed the one the
rules computed (``approved_amount`` with ``amount_reason``).  Audit events get the area they
concern and how many records they touched, so /nhatky can filter by area; UPDATE and DELETE on
``audit_events`` are refused by triggers on both backends: the log is append-only.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004_review'
down_revision = '0005_officers'
branch_labels = None
depends_on = None

_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only';
END;
$$ LANGUAGE plpgsql
"""


def upgrade() -> None:
    with op.batch_alter_table("applications") as batch:
        batch.add_column(sa.Column("decision_reason", sa.String(32), nullable=False, server_default=""))
        batch.add_column(sa.Column("sent_back_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("approved_amount", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("amount_reason", sa.Text(), nullable=False, server_default=""))
    op.create_index("ix_applications_status_submitted", "applications", ["status", "submitted_at"])
    with op.batch_alter_table("audit_events") as batch:
        batch.add_column(sa.Column("province_code", sa.String(8), nullable=False, server_default=""))
        batch.add_column(sa.Column("ward_code", sa.String(8), nullable=False, server_default=""))
        batch.add_column(sa.Column("count", sa.Integer(), nullable=False, server_default="0"))
    op.create_index("ix_audit_events_area", "audit_events", ["province_code", "at"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_PG_FUNCTION)
        op.execute("CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events "
                   "FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()")
        op.execute("CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events "
                   "FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()")
    else:
        op.execute("CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events "
                   "BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END")
        op.execute("CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events "
                   "BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_truncate ON audit_events")
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_change ON audit_events")
        op.execute("DROP FUNCTION IF EXISTS audit_events_append_only()")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_delete")
    op.drop_index("ix_audit_events_area", table_name="audit_events")
    with op.batch_alter_table("audit_events") as batch:
        batch.drop_column("count")
        batch.drop_column("ward_code")
        batch.drop_column("province_code")
    op.drop_index("ix_applications_status_submitted", table_name="applications")
    with op.batch_alter_table("applications") as batch:
        batch.drop_column("amount_reason")
        batch.drop_column("approved_amount")
        batch.drop_column("sent_back_at")
        batch.drop_column("decision_reason")
