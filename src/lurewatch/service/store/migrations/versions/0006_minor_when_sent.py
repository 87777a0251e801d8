"""whether the sender was known as a minor when a message arrived: messages.sender_minor

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30

Ingest counts a declared minor from their first message once the age is known (sent with
it or earlier), and a later context replaces the stored one; the age stored now says
neither when it became known nor what it was then. `lurewatch db rescore` and `admin
set-model` replay each message with this flag, so a re-score marks minors where ingest
did. Messages stored before this revision keep NULL: those are replayed with the declared
age as stored now, as before.
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("messages", sa.Column("sender_minor", sa.Boolean(), nullable=True))


def downgrade() -> None:
    # A plain DROP COLUMN (SQLite 3.35+), as in 0005: rebuilding the table, as batch mode
    # does, is not needed for a column no index or constraint names.
    op.drop_column("messages", "sender_minor")
