"""Note when a run claimed each message, so that one abandoned by a run that died is retried.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

from sspcollect.db import UTCDateTime

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sent_messages") as batch:
        batch.add_column(sa.Column("claimed_at", UTCDateTime(), nullable=True))
    op.execute("UPDATE sent_messages SET claimed_at = created_at")
    with op.batch_alter_table("sent_messages") as batch:
        batch.alter_column("claimed_at", existing_type=UTCDateTime(), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("sent_messages") as batch:
        batch.drop_column("claimed_at")
