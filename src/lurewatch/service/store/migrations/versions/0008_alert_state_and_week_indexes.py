"""indexes on alerts for the review queue, the statistics, and lookups by conversation and
sender: ix_alerts_state, ix_alerts_created, ix_alerts_conversation, ix_alerts_sender; and
ix_messages_sender with conversation_id

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30

The console's queue counts a platform's alerts per state and pages through the open ones;
the statistics read the alerts raised in the weeks shown. Without these indexes each went
through every alert the platform ever had, months of closed ones included:
`ix_alerts_state` (platform_id, status, outcome) counts the closed ones on its own and finds
the open ones, `ix_alerts_created` (platform_id, created_at) the weeks' alerts. Ingest reads
a conversation's alerts, closed ones too, on every batch in which its warning is on, and the
case page and sender document a sender's: only open ones were indexed (the unique
one-open-alert-per-conversation index), so each went through the platform's every alert;
`ix_alerts_conversation` and `ix_alerts_sender` find them. The sender document lists the
conversations a sender wrote in: with (platform_id, sender_id) alone, SQLite's planner went
through the platform's every message in conversation order instead; with conversation_id
added, `ix_messages_sender` answers it on its own.
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_alerts_state", "alerts", ["platform_id", "status", "outcome"])
    op.create_index("ix_alerts_created", "alerts", ["platform_id", "created_at"])
    op.create_index("ix_alerts_conversation", "alerts", ["platform_id", "conversation_id"])
    op.create_index("ix_alerts_sender", "alerts", ["platform_id", "sender_id"])
    op.drop_index("ix_messages_sender", table_name="messages")
    op.create_index(
        "ix_messages_sender", "messages", ["platform_id", "sender_id", "conversation_id"]
    )


def downgrade() -> None:
    op.drop_index("ix_messages_sender", table_name="messages")
    op.create_index("ix_messages_sender", "messages", ["platform_id", "sender_id"])
    op.drop_index("ix_alerts_sender", table_name="alerts")
    op.drop_index("ix_alerts_conversation", table_name="alerts")
    op.drop_index("ix_alerts_created", table_name="alerts")
    op.drop_index("ix_alerts_state", table_name="alerts")
