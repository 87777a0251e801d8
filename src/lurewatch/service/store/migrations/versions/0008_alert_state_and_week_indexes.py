"""indexes for the review queue and the statistics: ix_alerts_state, ix_alerts_created

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30

The console's queue counts a platform's alerts per state and pages through the open ones;
the statistics read the alerts raised in the weeks shown. Without these indexes each went
through every alert the platform ever had, months of closed ones included:
`ix_alerts_state` (platform_id, status, outcome) counts the closed ones on its own and finds
the open ones, `ix_alerts_created` (platform_id, created_at) the weeks' alerts.
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_alerts_state", "alerts", ["platform_id", "status", "outcome"])
    op.create_index("ix_alerts_created", "alerts", ["platform_id", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_alerts_created", table_name="alerts")
    op.drop_index("ix_alerts_state", table_name="alerts")
