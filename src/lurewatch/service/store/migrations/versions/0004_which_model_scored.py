"""which model scored: store_meta (the stored states' model) and alerts.model_version

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29

Scoring states are running sums of one model's message logits; continuing them with
another model mixes two scales. `serve` compares the model it loads with the one recorded
here, and `lurewatch db rescore` recomputes the states when they differ. Each alert keeps
the model that raised it, for reports: a re-score does not change who raised an alert.
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "store_meta",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_store_meta")),
    )
    op.add_column("alerts", sa.Column("model_version", sa.String(length=64), nullable=True))


def downgrade() -> None:
    # A plain DROP COLUMN (SQLite 3.35+), as in 0005: rebuilding the table, as batch mode
    # does, would drop a table that decisions and case notes refer to, which SQLite refuses
    # once there is one.
    op.drop_column("alerts", "model_version")
    op.drop_table("store_meta")
