"""The database schema, as SQLAlchemy 2 typed models.

Tables hold what must survive a crash or a restart: who the users are, where each chat is in a
dialog (so any worker can serve the next message), and an audit trail of officer actions.
Personal numbers (ID, phone, bank account) are stored because the lists need them, but they
never appear in logs; see ``bot.parsing`` for the masking helpers.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any

from sqlalchemy import (
    JSON, BigInteger, Boolean, Date, DateTime, Index, Integer, String, Text, TypeDecorator,
    UniqueConstraint, false,
)
from sqlalchemy.ext.asyncio import AsyncAttrs
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> datetime:
    """Timestamps are stored in UTC; they are shown in Asia/Ho_Chi_Minh."""
    return datetime.now(timezone.utc)


class UTCDateTime(TypeDecorator[datetime]):
    """Timestamps go in as UTC and come out aware, on every backend.

    SQLite has no time zones: without this, a local (+07:00) time and a UTC time would be
    stored as two naive strings that compare wrongly.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        value = value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


class Base(AsyncAttrs, DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON}


class User(Base):
    """A Telegram user who has talked to the bot."""

    __tablename__ = "users"
    __table_args__ = (Index("ix_users_area", "current_province_code", "current_ward_code"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    first_name: Mapped[str] = mapped_column(String(128), default="")
    locale: Mapped[str] = mapped_column(String(8), default="vi")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    blocked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    # The area (today's province and commune) the user last gave: see bot.domain.areas.
    current_province_code: Mapped[str] = mapped_column(String(8), default="", server_default="")
    current_ward_code: Mapped[str] = mapped_column(String(8), default="", server_default="")
    # /tatthongbao: no announcements (personal notices still come).
    announcements_off: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")


class DialogStateRow(Base):
    """Where one chat is in one dialog; rewritten at every step.

    A chat keeps one row per dialog, so a half-filled application survives the person running an
    eligibility check in between; ``ChatSession`` says which of them is active.  ``version`` is
    bumped on every write so two workers racing on the same chat cannot both apply a step to the
    same saved state (optimistic concurrency).
    """

    __tablename__ = "dialog_states"

    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    dialog: Mapped[str] = mapped_column(String(32), primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger)
    step: Mapped[str] = mapped_column(String(64))
    seq: Mapped[int] = mapped_column(Integer, default=0)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    version: Mapped[int] = mapped_column(Integer, default=0)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ChatSession(Base):
    """Which dialog a chat is in right now (its saved state is in ``dialog_states``)."""

    __tablename__ = "chat_sessions"

    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    active_dialog: Mapped[str | None] = mapped_column(String(32), default=None)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class AuditEvent(Base):
    """One officer (or system) action, kept for accountability; details never hold raw IDs."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_actor", "actor_user_id", "at"),
                      Index("ix_audit_events_area", "province_code", "at"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    actor_user_id: Mapped[int | None] = mapped_column(BigInteger)
    action: Mapped[str] = mapped_column(String(64))
    object_type: Mapped[str] = mapped_column(String(32), default="")
    object_id: Mapped[str] = mapped_column(String(64), default="")
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # The area the action concerns (today's codes; empty: not placed) and how many records it touched.
    province_code: Mapped[str] = mapped_column(String(8), default="", server_default="")
    ward_code: Mapped[str] = mapped_column(String(8), default="", server_default="")
    count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class Application(Base):
    """A citizen's application for one policy, submitted through /nophoso."""

    __tablename__ = "applications"
    __table_args__ = (
        Index("ix_applications_policy_person", "policy_id", "id_number"),  # not unique: see 0003_privacy
        Index("ix_applications_id_number", "id_number"),
        Index("ix_applications_area", "current_province_code", "current_ward_code"),
        Index("ix_applications_status_submitted", "status", "submitted_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference_code: Mapped[str] = mapped_column(String(16), unique=True)
    user_id: Mapped[int] = mapped_column(BigInteger)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    policy_id: Mapped[str] = mapped_column(String(64))
    id_number: Mapped[str] = mapped_column(String(12))
    full_name: Mapped[str] = mapped_column(String(128))
    name_key: Mapped[str] = mapped_column(String(128))
    birth_date: Mapped[date] = mapped_column(Date)
    phone: Mapped[str] = mapped_column(String(16))
    province_code: Mapped[str] = mapped_column(String(8), default="")
    ward_code: Mapped[str] = mapped_column(String(8), default="")
    current_province_code: Mapped[str] = mapped_column(String(8), default="")
    current_ward_code: Mapped[str] = mapped_column(String(8), default="")
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(16), default="submitted")
    status_note: Mapped[str] = mapped_column(Text, default="")
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    decided_by: Mapped[int | None] = mapped_column(BigInteger, default=None)
    # Shares policy and ID number with another application: officers compare them before deciding.
    possible_duplicate: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Review (migration 0004_review): the listed reason of a refusal, when it was sent back for a
    # missing paper, and an approved amount that differs from the computed one, with its reason.
    decision_reason: Mapped[str] = mapped_column(String(32), default="", server_default="")
    sent_back_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    # Sent back, then completed by the applicant (/bosung, migration 0009): the processing time
    # runs again from this moment (README, Decisions); None for a dossier complete when filed.
    resubmitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    approved_amount: Mapped[int | None] = mapped_column(BigInteger, default=None)
    amount_reason: Mapped[str] = mapped_column(Text, default="", server_default="")


class ApprovedEntry(Base):
    """One person on an approved list for one policy (the latest import wins)."""

    __tablename__ = "approved_entries"
    __table_args__ = (
        UniqueConstraint("policy_id", "id_number", name="uq_approved_policy_person"),
        Index("ix_approved_id_number", "id_number"),
        Index("ix_approved_entries_area", "current_province_code", "current_ward_code"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    policy_id: Mapped[str] = mapped_column(String(64))
    id_number: Mapped[str] = mapped_column(String(12))
    full_name: Mapped[str] = mapped_column(String(128))
    name_key: Mapped[str] = mapped_column(String(128))
    birth_date: Mapped[date | None] = mapped_column(Date)
    sex: Mapped[str] = mapped_column(String(8), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    commune: Mapped[str] = mapped_column(String(128), default="")
    district: Mapped[str] = mapped_column(String(128), default="")
    province: Mapped[str] = mapped_column(String(128), default="")
    current_province_code: Mapped[str] = mapped_column(String(8), default="", server_default="")
    current_ward_code: Mapped[str] = mapped_column(String(8), default="", server_default="")
    amount: Mapped[int] = mapped_column(BigInteger)
    decision_number: Mapped[str] = mapped_column(String(64), default="")
    decision_date: Mapped[date | None] = mapped_column(Date)
    # Support in kind beside money (migration 0004): whole kilograms of rice, other gifts named.
    rice_kg: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    in_kind_note: Mapped[str] = mapped_column(String(255), default="", server_default="")
    row_hash: Mapped[str] = mapped_column(String(32))
    batch_id: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class PaidEntry(Base):
    """One payment recorded by a payer (post office, bank) for one person and policy."""

    __tablename__ = "paid_entries"
    __table_args__ = (
        UniqueConstraint("policy_id", "id_number", "paid_date", name="uq_paid_policy_person_date"),
        Index("ix_paid_id_number", "id_number"),
        Index("ix_paid_entries_area", "current_province_code", "current_ward_code"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    policy_id: Mapped[str] = mapped_column(String(64))
    id_number: Mapped[str] = mapped_column(String(12))
    amount: Mapped[int] = mapped_column(BigInteger)
    paid_date: Mapped[date] = mapped_column(Date)
    current_province_code: Mapped[str] = mapped_column(String(8), default="", server_default="")
    current_ward_code: Mapped[str] = mapped_column(String(8), default="", server_default="")
    payer: Mapped[str] = mapped_column(String(128), default="")
    # Support in kind beside money (migration 0004): whole kilograms of rice, other gifts named.
    rice_kg: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    in_kind_note: Mapped[str] = mapped_column(String(255), default="", server_default="")
    row_hash: Mapped[str] = mapped_column(String(32))
    batch_id: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ImportBatch(Base):
    """One uploaded list: staged for preview, then committed (all or nothing) or cancelled."""

    __tablename__ = "import_batches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="staging")
    officer_user_id: Mapped[int | None] = mapped_column(BigInteger)
    filename: Mapped[str] = mapped_column(String(255), default="")
    file_sha256: Mapped[str] = mapped_column(String(64), default="")
    policy_id: Mapped[str] = mapped_column(String(64), default="")
    decision_number: Mapped[str] = mapped_column(String(64), default="")
    decision_date: Mapped[date | None] = mapped_column(Date)
    summary: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    error_report_path: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    committed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)


class ImportRow(Base):
    """A valid row of a staged import, waiting for the officer's "Xác nhận"."""

    __tablename__ = "import_rows"
    __table_args__ = (Index("ix_import_rows_batch_row", "batch_id", "row_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    batch_id: Mapped[int] = mapped_column(Integer)
    row_number: Mapped[int] = mapped_column(Integer)
    policy_id: Mapped[str] = mapped_column(String(64))
    id_number: Mapped[str] = mapped_column(String(12))
    full_name: Mapped[str] = mapped_column(String(128), default="")
    name_key: Mapped[str] = mapped_column(String(128), default="")
    birth_date: Mapped[date | None] = mapped_column(Date)
    sex: Mapped[str] = mapped_column(String(8), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    commune: Mapped[str] = mapped_column(String(128), default="")
    district: Mapped[str] = mapped_column(String(128), default="")
    province: Mapped[str] = mapped_column(String(128), default="")
    current_province_code: Mapped[str] = mapped_column(String(8), default="", server_default="")
    current_ward_code: Mapped[str] = mapped_column(String(8), default="", server_default="")
    amount: Mapped[int] = mapped_column(BigInteger, default=0)
    decision_number: Mapped[str] = mapped_column(String(64), default="")
    decision_date: Mapped[date | None] = mapped_column(Date)
    paid_date: Mapped[date | None] = mapped_column(Date)
    payer: Mapped[str] = mapped_column(String(128), default="")
    row_hash: Mapped[str] = mapped_column(String(32))


class Subscription(Base):
    """A chat that asked to be told when a person's status changes (after proving who they are)."""

    __tablename__ = "subscriptions"
    __table_args__ = (
        UniqueConstraint("chat_id", "id_number", name="uq_subscriptions_chat_person"),
        Index("ix_subscriptions_id_number", "id_number"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    user_id: Mapped[int] = mapped_column(BigInteger)
    id_number: Mapped[str] = mapped_column(String(12))
    locale: Mapped[str] = mapped_column(String(8), default="vi")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Notification(Base):
    """A message the bot must send unprompted (outbox): written in the same transaction as the change.

    ``dedupe_key`` makes the same news impossible to queue twice for one chat; a row is claimed
    (``sending``) before it is sent, so a crash never sends it a second time.
    """

    __tablename__ = "notifications"
    __table_args__ = (
        UniqueConstraint("chat_id", "dedupe_key", name="uq_notifications_chat_key"),
        Index("ix_notifications_status", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(32))
    dedupe_key: Mapped[str] = mapped_column(String(128))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    locale: Mapped[str] = mapped_column(String(8), default="vi")
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    # Sends a crash or a timeout left undecided; each one was retried, so the person may have it twice.
    interrupted: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class LookupAttempt(Base):
    """A status lookup by a chat; failures are counted to stop anyone walking through ID numbers."""

    __tablename__ = "lookup_attempts"
    __table_args__ = (Index("ix_lookup_attempts_chat_at", "chat_id", "at"),
                      Index("ix_lookup_attempts_id_key_at", "id_key", "at"),
                      Index("ix_lookup_attempts_client_at", "client_key", "at"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The Telegram chat that asked; None for a lookup on the public web page (``client_key`` instead).
    chat_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    success: Mapped[bool] = mapped_column(Boolean, default=False)
    # A hash of the ID number looked up (never the number): failures are counted per person too.
    id_key: Mapped[str | None] = mapped_column(String(64), default=None)
    # A hash of the web client's address (never the address), for the per-address limit of /tra-cuu.
    client_key: Mapped[str | None] = mapped_column(String(64), default=None)


class Officer(Base):
    """An officer account: a Telegram user with a role over an area of today (migration 0004).

    Removing an officer sets ``removed_at``; the row stays, so the audit log can still name
    who did what.  At most one active account per user (enforced by the service).
    """

    __tablename__ = "officers"
    __table_args__ = (Index("ix_officers_user", "user_id", "removed_at"),
                      Index("ix_officers_area", "province_code", "ward_code"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger)
    role: Mapped[str] = mapped_column(String(16))
    province_code: Mapped[str] = mapped_column(String(8))
    ward_code: Mapped[str | None] = mapped_column(String(8), nullable=True, default=None)
    added_by: Mapped[int | None] = mapped_column(BigInteger, nullable=True, default=None)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime())
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True, default=None)
    removed_by: Mapped[int | None] = mapped_column(BigInteger, nullable=True, default=None)


class OfficerInvite(Base):
    """A one-time invitation link; only the SHA-256 of its code is stored."""

    __tablename__ = "officer_invites"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    province_code: Mapped[str] = mapped_column(String(8))
    ward_code: Mapped[str | None] = mapped_column(String(8), nullable=True, default=None)
    created_by: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True, default=None)
    used_by: Mapped[int | None] = mapped_column(BigInteger, nullable=True, default=None)


class Broadcast(Base):
    """One announcement an officer sends to many chats; its recipients are rows of the ledger.

    ``status`` moves scheduled -> sending -> done, with paused/cancelled on the officer's word.
    The audience is resolved into ledger rows when sending starts (so people who opted out or
    arrived before a scheduled time are counted then, not when it was written).
    """

    __tablename__ = "broadcasts"
    __table_args__ = (Index("ix_broadcasts_status", "status", "scheduled_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), default="announcement")
    created_by: Mapped[int] = mapped_column(BigInteger)
    officer_chat_id: Mapped[int] = mapped_column(BigInteger)
    province_code: Mapped[str] = mapped_column(String(8))
    ward_code: Mapped[str] = mapped_column(String(8), default="")
    audience: Mapped[str] = mapped_column(String(24))
    audience_arg: Mapped[str] = mapped_column(String(64), default="")
    text: Mapped[str] = mapped_column(Text)
    media_kind: Mapped[str] = mapped_column(String(16), default="")
    media_file_id: Mapped[str] = mapped_column(String(256), default="")
    status: Mapped[str] = mapped_column(String(16), default="scheduled")
    scheduled_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    total: Mapped[int] = mapped_column(Integer, default=0)
    progress_message_id: Mapped[int | None] = mapped_column(BigInteger, default=None)
    reported: Mapped[bool] = mapped_column(Boolean, default=False)


class BroadcastRecipient(Base):
    """The delivery ledger: one row per (broadcast, chat), claimed in the database before sending.

    pending -> sending (claimed_by a worker) -> sent | blocked | failed, or back to pending for a
    retry; a row a crash left in ``sending`` becomes ``uncertain`` (at-most-once, see README).
    """

    __tablename__ = "broadcast_recipients"
    __table_args__ = (
        UniqueConstraint("broadcast_id", "chat_id", name="uq_broadcast_recipients_chat"),
        Index("ix_broadcast_recipients_claim", "broadcast_id", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    broadcast_id: Mapped[int] = mapped_column(Integer)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    claimed_by: Mapped[str] = mapped_column(String(40), default="")
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    telegram_message_id: Mapped[int | None] = mapped_column(BigInteger, default=None)
    error: Mapped[str] = mapped_column(String(200), default="")


class PublishedArea(Base):
    """An area whose figures an officer of it chose to show on the public web page (``/congkhai``).

    One row per area (``ward_code`` empty for a province); hiding keeps the row with
    ``published`` false, so the page and the audit log agree on who decided last.
    """

    __tablename__ = "published_areas"
    __table_args__ = (UniqueConstraint("province_code", "ward_code", name="uq_published_areas_area"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    province_code: Mapped[str] = mapped_column(String(8))
    ward_code: Mapped[str] = mapped_column(String(8), default="")
    published: Mapped[bool] = mapped_column(Boolean, default=False)
    changed_by: Mapped[int] = mapped_column(BigInteger)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime())


class FiguresStamp(Base):
    """The version of the public figures: one row, bumped by every change the page shows.

    An import's commit, an approval by review and a publish/hide add one in their own transaction;
    web workers keep the figures they computed for a version and query them again only when the
    stamp moves, so a burst of visitors costs one small read, not the statistics queries.
    """

    __tablename__ = "figures_stamp"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    version: Mapped[int] = mapped_column(Integer, default=0)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime())
