"""a platform's own model: platforms.model_dir

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29

A platform can be scored by a model of its own (one adapted to its moderators' decisions),
set with `lurewatch admin set-model`; NULL means the deployment's `model_dir`. Its scores'
model is recorded in `store_meta` under `scoring_model:<platform id>`.
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("platforms", sa.Column("model_dir", sa.String(length=1000), nullable=True))


def downgrade() -> None:
    # A plain DROP COLUMN (SQLite 3.35+): rebuilding the table, as batch mode does, would
    # drop a table other tables' rows refer to.
    op.drop_column("platforms", "model_dir")
