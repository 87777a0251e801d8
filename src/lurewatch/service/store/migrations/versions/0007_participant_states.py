"""participants' scoring states as rows: participant_states, conversations.pairs_in_rows

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30

A conversation's scoring state was one JSON value holding every participant's state, written
whole with each batch: in a room of thousands of participants each message wrote megabytes.
Once a conversation has many participants, their states are rows of `participant_states`
(written only when they change) and `conversations.state` keeps the rest, with
`pairs_in_rows` set. Conversations stored before keep their states whole until their next
batch. Going down folds the rows back into `state`.
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "participant_states",
        sa.Column("platform_id", sa.String(length=40), nullable=False),
        sa.Column("conversation_id", sa.String(length=200), nullable=False),
        sa.Column("sender_id", sa.String(length=200), nullable=False),
        sa.Column("state", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["platform_id", "conversation_id"],
            ["conversations.platform_id", "conversations.conversation_id"],
            name=op.f("fk_participant_states_platform_id_conversations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "platform_id", "conversation_id", "sender_id", name=op.f("pk_participant_states")
        ),
    )
    op.add_column(
        "conversations",
        sa.Column("pairs_in_rows", sa.Boolean(), server_default=sa.false(), nullable=False),
    )


def downgrade() -> None:
    conversations = sa.table(
        "conversations",
        sa.column("platform_id", sa.String),
        sa.column("conversation_id", sa.String),
        sa.column("state", sa.JSON),
        sa.column("pairs_in_rows", sa.Boolean),
    )
    rows = sa.table(
        "participant_states",
        sa.column("platform_id", sa.String),
        sa.column("conversation_id", sa.String),
        sa.column("sender_id", sa.String),
        sa.column("state", sa.JSON),
    )
    conn = op.get_bind()
    key = (conversations.c.platform_id, conversations.c.conversation_id)
    spilled = conn.execute(
        sa.select(*key, conversations.c.state).where(conversations.c.pairs_in_rows)
    ).all()
    for platform_id, conversation_id, state in spilled:
        pairs = conn.execute(
            sa.select(rows.c.sender_id, rows.c.state).where(
                rows.c.platform_id == platform_id, rows.c.conversation_id == conversation_id
            )
        ).all()
        conn.execute(
            conversations.update()
            .where(
                conversations.c.platform_id == platform_id,
                conversations.c.conversation_id == conversation_id,
            )
            .values(state={**state, "pairs": dict(pairs)})
        )
    op.drop_table("participant_states")
    # A plain DROP COLUMN (SQLite 3.35+), as in 0005: rebuilding the table would drop a
    # table other tables' rows refer to.
    op.drop_column("conversations", "pairs_in_rows")
