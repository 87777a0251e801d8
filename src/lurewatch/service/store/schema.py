"""The tables of the store, shared by the service code and the Alembic migrations.

Every row that belongs to a platform carries `platform_id`, and every query of the service
filters on it: that is what keeps one tenant's data out of another's reach.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
    text,
)

__all__ = [
    "ROW_ID_MAX",
    "alerts",
    "api_keys",
    "audit_log",
    "case_notes",
    "conversations",
    "decisions",
    "idempotency",
    "labels",
    "messages",
    "metadata",
    "participant_states",
    "platforms",
    "senders",
    "sessions",
    "store_meta",
    "user_platforms",
    "users",
    "webhook_attempts",
    "webhook_events",
]

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

# SQLite's INTEGER PRIMARY KEY is its rowid; BigInteger there would not autoincrement.
BigId = BigInteger().with_variant(Integer(), "sqlite")
ROW_ID_MAX = 2**63 - 1  # the largest id either database stores; a larger one names no row
Stamp = DateTime(timezone=True)

platforms = Table(
    "platforms",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("settings", JSON, nullable=False),
    Column("created_at", Stamp, nullable=False),
    # A model of its own (`lurewatch admin set-model`); NULL: the deployment's model_dir.
    Column("model_dir", String(1000)),
)

api_keys = Table(
    "api_keys",
    metadata,
    Column("id", String(40), primary_key=True),  # the public part of the key
    Column("platform_id", ForeignKey("platforms.id"), nullable=False, index=True),
    Column("secret_hash", String(64), nullable=False),  # SHA-256 of the whole key
    Column("scopes", JSON, nullable=False),
    Column("created_at", Stamp, nullable=False),
    Column("revoked_at", Stamp),
)

messages = Table(
    "messages",
    metadata,
    Column("seq", BigId, primary_key=True, autoincrement=True),
    Column("platform_id", ForeignKey("platforms.id"), nullable=False),
    Column("message_id", String(200), nullable=False),
    Column("conversation_id", String(200), nullable=False),
    Column("sender_id", String(200), nullable=False),
    Column("recipient_ids", JSON),
    Column("sent_at", Stamp, nullable=False),
    Column("received_at", Stamp, nullable=False),
    Column("text", Text, nullable=False),
    # Scores right after this message: the conversation's risk history is this column.
    Column("sender_risk", Float, nullable=False),
    Column("conversation_risk", Float, nullable=False),
    Column("labels", JSON),  # behaviour signals: [[label, start, end, confidence], ...] or null
    # Whether ingest knew the sender as a minor when this message arrived (its own context,
    # or the sender's row then), so a re-score marks them from where ingest did; NULL:
    # stored before it was recorded (0006).
    Column("sender_minor", Boolean),
    UniqueConstraint("platform_id", "message_id", name="uq_messages_platform_message"),
    Index("ix_messages_conversation", "platform_id", "conversation_id", "seq"),
    # A sender's conversations from the index alone (the sender document); without
    # conversation_id in it, SQLite went through the platform's every message instead.
    Index("ix_messages_sender", "platform_id", "sender_id", "conversation_id"),
)

conversations = Table(
    "conversations",
    metadata,
    Column("platform_id", ForeignKey("platforms.id"), primary_key=True),
    Column("conversation_id", String(200), primary_key=True),
    Column("version", Integer, nullable=False),  # +1 on every write of `state`
    Column("risk", Float, nullable=False),
    Column("level", String(16), nullable=False),
    Column("warning", Boolean, nullable=False),
    Column("warned_message_id", String(200)),
    Column("message_count", Integer, nullable=False),
    Column("first_message_at", Stamp, nullable=False),
    Column("last_message_at", Stamp, nullable=False),
    Column("state", JSON, nullable=False),  # the streaming engine's state for this conversation
    Column("updated_at", Stamp, nullable=False),
    # True once the conversation has had many participants: their states are then rows of
    # `participant_states`, written only when they change, and `state` holds the rest.
    Column("pairs_in_rows", Boolean, nullable=False, server_default=false()),
    Index("ix_conversations_last", "platform_id", "last_message_at"),
)

participant_states = Table(
    "participant_states",
    metadata,
    Column("platform_id", String(40), primary_key=True),
    Column("conversation_id", String(200), primary_key=True),
    Column("sender_id", String(200), primary_key=True),
    Column("state", JSON, nullable=False),  # the streaming engine's state for this participant
    ForeignKeyConstraint(
        ["platform_id", "conversation_id"],
        ["conversations.platform_id", "conversations.conversation_id"],
        ondelete="CASCADE",
    ),
)

senders = Table(
    "senders",
    metadata,
    Column("platform_id", ForeignKey("platforms.id"), primary_key=True),
    Column("sender_id", String(200), primary_key=True),
    Column("version", Integer, nullable=False),
    Column("risk", Float, nullable=False),
    Column("message_count", Integer, nullable=False),
    Column("declared_age", Integer),
    Column("age_band", String(16)),
    Column("account_created_at", Stamp),
    Column("state", JSON, nullable=False),
    Column("last_message_at", Stamp, nullable=False),
)

alerts = Table(
    "alerts",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("platform_id", ForeignKey("platforms.id"), nullable=False),
    Column("conversation_id", String(200), nullable=False),
    Column("sender_id", String(200), nullable=False),  # the participant whose risk fired it
    Column("status", String(16), nullable=False),  # open | closed
    Column("outcome", String(32)),  # set when closed: dismissed, actioned, reported, ...
    Column("risk", Float, nullable=False),
    Column("level", String(16), nullable=False),
    Column("trigger_message_id", String(200), nullable=False),
    Column("evidence", JSON, nullable=False),
    Column("created_at", Stamp, nullable=False),
    Column("updated_at", Stamp, nullable=False),
    Column("closed_at", Stamp),
    Column("labels", JSON, nullable=False, server_default="[]"),  # behaviours seen, for the queue
    Column("claimed_by", ForeignKey("users.id")),  # a moderator's lock on the case ...
    Column("claimed_until", Stamp),  # ... which expires
    Column("first_viewed_at", Stamp),
    # The model whose scores raised (or last updated) it; NULL: raised before it was recorded.
    Column("model_version", String(64)),
    Index("ix_alerts_platform", "platform_id", "id"),
    # The queue's counts per state (the closed ones from the index alone) and its open cases.
    Index("ix_alerts_state", "platform_id", "status", "outcome"),
    Index("ix_alerts_created", "platform_id", "created_at"),  # the statistics' weeks
    # A conversation's alerts, closed ones too (ingest, on every batch where a warning is
    # on), and a sender's (their other cases, their document).
    Index("ix_alerts_conversation", "platform_id", "conversation_id"),
    Index("ix_alerts_sender", "platform_id", "sender_id"),
    # One open alert per conversation, enforced by the database itself.
    Index(
        "uq_alerts_open_conversation",
        "platform_id",
        "conversation_id",
        unique=True,
        sqlite_where=text("status = 'open'"),
        postgresql_where=text("status = 'open'"),
    ),
)

webhook_events = Table(
    "webhook_events",
    metadata,
    Column("seq", BigId, primary_key=True, autoincrement=True),
    Column("id", String(40), nullable=False, unique=True),  # Standard Webhooks `webhook-id`
    Column("platform_id", ForeignKey("platforms.id"), nullable=False),
    Column("event_type", String(64), nullable=False),
    Column("payload", JSON, nullable=False),
    Column("created_at", Stamp, nullable=False),
    Column("status", String(16), nullable=False),  # pending | delivered | failed
    Column("attempts", Integer, nullable=False),
    Column("next_attempt_at", Stamp),
    Column("last_error", Text),
    Index("ix_webhook_events_due", "status", "next_attempt_at"),
    Index("ix_webhook_events_platform", "platform_id", "seq"),
)

webhook_attempts = Table(
    "webhook_attempts",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("event_id", ForeignKey("webhook_events.id", ondelete="CASCADE"), nullable=False),
    Column("platform_id", ForeignKey("platforms.id"), nullable=False),
    Column("attempted_at", Stamp, nullable=False),
    Column("url", Text, nullable=False),
    Column("status_code", Integer),
    Column("error", Text),
    Column("duration_ms", Float, nullable=False),
    Index("ix_webhook_attempts_event", "event_id"),
)

idempotency = Table(
    "idempotency_keys",
    metadata,
    Column("platform_id", ForeignKey("platforms.id"), primary_key=True),
    Column("key", String(200), primary_key=True),
    Column("request_hash", String(64), nullable=False),
    Column("response", JSON, nullable=False),
    Column("created_at", Stamp, nullable=False),
)

users = Table(
    "users",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("role", String(16), nullable=False),  # admin | moderator | auditor
    Column("password_hash", Text, nullable=False),
    Column("created_at", Stamp, nullable=False),
    Column("keep_blurred", Boolean, nullable=False, server_default=text("false")),
    Column("disabled_at", Stamp),
)

user_platforms = Table(  # which platforms a moderator may see (admins see all)
    "user_platforms",
    metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("platform_id", ForeignKey("platforms.id", ondelete="CASCADE"), primary_key=True),
)

sessions = Table(
    "sessions",
    metadata,
    Column("id_hash", String(64), primary_key=True),  # SHA-256 of the cookie value
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("csrf_token", String(64), nullable=False),
    Column("created_at", Stamp, nullable=False),
    Column("expires_at", Stamp, nullable=False),
    Column("ip", String(64)),
)

decisions = Table(
    "decisions",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("alert_id", ForeignKey("alerts.id"), nullable=False, index=True),
    Column("platform_id", ForeignKey("platforms.id"), nullable=False),
    Column("user_id", ForeignKey("users.id"), nullable=False),
    Column("decision", String(32), nullable=False),
    Column("reason", Text, nullable=False),
    Column("created_at", Stamp, nullable=False),
)

case_notes = Table(
    "case_notes",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("alert_id", ForeignKey("alerts.id"), nullable=False, index=True),
    Column("platform_id", ForeignKey("platforms.id"), nullable=False),
    Column("user_id", ForeignKey("users.id"), nullable=False),
    Column("text", Text, nullable=False),
    Column("created_at", Stamp, nullable=False),
)

labels = Table(  # moderators' decisions as training labels
    "labels",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("platform_id", ForeignKey("platforms.id"), nullable=False),
    Column("conversation_id", String(200), nullable=False),
    Column("sender_id", String(200), nullable=False),
    Column("label", String(32), nullable=False),  # grooming | suspicious | not_grooming
    Column("decision_id", ForeignKey("decisions.id"), nullable=False),
    Column("created_at", Stamp, nullable=False),
    Index("ix_labels_platform", "platform_id", "conversation_id"),
)

audit_log = Table(  # append-only; each entry carries the hash of the one before
    "audit_log",
    metadata,
    Column("seq", BigId, primary_key=True, autoincrement=True),
    Column("at", Stamp, nullable=False),
    Column("actor", String(200), nullable=False),  # user:NAME, api-key:ID, cli
    Column("action", String(64), nullable=False),
    Column("target", String(400), nullable=False),
    Column("detail", JSON, nullable=False),
    Column("ip", String(64)),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
)

store_meta = Table(  # facts about the store as a whole, one row per key
    "store_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    # scoring_model: {"fingerprint", "version", "model_dir"} of the detector whose scores
    # the scoring states hold (`service.scoring_model`)
    Column("value", JSON, nullable=False),
    Column("updated_at", Stamp, nullable=False),
)
